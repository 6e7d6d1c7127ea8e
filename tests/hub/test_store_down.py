"""A PostgreSQL server that goes away: the hub answers 503 (try again), loses nothing, and
carries on by itself when the server is back."""

from __future__ import annotations

import pytest
import requests

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
