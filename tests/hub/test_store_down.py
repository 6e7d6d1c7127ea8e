"""A PostgreSQL server that goes away: the hub answers 503 (try again), loses nothing, and
carries on by itself when the server is back."""

from __future__ import annotations

import threading

import psycopg
import pytest
import requests

from kiosk.store.pg_store import MIGRATIONS, WRITE_KEY
from tests.helpers import wait_for
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


def write_lock_waiters(url: str) -> list[int]:
    """The server processes waiting for the write lock of the database at ``url``."""
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
            "WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database() "
            "AND (l.classid::bigint << 32) + l.objid::bigint = %s",
            (WRITE_KEY,),
        ).fetchall()
    return [r[0] for r in rows]


def test_a_server_restart_costs_nothing_and_a_second_hub_serves_beside(
    own_server, site_file, tmp_path
):
    """The writer's session died with the server: the hub reconnects by itself; a second
    hub process on the same database starts and serves too, and numbering goes on
    without a gap or a repeat whichever process answers."""
    url = own_server.create_database()
    hub = HubProcess(site_file, url, tmp_path / "clock.txt")
    hub.set_time("2026-11-23T09:00:00+07:00")
    hub.start()
    other = HubProcess(site_file, url, tmp_path / "clock.txt")
    try:
        clients = Clients(hub.url)
        assert clients.kiosk.issue_ticket("a").number == "A001"
        own_server.halt()
        own_server.start()
        other.start()
        assert Clients(other.url).kiosk.issue_ticket("a").number == "A002"
        assert clients.kiosk.issue_ticket("a").number == "A003"
    finally:
        other.stop()
        hub.stop()
    for process in (hub, other):
        assert "Traceback" not in process.log.read_text()
    assert "writer reconnected" in hub.log.read_text()


def test_a_write_waits_for_another_processs_write(pg_server, site_file, tmp_path):
    """While another process's write transaction holds the database's write lock, the
    hub's next write waits for it (it does not write beside it), then goes through."""
    url = pg_server.create_database()
    hub = HubProcess(site_file, url, tmp_path / "clock.txt")
    hub.set_time("2026-11-23T09:00:00+07:00")
    hub.start()
    other = psycopg.connect(url, autocommit=True)
    answers: list[str] = []
    try:
        clients = Clients(hub.url)
        assert clients.kiosk.issue_ticket("a").number == "A001"
        other.execute("BEGIN")
        other.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_KEY,))
        issuer = threading.Thread(
            target=lambda: answers.append(clients.kiosk.issue_ticket("a").number)
        )
        issuer.start()
        wait_for(lambda: write_lock_waiters(url), 10, "the hub's writer to wait", interval=0.05)
        assert answers == [] and hub.count("SELECT COUNT(*) FROM tickets") == 1
        other.execute("COMMIT")
        issuer.join(10)
        assert answers == ["A002"]
    finally:
        other.close()
        hub.stop()
        pg_server.drop_database(url)
    assert "Traceback" not in hub.log.read_text()


def test_an_older_hub_writes_nothing_beside_a_newer_schema(pg_server, site_file, tmp_path):
    """A newer hub process migrated the shared database: this one refuses every write
    (503 with the reason, logged once) rather than write by rules it does not know."""
    url = pg_server.create_database()
    hub = HubProcess(site_file, url, tmp_path / "clock.txt")
    hub.set_time("2026-11-23T09:00:00+07:00")
    hub.start()
    newer = psycopg.connect(url, autocommit=True)
    try:
        clients = Clients(hub.url)
        assert clients.kiosk.issue_ticket("a").number == "A001"
        newer.execute("INSERT INTO kiosk_schema (version) VALUES (%s)", (len(MIGRATIONS) + 1,))
        kiosk = {"Authorization": f"Bearer {token('kiosk-1')}"}
        for _ in range(2):
            r = requests.post(
                f"{hub.url}/api/v1/tickets", json={"service_id": "a"}, headers=kiosk, timeout=15
            )
            assert r.status_code == 503 and "a newer hub migrated" in r.json()["detail"], r.text
        assert newer.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == 1
        newer.execute("DELETE FROM kiosk_schema WHERE version > %s", (len(MIGRATIONS),))
        assert clients.kiosk.issue_ticket("a").number == "A002"
    finally:
        newer.close()
        hub.stop()
        pg_server.drop_database(url)
    log = hub.log.read_text()
    assert "Traceback" not in log and log.count("a newer hub migrated") == 1
