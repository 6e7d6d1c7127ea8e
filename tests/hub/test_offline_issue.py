"""Issue 17's kiosk test: the hub down for 60 s while three kiosks issue 50 tickets each.

The hub is a real process, killed with ``kill -9`` and started again on the same store;
each kiosk is a real process (tests/hub/kioskproc.py: the device logic with a simulated
printer whose paper is a file). One kiosk is killed with ``kill -9`` mid-outage and
started again on the same journal and paper. Afterwards every number on any paper is in
the hub exactly once, from the kiosk that printed it; no number of a service is given
twice that day, online or offline; a ticket the hub has that no paper shows is one the
kiosk died printing, and carries the print-failed mark. ``KIOSK_OFFLINE_OUTAGE_S`` (60)
sets the outage.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from kiosk.device.hub_client import HubClient
from kiosk.device.ticket_journal import TicketJournal
from tests.helpers import wait_for
from tests.hub.conftest import site_toml, token
from tests.hub.hubproc import HubProcess
from tests.hub.kioskproc import printed_numbers

ROOT = Path(__file__).resolve().parents[2]
OUTAGE_S = float(os.environ.get("KIOSK_OFFLINE_OUTAGE_S", "60"))
TICKETS = 50
KIOSKS = ("kiosk-1", "kiosk-2", "kiosk-3")
LEASE = 30  # per service: 50 tickets over two services fit in one lease each


def offline_site() -> str:
    text = site_toml().replace(
        '[[devices]]\nid = "kiosk-1"\nrole = "kiosk"\n',
        '[[devices]]\nid = "kiosk-1"\nrole = "kiosk"\nlease_size = 30\n',
    )
    for device_id in KIOSKS[1:]:
        text += (
            f'\n[[devices]]\nid = "{device_id}"\nrole = "kiosk"\ntoken = "{token(device_id)}"\n'
            f"lease_size = {LEASE}\n"
        )
    return text


def printing(folder: Path) -> bool:
    """Whether the kiosk's journal holds a ticket whose printer has not answered yet."""
    conn = sqlite3.connect(f"file:{folder / 'journal.sqlite3'}?mode=ro", uri=True, timeout=1)
    try:
        return conn.execute("SELECT 1 FROM tickets WHERE state = 'printing'").fetchone() is not None
    except sqlite3.OperationalError:  # busy
        return False
    finally:
        conn.close()


class Kiosk:
    """One kiosk process; its stdout lines are collected as they come."""

    def __init__(self, device_id: str, config: Path, hub_url: str, folder: Path, go: Path) -> None:
        self.device_id, self.config, self.hub_url, self.folder = device_id, config, hub_url, folder
        self.go = go
        self.lines: list[str] = []
        self.proc: subprocess.Popen[str] | None = None

    def start(self, interval: float) -> None:
        args = [sys.executable, "-m", "tests.hub.kioskproc", "--config", str(self.config),
                "--hub", self.hub_url, "--device", self.device_id, "--dir", str(self.folder),
                "--count", str(TICKETS), "--interval", str(interval),
                "--go", str(self.go)]  # fmt: skip
        env = os.environ | {"PYTHONPATH": str(ROOT), "KIVY_NO_ARGS": "1"}
        self.proc = proc = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        started = len(self.lines)

        def read() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                self.lines.append(line.strip())

        threading.Thread(target=read, daemon=True).start()
        wait_for(lambda: "ready" in self.lines[started:], timeout=20)

    def tickets(self) -> int:
        return sum(line.startswith("ticket ") for line in self.lines)

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()


# SQLite only: what is under test is the kiosk's journal and the leases, not the backend
# (the lease and upload SQL is the shared dialect, run on both stores in tests/hub/test_leases.py)
@pytest.mark.sqlite_only
def test_three_kiosks_issue_through_a_hub_outage_and_a_kiosk_kill(tmp_path: Path, store: str):
    config = tmp_path / "site.toml"
    config.write_text(offline_site(), encoding="utf-8")
    hub = HubProcess(config, store, tmp_path / "clock.txt")
    hub.set_time("2026-11-23T09:00:00+07:00")
    hub.start()
    go = tmp_path / "go"
    kiosks = [Kiosk(d, config, hub.url, tmp_path / d, go) for d in KIOSKS]
    interval = min(0.8, OUTAGE_S * 0.6 / TICKETS)  # all 50 well inside the outage
    try:
        for kiosk in kiosks:
            kiosk.start(interval)  # each leases its numbers, then waits for the go
        assert hub.count("SELECT COUNT(DISTINCT device_id) FROM ticket_leases") == len(KIOSKS)
        hub.kill9()
        began = time.monotonic()
        go.touch()
        victim = kiosks[1]
        wait_for(lambda: victim.tickets() >= 15, timeout=OUTAGE_S)
        wait_for(lambda: printing(victim.folder), timeout=10)
        victim.kill9()  # mid-outage, while its printer prints (the number is journalled)
        victim.start(interval)
        for kiosk in kiosks:
            wait_for(lambda k=kiosk: len(printed_numbers(k.folder / "paper.bin")) >= TICKETS,
                     timeout=OUTAGE_S + 30,
                     message=f"{kiosk.device_id}: {kiosk.lines[-3:]}")  # fmt: skip
        assert not any("online" in line for k in kiosks for line in k.lines)
        wait_for(lambda: time.monotonic() - began >= OUTAGE_S, timeout=OUTAGE_S + 5)
        hub.start()
        for kiosk in kiosks:
            assert kiosk.proc is not None
            assert kiosk.proc.wait(timeout=30) == 0, kiosk.lines[-5:]
            assert "uploaded" in kiosk.lines
        # the hub back: its own numbers come after every leased one
        online = HubClient(hub.url, token("kiosk-1"))
        after = [online.issue_ticket(s).number for s in ("a", "b")]
    finally:
        for kiosk in kiosks:
            if kiosk.proc is not None and kiosk.proc.poll() is None:
                kiosk.kill9()
        hub.stop()

    rows = [
        tuple(r)
        for r in hub.query("SELECT number, origin_service_id, issued_by, print_failed FROM tickets")
    ]
    in_hub = Counter((r[0], r[2]) for r in rows)
    assert all(n == 1 for n in in_hub.values())
    numbers = Counter(r[0] for r in rows)  # the prefix names the service
    assert [n for n, times in numbers.items() if times > 1] == []
    printed: dict[str, list[str]] = {}
    for kiosk in kiosks:
        printed[kiosk.device_id] = printed_numbers(kiosk.folder / "paper.bin")
        assert len(printed[kiosk.device_id]) == TICKETS
        for number in printed[kiosk.device_id]:
            assert in_hub[(number, kiosk.device_id)] == 1, (kiosk.device_id, number)
        journal = TicketJournal(kiosk.folder / "journal.sqlite3")
        assert journal.pending() == 0
        journal.close()
    everywhere = [n for paper in printed.values() for n in paper]
    assert len(everywhere) == len(set(everywhere)) == len(KIOSKS) * TICKETS
    # a ticket in the hub that no paper shows: its kiosk died printing it, and it says so
    unseen = [r for r in rows if r[0] not in after and r[0] not in printed[r[2]]]
    assert all(r[3] for r in unseen), unseen
    assert [r[2] for r in rows if r[3]] == [victim.device_id]  # the one it died printing
    assert len(rows) == len(everywhere) + len(unseen) + len(after)
    assert all(numbers[n] == 1 for n in after)
