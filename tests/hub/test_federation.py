"""An office hub (SQLite) forwards to a provincial hub (a real PostgreSQL server) through a
proxy the test cuts: afterwards the province holds exactly the office's records, and its
report and roll-up of the office equal the office's own.

The office issues and serves 500 tickets over its HTTP API (calls, finishes, skips,
transfers, ratings, device alerts) while its clock moves 10 s a ticket. The link is cut
from ticket 150 to 350, the office hub is restarted in the middle of the cut (its cursor
is in its store), and when the link is back the province's first two answers are lost
on the way (it applied the batches; the office sends them again).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from kiosk.queue import federation_out
from kiosk.store.db import open_reader
from tests.helpers import wait_for
from tests.hub.federation_lobby import OFFICE, OFFICE_LINK, VIEWER, Lobby, office_token, write_sites
from tests.hub.hubproc import HubProcess
from tests.pgserver import PgServer
from tests.unit.device.netproxy import CuttableProxy

DAY = "2026-11-23"
START = dt.datetime.fromisoformat(f"{DAY}T07:30:00+07:00")
TICKETS = 500
TICKET_COLUMNS = (
    "day, origin_service_id, service_id, seq, number, priority, priority_reason, status, front,"
    " lane_at, issued_at, issued_by, called_at, counter_id, recalls, finished_at, skipped_at,"
    " transferred_at, transfers, officer_id, print_failed, booked, postponed"
)
RATING_COLUMNS = (
    "client_id, dossier_code, counter_id, service_id, level, scale, reasons, device_id,"
    " created_at, day, officer_id"
)
ALERT_COLUMNS = "device_id, kind, status, message, created_at"


class Link:
    """The two hubs, their clock, and the proxy between the office and the province."""

    def __init__(self, folder: Path, province_db: str) -> None:
        self.clock = folder / "clock.txt"
        self.province = HubProcess(folder / "province.toml", province_db, self.clock)
        self.proxy = CuttableProxy(self.province.port)
        office_file, _ = write_sites(folder, self.proxy.url)
        self.office = HubProcess(office_file, folder / "office.sqlite3", self.clock)

    def set_step(self, step: int) -> None:
        self.office.set_time((START + dt.timedelta(seconds=10 * step)).isoformat())

    def province_get(self, path: str, **params: Any) -> Any:
        headers = {"Authorization": f"Bearer {VIEWER}"}
        r = requests.get(self.province.url + path, headers=headers, params=params, timeout=10)
        r.raise_for_status()
        return r.json() if "json" in r.headers["content-type"] else r.text

    def province_last(self) -> int:
        rows = self.province.query(
            "SELECT last_event_id FROM federation_sites WHERE site_id = ?", (OFFICE,)
        )
        return rows[0][0] if rows else 0

    def office_last(self) -> int:
        return self.office.count(
            "SELECT COALESCE(MAX(id), 0) FROM events WHERE site_id = ?", (OFFICE,)
        )

    def office_rollup_row(self) -> dict[str, Any]:
        rolled = self.lobby_admin().get_json("/reports/rollup", **{"from": DAY, "to": DAY})
        return rolled["sites"][0]

    def lobby_admin(self) -> Any:
        from kiosk.device.hub_client import HubClient

        return HubClient(self.office.url, office_token("admin"))


@pytest.fixture
def link(tmp_path: Path, pg_server: PgServer) -> Iterator[Link]:
    db = pg_server.create_database("province")
    link = Link(tmp_path, db)
    link.set_step(0)
    link.province.start()
    link.office.start()
    yield link
    link.office.stop()
    link.province.stop()
    link.proxy.close()
    pg_server.drop_database(db)


def rows(hub: HubProcess, sql: str) -> list[tuple]:
    return [tuple(r) for r in hub.query(sql, (OFFICE,))]


def office_records(hub: HubProcess) -> dict[str, list[tuple]]:
    return {
        "tickets": rows(
            hub, f"SELECT id, {TICKET_COLUMNS} FROM tickets WHERE site_id = ? ORDER BY id"
        ),
        "ratings": rows(
            hub,
            f"SELECT id, ticket_id, {RATING_COLUMNS} FROM ratings WHERE site_id = ? ORDER BY id",
        ),
        "alerts": rows(
            hub, f"SELECT id, {ALERT_COLUMNS} FROM device_alerts WHERE site_id = ? ORDER BY id"
        ),
        "faults": rows(
            hub,
            "SELECT device_id, kind, status, since, alert_id FROM device_faults WHERE site_id = ?"
            " ORDER BY device_id, kind",
        ),
    }


def province_records(hub: HubProcess) -> dict[str, list[tuple]]:
    """The same rows on the province, each under its office id (ratings' tickets and faults'
    alerts too)."""
    return {
        "tickets": rows(
            hub,
            f"SELECT origin_id, {TICKET_COLUMNS} FROM tickets WHERE site_id = ? ORDER BY origin_id",
        ),
        "ratings": rows(
            hub,
            "SELECT r.origin_id, t.origin_id, "
            + ", ".join(f"r.{c.strip()}" for c in RATING_COLUMNS.split(","))
            + " FROM ratings r LEFT JOIN tickets t ON t.id = r.ticket_id WHERE r.site_id = ?"
            " ORDER BY r.origin_id",
        ),
        "alerts": rows(
            hub,
            f"SELECT origin_id, {ALERT_COLUMNS} FROM device_alerts WHERE site_id = ?"
            " ORDER BY origin_id",
        ),
        "faults": rows(
            hub,
            "SELECT f.device_id, f.kind, f.status, f.since, a.origin_id FROM device_faults f"
            " JOIN device_alerts a ON a.id = f.alert_id WHERE f.site_id = ?"
            " ORDER BY f.device_id, f.kind",
        ),
    }


def test_the_province_holds_exactly_the_office_records_after_a_cut(link: Link) -> None:
    lobby = Lobby(link.office.url)
    for step in range(TICKETS):
        link.set_step(step)
        if step == 150:
            wait_for(lambda: link.province_last() == link.office_last(), 15, "caught up before")
            link.proxy.cut()
        if step == 250:  # the office hub restarts while the link is down
            link.office.stop()
            link.office.start()
            lobby.connect(link.office.url)
        if step == 350:
            cut_at = link.province_last()
            assert cut_at < link.office_last()
            status = lobby.admin.get_json("/federation/status")
            assert status["pending"] > 0 and status["last_error"].startswith("no answer")
            rolled = link.province_get("/api/v1/reports/rollup", **{"from": DAY, "to": DAY})
            office_row = next(s for s in rolled["sites"] if s["id"] == OFFICE)
            assert office_row["federation"]["stale"] is True  # 200 steps of 10 s: behind
            assert "chậm / behind" in link.province_get("/reports", **{"from": DAY, "to": DAY})
            link.proxy.drop_answers = 2  # applied there, the answer lost: sent again
            link.proxy.restore()
        lobby.step()
    lobby.drain()
    last = link.office_last()
    wait_for(lambda: link.province_last() == last, 20, "the province has every event")
    wait_for(lambda: lobby.admin.get_json("/federation/status")["pending"] == 0, 5, "acked")

    office, province = office_records(link.office), province_records(link.province)
    assert len(office["tickets"]) == TICKETS
    assert {t[8] for t in office["tickets"]} == {"finished", "skipped"}
    assert any(t[19] for t in office["tickets"])  # transferred ones
    assert len(office["ratings"]) > 100 and len(office["alerts"]) >= 5
    for table in ("tickets", "ratings", "alerts", "faults"):
        assert province[table] == office[table], table

    # the province's report of the office, and its roll-up row, are the office's own
    office_report = lobby.admin.daily_report(DAY)
    province_report = link.province_get("/api/v1/reports/daily", date=DAY, site=OFFICE)
    assert province_report == office_report
    rolled = link.province_get("/api/v1/reports/rollup", **{"from": DAY, "to": DAY})
    row = next(s for s in rolled["sites"] if s["id"] == OFFICE)
    federation = row.pop("federation")
    mine = link.office_rollup_row()
    assert mine.pop("federation") is None  # the office serves its own site
    assert row == mine
    assert row["issued"] == TICKETS == office_report["totals"]["issued"]
    assert federation["stale"] is False and federation["last_event_id"] == last
    page = link.province_get("/reports", **{"from": DAY, "to": DAY})
    end = START + dt.timedelta(seconds=10 * (TICKETS - 1))
    assert f"dữ liệu đến {end:%H:%M} / last data {end:%H:%M}" in page


def test_a_gap_is_refused_and_a_batch_sent_twice_changes_nothing(link: Link) -> None:
    lobby = Lobby(link.office.url)
    for step in range(30):
        link.set_step(step)
        lobby.step()
    last = link.office_last()
    wait_for(lambda: link.province_last() == last, 15, "the province has every event")
    before = province_records(link.province)
    headers = {"Authorization": f"Bearer {OFFICE_LINK}"}
    url = link.province.url + "/api/v1/federation/batch"
    conn = open_reader(link.office.db)
    try:
        again = federation_out.read_batch(conn, OFFICE, 0, 40, link.province_last())
    finally:
        conn.close()
    r = requests.post(url, json=again, headers=headers, timeout=10)
    assert r.status_code == 200, r.text
    assert r.json()["applied"] == 0 and r.json()["last_event_id"] == last
    assert province_records(link.province) == before

    gap = again | {"after": last + 5, "events": [], "tickets": [], "ratings": [], "alerts": []}
    r = requests.post(url, json=gap, headers=headers, timeout=10)
    assert r.status_code == 409
    assert r.json()["error"] == "federation_gap" and r.json()["expected_after"] == last

    shuffled = again | {"after": 0, "events": list(reversed(again["events"]))}
    r = requests.post(url, json=shuffled, headers=headers, timeout=10)
    assert r.status_code == 200 and r.json()["applied"] == 0
    bad = again | {"tickets": [again["tickets"][0] | {"day": "2026-02-30"}]}
    r = requests.post(url, json=bad, headers=headers, timeout=10)
    assert r.status_code == 422 and "tickets.0.day" in r.json()["detail"]
    assert province_records(link.province) == before
    first = again["tickets"][0]
    reused = again | {  # the office id of a ticket held here, now another ticket
        "after": last,
        "events": [{"id": last + 1, "ts": 1.0, "type": "ticket.issued", "ticket_id": first["id"]}],
        "tickets": [first | {"seq": 900, "number": "A900"}],
    }
    r = requests.post(url, json=reused, headers=headers, timeout=10)
    assert r.status_code == 409 and r.json()["error"] == "federation_conflict", r.text
    assert province_records(link.province) == before
    kiosk = {"Authorization": f"Bearer {office_token('kiosk-1')}"}  # the province knows it
    assert requests.post(url, json=again, headers=kiosk, timeout=10).status_code == 403

    # the office's store replaced by a new one: the province holds more than it ever had,
    # so the new store's events (ids from 1 again) are not sent over the records there
    link.office.stop()
    link.office = HubProcess(link.office.config, link.office.workdir / "new.sqlite3", link.clock)
    link.office.start()
    fresh = Lobby(link.office.url)
    fresh.step()
    wait_for(
        lambda: (
            "more than this store ever had"
            in fresh.admin.get_json("/federation/status")["last_error"]
        ),
        10,
    )
    assert province_records(link.province) == before
