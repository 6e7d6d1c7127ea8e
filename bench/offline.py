"""Offline issue on the kiosk: how long a citizen waits for a number while the hub is down.

Against a real ``kiosk hub`` process on loopback (SQLite), one kiosk's device logic
(:class:`~kiosk.device.ticketing.TicketDesk` with its journal and sync thread, a
simulated printer that answers at once: the serial line's time is bench/devices.py's).
Measures the take of a ticket online, the first take after the hub died (the refused
connection noticed), then takes from the lease (journal write with fsync, slip, print),
and the upload of the journal once the hub is back. Writes bench/results/offline.json.
Run: ``.venv/bin/python bench/offline.py [--tickets 200]``.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.config import load_site  # noqa: E402
from kiosk.device.hub_client import HubClient  # noqa: E402
from kiosk.device.ticket_journal import TicketJournal  # noqa: E402
from kiosk.device.ticket_sync import TicketSync  # noqa: E402
from kiosk.device.ticketing import TicketDesk  # noqa: E402
from kiosk.devices.printer_sim import SimPrinter  # noqa: E402
from tests.hub.conftest import site_toml, token  # noqa: E402
from tests.hub.hubproc import HubProcess  # noqa: E402


def stats_ms(seconds: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in seconds)
    return {
        "n": len(ms),
        "p50_ms": round(statistics.median(ms), 2),
        "p95_ms": round(ms[min(len(ms) - 1, int(len(ms) * 0.95))], 2),
        "max_ms": round(ms[-1], 2),
    }


def timed(desk: TicketDesk, services: tuple[str, ...], n: int) -> list[float]:
    times = []
    for i in range(n):
        t = time.perf_counter()
        outcome = desk.take(services[i % len(services)])
        times.append(time.perf_counter() - t)
        assert outcome.printed
    return times


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tickets", type=int, default=200, help="offline tickets (two services)")
    args = ap.parse_args()
    lease = min(200, args.tickets // 2 + 1)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        config = tmp / "site.toml"
        config.write_text(
            site_toml().replace('id = "kiosk-1"\nrole = "kiosk"\n',
                                f'id = "kiosk-1"\nrole = "kiosk"\nlease_size = {lease}\n'),
            encoding="utf-8",
        )  # fmt: skip
        site = load_site(config)
        hub = HubProcess(config, tmp / "hub.sqlite3", tmp / "clock.txt").start()
        client = HubClient(hub.url, token("kiosk-1"))
        journal = TicketJournal(tmp / "journal.sqlite3")
        sync = TicketSync(journal, client, site, lease, idle_s=60, retry_s=0.5).start()
        printer = SimPrinter(width_dots=576)
        desk = TicketDesk(client, site, printer, sync=sync)
        try:
            sync.wait_round(10)
            online = timed(desk, ("a", "b"), 50)
            hub.kill9()
            t = time.perf_counter()
            first = desk.take("a")
            noticed = time.perf_counter() - t
            assert first.offline
            offline = timed(desk, ("a", "b"), args.tickets - 1)
            pending = journal.pending()
            hub.start()
            t = time.perf_counter()
            sync.wake()
            while journal.pending():
                sync.wait_round(10)
            upload = time.perf_counter() - t
        finally:
            sync.stop()
            journal.close()
            printer.close()
            hub.stop()
    result = {
        "machine": platform.platform(),
        "python": platform.python_version(),
        "online_take": stats_ms(online),
        "first_take_after_hub_died_ms": round(noticed * 1000, 2),
        "offline_take": stats_ms(offline),
        "upload": {
            "tickets": pending,
            "seconds": round(upload, 3),
            "per_s": round(pending / upload, 1),
        },
        "note": "sim printer without line delay; a 9600-baud ticket adds ~1.3 s either way",
    }
    out = ROOT / "bench" / "results" / "offline.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
