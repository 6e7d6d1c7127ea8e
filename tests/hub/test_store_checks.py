"""The hub refuses, with exit code 2 and one clear line, a store it must not open."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from kiosk.queue.sqlite_store import MIGRATIONS, connect, migrate
from kiosk.queue.storefile import StoreLock
from tests.hub.hubproc import free_port

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
        deadline = time.monotonic() + 20
        while True:
            try:
                if requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=0.5).ok:
                    break
            except requests.RequestException:
                assert proc.poll() is None and time.monotonic() < deadline, "hub did not start"
                time.sleep(0.05)
        assert db.is_file() and StoreLock(db).path.exists()
    finally:
        proc.terminate()
        proc.wait(10)
