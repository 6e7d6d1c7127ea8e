"""A ticket kiosk's device logic as a real process, for tests that kill it with ``kill -9``.

``python -m tests.hub.kioskproc --config SITE --hub URL --device ID --dir DIR --count N``
runs :class:`~kiosk.device.ticketing.TicketDesk` with its journal and sync thread (no Kivy)
and a simulated printer whose paper is a file: every job the printer writes is appended
to ``DIR/paper.bin`` (a 4-byte length, then the job's ESC/POS bytes) and flushed to disk
before the printer answers, so the file holds what came out, whatever happens after.
Once the ``--go`` file exists it takes tickets (services in turn, one every
``--interval`` s) until the paper holds N, counting those printed before a restart, then
waits for its journal to be uploaded and exits. It says what it does on stdout:
``ready``, ``ticket A001 offline``, ``refused CODE``, ``uploaded``.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
import time
from pathlib import Path

from kiosk.config import load_site
from kiosk.device.hub_client import HubClient
from kiosk.device.ticket_journal import TicketJournal
from kiosk.device.ticket_sync import TicketSync
from kiosk.device.ticketing import TicketDesk, TicketRefused
from kiosk.devices.escpos_render import render
from kiosk.devices.printer_sim import SimPrinter


class PaperPrinter(SimPrinter):
    """The simulated printer, its paper kept in a file (one framed record per job)."""

    def __init__(self, paper: Path, **options) -> None:
        super().__init__(**options)
        self.paper = paper

    def _write(self, data: bytes) -> None:
        super()._write(data)
        with self.paper.open("ab") as f:
            f.write(struct.pack(">I", len(data)) + data)
            f.flush()
            os.fsync(f.fileno())


def paper_jobs(paper: Path) -> list[bytes]:
    """The jobs on a paper file, in order (a record cut short by a kill is left out)."""
    data = paper.read_bytes() if paper.exists() else b""
    jobs, at = [], 0
    while at + 4 <= len(data):
        (size,) = struct.unpack(">I", data[at : at + 4])
        if at + 4 + size > len(data):
            break
        jobs.append(data[at + 4 : at + 4 + size])
        at += 4 + size
    return jobs


def printed_numbers(paper: Path, width_dots: int = 576) -> list[str]:
    """The ticket numbers on the paper (the big text of each job), as printed."""
    numbers = []
    for job in paper_jobs(paper):
        big = [e[1].strip() for e in render(job, width_dots).events if e[0] == "text" and e[2] >= 4]
        numbers.extend(big)
    return numbers


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--hub", required=True)
    ap.add_argument("--device", required=True)
    ap.add_argument("--dir", required=True, type=Path)
    ap.add_argument("--count", type=int, default=50)
    ap.add_argument("--interval", type=float, default=0.5)
    ap.add_argument("--services", default="a,b")
    ap.add_argument("--write-delay-ms", type=int, default=50)
    ap.add_argument("--go", type=Path, help="wait for this file before taking tickets")
    args = ap.parse_args(argv)
    site = load_site(Path(args.config))
    device = site.device(args.device)
    assert device is not None, args.device
    args.dir.mkdir(parents=True, exist_ok=True)
    hub = HubClient(args.hub, device.token, timeout=(1.0, 3.0))
    journal = TicketJournal(args.dir / "journal.sqlite3")
    sync = TicketSync(journal, hub, site, device.lease_size, idle_s=1.0, retry_s=0.3).start()
    paper = args.dir / "paper.bin"
    printer = PaperPrinter(paper, write_delay_ms=args.write_delay_ms)
    desk = TicketDesk(hub, site, printer, sync=sync, retry_s=(0.2,))
    sync.wait_round(10)
    print("ready", flush=True)
    while args.go is not None and not args.go.exists():
        time.sleep(0.05)
    services = args.services.split(",")
    turn = len(paper_jobs(paper))
    while len(paper_jobs(paper)) < args.count:
        try:
            outcome = desk.take(services[turn % len(services)])
            print(f"ticket {outcome.ticket.number} {'offline' if outcome.offline else 'online'}",
                  flush=True)  # fmt: skip
        except TicketRefused as e:
            print(f"refused {e.code}", flush=True)
        turn += 1
        time.sleep(args.interval)
    while journal.pending():
        sync.wait_round(5)
    print("uploaded", flush=True)
    sync.stop()
    journal.close()
    printer.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
