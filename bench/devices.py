"""Device figures; writes bench/results/devices.json.

Run: .venv/bin/python bench/devices.py [--rounds 20]
Printer targets: a ticket <= 2048 bytes and <= 2 s on a 9600-baud serial line
(8N1: 10 bits a byte) in the default mode, on 58 mm (384 dots) and 80 mm (576 dots).
Line times are computed from the byte count; build and render times are measured
(median, warm font caches). Each section is a function returning a dict; add a
device by adding one to SECTIONS.
"""

from __future__ import annotations

import argparse
import json
import platform
import queue
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from kiosk.devices.announcer import SimAnnouncer
from kiosk.devices.escpos_render import render
from kiosk.devices.escpos_text import MODES
from kiosk.devices.escpos_ticket import checklist_bytes, ticket_bytes
from kiosk.devices.led_board import StxLedProtocol
from kiosk.devices.printer_sim import SimPrinter
from kiosk.devices.rating_pad import SimRatingPad
from kiosk.devices.scanner import SimScanner
from kiosk.devices.slips import sample_checklist, sample_ticket
from kiosk.devices.voice_pack import ALL_CLIPS, VoicePack, announcement_clips

BAUDS = (9600, 19200, 115200)
WIDTHS = {"58mm": 384, "80mm": 576}


def _ms(rounds: int, fn: Callable[..., object], *args: object, **kw: object) -> float:
    """Median wall time of ``fn(*args, **kw)`` in milliseconds."""
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn(*args, **kw)
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 2)


def _job(data: bytes) -> dict:
    return {
        "bytes": len(data),
        "seconds_at": {str(b): round(len(data) * 10 / b, 3) for b in BAUDS},
    }


def printer_section(rounds: int) -> dict:
    """Ticket and checklist sizes, line times and build/render times per paper width and mode."""
    slips = {
        "ticket": sample_ticket(),
        "ticket_priority": sample_ticket("Người cao tuổi"),
    }
    out: dict = {"default_mode": MODES[0], "budget": {"bytes": 2048, "seconds_at_9600": 2.0}}
    for paper, width in WIDTHS.items():
        for mode in MODES:
            row: dict = {}
            for name, slip in slips.items():
                data = ticket_bytes(slip, width, vietnamese=mode)
                row[name] = _job(data) | {
                    "build_ms": _ms(rounds, ticket_bytes, slip, width, vietnamese=mode),
                    "render_ms": _ms(rounds, render, data, width),
                }
            data = checklist_bytes(sample_checklist(), width, vietnamese=mode)
            row["checklist"] = _job(data) | {"render_ms": _ms(rounds, render, data, width)}
            out[f"{paper}/{mode}"] = row
    sim = SimPrinter("bench", 576)
    sim.print_ticket(sample_ticket()).result(10)  # warm the worker thread
    out["queue_round_trip_ms"] = _ms(rounds, lambda: sim.print_ticket(sample_ticket()).result(10))
    sim.close()
    return out


def serial_section(rounds: int) -> dict:
    """Scanner and rating pad: frame in -> callback latency over loop://; LED frame sizes."""
    got: queue.Queue[object] = queue.Queue()
    scanner = SimScanner()
    scanner.start(got.put)
    code = "H15.50.05.13-261008-0975"
    scan_ms = _ms(rounds, lambda: (scanner.scan(code), got.get(timeout=2)))
    t = time.perf_counter()
    for _ in range(500):
        scanner.scan(code)
    for _ in range(500):
        got.get(timeout=5)
    codes_per_s = round(500 / (time.perf_counter() - t))
    scanner.stop()
    pad = SimRatingPad(buttons=5, debounce_s=0.02)
    pad.start(got.put)

    times = []
    for _ in range(rounds):
        time.sleep(0.025)  # outside the debounce window
        t = time.perf_counter()
        pad.press(3)
        got.get(timeout=2)
        times.append((time.perf_counter() - t) * 1000)
    press_ms = round(statistics.median(times), 2)
    pad.stop()
    led = StxLedProtocol()
    call = led.blink(1, "A015", 5)
    return {
        "scanner_code_to_callback_ms": scan_ms,
        "scanner_codes_per_s": codes_per_s,
        "rating_press_to_callback_ms": press_ms,
        "led_call_frame": {"bytes": len(call), "ms_at_9600": round(len(call) * 10 / 9.6, 2)},
    }


def announcer_section(rounds: int) -> dict:
    """Voice pack size, announcement lengths and the cost of mixing one."""
    pack = VoicePack()
    vi = announcement_clips("A015", 3)
    both = announcement_clips("A015", 3, english=True)
    sim = SimAnnouncer(pack, realtime=False)

    def announce() -> None:
        sim.announce("A015", 3)
        sim.wait_idle(5)

    out = {
        "pack": {
            "clips": len(ALL_CLIPS),
            "bytes": sum(pack.path(c).stat().st_size for c in ALL_CLIPS),
        },
        "A015_counter_3": {
            "vi": {"clips": len(vi), "seconds": round(pack.duration(vi), 2)},
            "vi_en": {"clips": len(both), "seconds": round(pack.duration(both), 2)},
        },
        "mix_ms": _ms(rounds, pack.mix, both),
        "sim_queue_round_trip_ms": _ms(rounds, announce),
    }
    sim.close()
    return out


SECTIONS: dict[str, Callable[[int], dict]] = {
    "printer": printer_section,
    "serial": serial_section,
    "announcer": announcer_section,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--out", default=str(Path(__file__).parent / "results" / "devices.json"))
    args = parser.parse_args()
    result = {
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        **{name: section(args.rounds) for name, section in SECTIONS.items()},
    }
    Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
