"""A PostgreSQL server that goes away: the hub answers 503 (try again), loses nothing, and
carries on by itself when the server is back."""

from __future__ import annotations

import subprocess
import sys

import psycopg
import pytest
import requests

from kiosk.store.pg_store import LOCK_KEY
from tests.helpers import free_port, wait_for
from tests.hub.conftest import Clients, new_pg_server, token
from tests.hub.hubproc import HubProcess


@pytest.fixture
def own_server():
    server = new_pg_server()  # this test stops and starts it
    yield server
    server.stop()


def test_server_down_is_503_then_the_hub_recovers(own_server, site_file, tmp_path):
    hub = HubProcess(site_file, own_server.create_database(), tmp_path / "clock.txt")
    hub.set_time("2026-11-23T09:00:00+07:00")
    hub.start()
    try:
        clients = Clients(hub.url)
        assert clients.kiosk.issue_ticket("a").number == "A001"
        kiosk = {"Authorization": f"Bearer {token('kiosk-1')}"}
        own_server.halt()
        for _ in range(2):  # the writer's connection, then a failed reconnect
            r = requests.post(
                f"{hub.url}/api/v1/tickets", json={"service_id": "a"}, headers=kiosk, timeout=15
            )
            assert r.status_code == 503, r.text
            assert r.json()["error"] == "store_unavailable"
            assert "thử lại" in r.json()["detail"]
        r = requests.get(f"{hub.url}/api/v1/services", headers=kiosk, timeout=15)
        assert r.status_code == 503 and r.json()["error"] == "store_unavailable"
        assert requests.get(f"{hub.url}/api/v1/health", timeout=5).status_code == 200
        own_server.start()
        assert clients.kiosk.issue_ticket("a").number == "A002"  # nothing lost, no gap
        services = {s.id: s for s in clients.kiosk.services()}
        assert services["a"].waiting == 2
    finally:
        hub.stop()
    assert "Traceback" not in hub.log.read_text()


def lock_holders(url: str) -> list[int]:
    """The server processes holding the hub lock of the database at ``url``."""
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
            "WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database() "
            "AND (l.classid::bigint << 32) + l.objid::bigint = %s",
            (LOCK_KEY,),
        ).fetchall()
    return [r[0] for r in rows]


def second_hub(site_file, url: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "kiosk", "hub", "--config", str(site_file), "--db", url]
    return subprocess.run(
        [*cmd, "--port", str(free_port())], capture_output=True, text=True, timeout=30
    )


def test_a_server_restart_does_not_cost_the_hub_its_lock(own_server, site_file, tmp_path):
    """The lock's session died with the server: the idle hub takes the lock back by
    itself, a second hub is refused afterwards, and numbering goes on without a gap."""
    url = own_server.create_database()
    hub = HubProcess(site_file, url, tmp_path / "clock.txt")
    hub.set_time("2026-11-23T09:00:00+07:00")
    hub.start()
    try:
        clients = Clients(hub.url)
        assert clients.kiosk.issue_ticket("a").number == "A001"
        before = lock_holders(url)
        assert len(before) == 1
        own_server.halt()
        own_server.start()
        after = wait_for(
            lambda: lock_holders(url), 15, "the hub to take its lock back", interval=0.1
        )
        assert after != before  # a new session: the old one died with the server
        done = second_hub(site_file, url)
        assert done.returncode == 2, done.stderr
        assert "running hub" in done.stderr and "Traceback" not in done.stderr
        assert clients.kiosk.issue_ticket("a").number == "A002"
    finally:
        hub.stop()
    log = hub.log.read_text()
    assert "Traceback" not in log
    assert "lock is held again" in log


def test_a_hub_whose_lock_was_taken_stops_writing(pg_server, site_file, tmp_path):
    """Another session took the lock while the hub's was away: the hub writes nothing
    beside it (503 naming the other hub, logged once), and resumes once it is free."""
    url = pg_server.create_database()
    hub = HubProcess(site_file, url, tmp_path / "clock.txt")
    hub.set_time("2026-11-23T09:00:00+07:00")
    hub.start()
    name = url.rsplit("/", 1)[1]
    other = psycopg.connect(url, autocommit=True)
    admin = psycopg.connect(pg_server.url(), autocommit=True)
    try:
        clients = Clients(hub.url)
        assert clients.kiosk.issue_ticket("a").number == "A001"
        # cut the hub off, take its lock while it cannot come back, then let it back in
        admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
        other.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        other.execute("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))
        admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')
        kiosk = {"Authorization": f"Bearer {token('kiosk-1')}"}
        for _ in range(3):
            r = requests.post(
                f"{hub.url}/api/v1/tickets", json={"service_id": "a"}, headers=kiosk, timeout=15
            )
            assert r.status_code == 503, r.text
            assert r.json()["error"] == "store_unavailable"
            assert "another hub holds the database" in r.json()["detail"]
        assert lock_holders(url) == [other.info.backend_pid]
        assert hub.count("SELECT COUNT(*) FROM tickets") == 1  # nothing written beside it
        other.execute("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))
        wait_for(lambda: lock_holders(url), 15, "the hub to take the freed lock", interval=0.1)
        assert clients.kiosk.issue_ticket("a").number == "A002"
    finally:
        other.close()
        admin.close()
        hub.stop()
        pg_server.drop_database(url)
    log = hub.log.read_text()
    assert "Traceback" not in log
    assert log.count("another hub holds the database") == 1
