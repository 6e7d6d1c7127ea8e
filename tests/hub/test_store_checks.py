"""The hub refuses, with exit code 2 and one clear line, a store it must not open."""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from kiosk.device.hub_client import HubClient
from kiosk.store.sqlite_store import MIGRATIONS, connect, migrate
from kiosk.store.storefile import StoreLock
from tests.helpers import free_port, wait_for
from tests.hub.conftest import token
from tests.hub.hubproc import HubProcess, answers

pytestmark = pytest.mark.sqlite_only  # the SQLite file itself


def run_hub(site_file: Path, db: Path) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "kiosk", "hub", "--config", str(site_file), "--db", str(db)]
    return subprocess.run(
        [*cmd, "--port", str(free_port())], capture_output=True, text=True, timeout=30
    )


def real_store(path: Path, tickets: int = 2000) -> Path:
    conn = connect(path)
    migrate(conn)
    conn.executemany(
        "INSERT INTO events (ts, type, data) VALUES (?, 'ticket.issued', ?)",
        [(i, '{"padding": "' + "x" * 200 + '"}') for i in range(tickets)],
    )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def test_refuses_a_newer_schema(site_file, tmp_path):
    db = real_store(tmp_path / "hub.sqlite3", tickets=10)
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    done = run_hub(site_file, db)
    assert done.returncode == 2
    assert f"schema {len(MIGRATIONS) + 5}" in done.stderr and "upgrade kiosk" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


@pytest.mark.parametrize("where", ["header", "pages"])
def test_refuses_a_corrupt_file(site_file, tmp_path, where):
    db = real_store(tmp_path / "hub.sqlite3")
    data = bytearray(db.read_bytes())
    assert len(data) > 100_000
    if where == "header":
        data[:100] = b"\xde\xad\xbe\xef" * 25  # not even recognisable as SQLite
    else:
        for offset in range(3 * 4096, len(data) - 4096, 16 * 4096):
            data[offset : offset + 64] = b"\xff" * 64  # garbage inside b-tree pages
    db.write_bytes(bytes(data))
    done = run_hub(site_file, db)
    assert done.returncode == 2, done.stderr
    assert "corrupt" in done.stderr and "kiosk restore" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_refuses_a_store_another_hub_holds(hub, site_file):
    done = run_hub(site_file, hub.db)
    assert done.returncode == 2
    assert "running hub" in done.stderr and "Traceback" not in done.stderr


def test_the_store_can_come_from_the_environment(site_file, tmp_path):
    """systemd's unit names the store in KIOSK_DATABASE (hub.env may point it elsewhere)."""
    db = tmp_path / "from-env.sqlite3"
    port = free_port()
    env = {**os.environ, "KIOSK_DATABASE": str(db)}
    cmd = [sys.executable, "-m", "kiosk", "hub", "--config", str(site_file), "--port", str(port)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for(lambda: proc.poll() is not None or answers(url), 20, "the hub to start")
        assert proc.poll() is None, "hub did not start: it exited"
        assert db.is_file() and StoreLock(db).path.exists()
    finally:
        proc.terminate()
        proc.wait(10)


def test_refuses_an_empty_file(site_file, tmp_path):
    """A zero-length file is not a new store: its history would be lost without a word."""
    db = tmp_path / "hub.sqlite3"
    db.touch()
    done = run_hub(site_file, db)
    assert done.returncode == 2, done.stderr
    assert "empty file is not a store" in done.stderr and f"rm {db}" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert db.stat().st_size == 0


@pytest.fixture
def immutable(tmp_path):
    """Make a file unwritable even for root (``chattr +i``); undone afterwards."""
    made: list[Path] = []

    def make(path: Path) -> Path:
        path.touch()
        if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(path)]).returncode:
            pytest.skip("chattr +i is not available here")
        made.append(path)
        return path

    yield make
    for path in made:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_refuses_an_unwritable_lock_file(site_file, tmp_path, immutable):
    """A lock file the hub cannot open (root's, left by `sudo kiosk restore`): one line
    naming it and the fix, exit 2 so that systemd does not restart it in a loop."""
    db = real_store(tmp_path / "hub.sqlite3", tickets=10)
    lock = immutable(StoreLock(db).path)
    done = run_hub(site_file, db)
    assert done.returncode == 2, done.stderr
    line = done.stderr.strip()
    assert len(line.splitlines()) == 1 and "Traceback" not in line
    assert str(lock) in line and "cannot write" in line and "sudo chown" in line


def read_only_hub(site_file: Path, db: Path) -> subprocess.CompletedProcess:
    """``kiosk hub`` in a mount namespace of its own where the store's folder is read-only."""
    folder = shlex.quote(str(db.parent))
    cmd = shlex.join(
        [sys.executable, "-m", "kiosk", "hub", "--config", str(site_file), "--db", str(db)]
    )
    script = (
        f"mount --bind {folder} {folder} && mount -o remount,ro,bind {folder} "
        f"&& exec {cmd} --port {free_port()}"
    )
    if not shutil.which("unshare"):
        pytest.skip("unshare is not available here")
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode:
        pytest.skip(f"no mount namespace here: {probe.stderr.decode().strip()}")
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=30
    )


def test_a_read_only_disk_is_not_called_corrupt(site_file, tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    db = real_store(folder / "hub.sqlite3", tickets=10)
    done = read_only_hub(site_file, db)
    assert done.returncode == 2, done.stderr
    line = done.stderr.strip()
    assert len(line.splitlines()) == 1 and "Traceback" not in line
    assert "the disk is read-only (not corrupt)" in line and "kiosk restore" not in line


def test_a_file_corrupted_under_a_running_hub(site_file, tmp_path):
    """Garbage written into the store while the hub runs: every request is a 503 naming
    the corruption (no 500, no traceback, logged once), and the next start refuses it."""
    db = tmp_path / "hub.sqlite3"
    hub = HubProcess(site_file, db, tmp_path / "clock.txt")
    hub.set_time("2026-11-23T09:00:00+07:00")
    hub.start()
    try:
        kiosk = HubClient(hub.url, token("kiosk-1"))
        for _ in range(200):
            kiosk.issue_ticket("a")
        with sqlite3.connect(db) as conn:  # the WAL into the file, then garbage over it
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with db.open("r+b") as f:
            for offset in range(2 * 4096, db.stat().st_size, 4096):
                f.seek(offset)
                f.write(b"\xff" * 64)
        headers = {"Authorization": f"Bearer {token('kiosk-1')}"}
        for _ in range(3):
            for method, path, body in (
                ("POST", "/api/v1/tickets", {"service_id": "a"}),
                ("GET", "/api/v1/services", None),
            ):
                r = requests.request(method, hub.url + path, json=body, headers=headers, timeout=10)
                assert r.status_code == 503, r.text
                assert r.json()["error"] == "store_unavailable"
                assert "corrupt" in r.json()["detail"] and "kiosk restore" in r.json()["detail"]
    finally:
        hub.stop()
    log = hub.log.read_text()
    assert "Traceback" not in log and log.count("the hub's database is corrupt") == 1
    done = run_hub(site_file, db)
    assert done.returncode == 2 and "corrupt" in done.stderr
