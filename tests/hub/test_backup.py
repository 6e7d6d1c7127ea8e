"""`kiosk backup` while tickets keep coming, and `kiosk restore` with its refusals."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading

import pytest

from kiosk.device.hub_client import HubClient
from kiosk.store.sqlite_store import MIGRATIONS
from tests.helpers import wait_for
from tests.hub.conftest import token

pytestmark = pytest.mark.sqlite_only  # the SQLite file itself


def kiosk_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=60
    )


class Issuer(threading.Thread):
    """Takes numbers for services a and b in turn until stopped; remembers what was answered."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.client = HubClient(url, token("kiosk-1"))
        self.answered: list[int] = []
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.is_set() and len(self.answered) < 1900:
            service = "ab"[len(self.answered) % 2]
            self.answered.append(self.client.issue_ticket(service).id)

    def wait_for(self, n: int) -> None:
        wait_for(lambda: len(self.answered) >= n, 20, f"{n} tickets answered")


def test_backup_while_tickets_are_issued(hub, site_file, tmp_path):
    issuer = Issuer(hub.url)
    issuer.start()
    try:
        issuer.wait_for(150)
        answered_before = len(issuer.answered)
        done = kiosk_cli("backup", str(tmp_path), "--config", str(site_file), "--db", str(hub.db))
        answered_after = len(issuer.answered)
        issuer.wait_for(answered_after + 20)
    finally:
        issuer.halt.set()
        issuer.join(10)
    assert done.returncode == 0, done.stderr
    assert answered_after > answered_before  # tickets kept coming during the backup
    (copy,) = tmp_path.glob("hub-*.sqlite3")
    assert str(copy) in done.stdout
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    ids = [r[0] for r in conn.execute("SELECT id FROM tickets ORDER BY id")]
    # a consistent prefix: every ticket answered before the backup began, no gap, nothing
    # that was never answered, and each ticket's event committed with it
    assert len(ids) >= answered_before
    assert ids == list(range(1, len(ids) + 1))
    assert set(ids) <= set(issuer.answered)
    assert len(ids) < len(issuer.answered)
    events = [r[0] for r in conn.execute("SELECT data ->> 'ticket_id' FROM events ORDER BY id")]
    assert events == ids
    for service in "ab":
        seqs = [r[0] for r in conn.execute(
            "SELECT seq FROM tickets WHERE service_id = ? ORDER BY seq", (service,)
        )]  # fmt: skip
        assert seqs == list(range(1, len(seqs) + 1))
    conn.close()


def test_restore_refuses_then_restores(hub, clients, site_file, tmp_path):
    for _ in range(5):
        clients.kiosk.issue_ticket("a")
    where = ["--config", str(site_file), "--db", str(hub.db)]
    backup = tmp_path / "saved.sqlite3"
    assert kiosk_cli("backup", str(backup), *where).returncode == 0
    for _ in range(3):
        clients.kiosk.issue_ticket("a")  # A006..A008 come after the backup

    busy = kiosk_cli("restore", str(backup), *where)
    assert busy.returncode == 2 and "running hub" in busy.stderr
    assert "Traceback" not in busy.stderr

    newer = tmp_path / "newer.sqlite3"
    newer.write_bytes(backup.read_bytes())
    with sqlite3.connect(newer) as conn:
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database, just bytes " * 200)
    hub.stop()
    for bad, why in ((newer, "newer"), (garbage, "not an SQLite database")):
        refused = kiosk_cli("restore", str(bad), *where)
        assert refused.returncode == 2 and why in refused.stderr, refused.stderr
    assert not list(tmp_path.glob("hub.sqlite3.replaced-*"))

    restored = kiosk_cli("restore", str(backup), *where)
    assert restored.returncode == 0, restored.stderr
    (aside,) = tmp_path.glob("hub.sqlite3.replaced-*")
    with sqlite3.connect(f"file:{aside}?mode=ro", uri=True) as conn:
        assert conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == 8
    hub.start()
    assert clients.kiosk.issue_ticket("a").number == "A006"  # numbering resumes from the backup
