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
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from kiosk.devices.escpos_render import render
from kiosk.devices.escpos_text import MODES
from kiosk.devices.escpos_ticket import checklist_bytes, ticket_bytes
from kiosk.devices.printer_sim import SimPrinter
from kiosk.devices.slips import sample_checklist, sample_ticket

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


SECTIONS: dict[str, Callable[[int], dict]] = {"printer": printer_section}


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
