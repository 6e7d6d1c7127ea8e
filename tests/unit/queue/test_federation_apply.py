"""The province's apply of an office's batch, on a real SQLite store: a device's state follows
its reports in event order and never goes back on a resend; a record that clashes with one
the province holds, an office id that now names another record (the office's store was
replaced), or a rating of a ticket it lacks, is refused whole with a 409."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from kiosk.api.errors import ApiError
from kiosk.api.federation import Batch
from kiosk.clock import Clock
from kiosk.config import Site, parse_site
from kiosk.queue import federation_in
from kiosk.store.db import Database
from kiosk.store.sqlite_store import SqliteBackend
from tests.hub.federation_lobby import OFFICE, office_toml

T0 = 1_795_400_000.0


@pytest.fixture
def site() -> Site:
    return parse_site(tomllib.loads(office_toml("http://127.0.0.1:9")))


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(SqliteBackend(tmp_path / "province.sqlite3"), Clock(ZoneInfo("UTC")))
    yield database
    database.close()


def ticket(office_id: int, seq: int, status: str = "waiting") -> dict[str, Any]:
    return {
        "id": office_id, "day": "2026-11-23", "origin_service_id": "a", "service_id": "a",
        "seq": seq, "number": f"A{seq:03d}", "priority_reason": None, "status": status,
        "front": 0, "lane_at": T0, "issued_at": T0, "issued_by": "kiosk-1", "called_at": None,
        "counter_id": None, "recalls": 0, "finished_at": None, "skipped_at": None,
        "transferred_at": None, "transfers": 0, "officer_id": None, "print_failed": False,
    }  # fmt: skip


def alert(office_id: int, status: str) -> dict[str, Any]:
    return {
        "id": office_id,
        "device_id": "kiosk-1",
        "kind": "printer",
        "status": status,
        "message": "",
        "created_at": T0 + office_id,
    }


def batch(after: int, events: list[dict[str, Any]], **records: Any) -> Batch:
    return Batch.model_validate(
        {"after": after, "events": events, "as_of": T0 + 100, "complete": True} | records
    )


def apply(db: Database, site: Site, b: Batch) -> Any:
    return db.write(lambda tx: federation_in.apply(tx, site, b)).result(10)


def fault(db: Database) -> list[tuple]:
    return db.read(
        lambda c: [
            tuple(r)
            for r in c.execute(
                "SELECT f.status, a.origin_id FROM device_faults f"
                " JOIN device_alerts a ON a.id = f.alert_id"
            )
        ]
    )


def test_a_device_state_follows_its_reports_in_order_and_a_resend_does_not_undo_it(db, site):
    reports = [alert(1, "paper_out"), alert(2, "ok"), alert(3, "paper_low")]
    events = [
        {"id": i, "ts": T0 + i, "type": "device.alert", "alert_id": i} for i in (3, 1, 2)
    ]  # sent in any order: applied in id order
    ack = apply(db, site, batch(0, events, alerts=reports))
    assert (ack.applied, ack.last_event_id, ack.data_until) == (3, 3, T0 + 100)
    assert fault(db) == [("paper_low", 3)]
    again = apply(db, site, batch(1, events[1:], alerts=reports[1:2]))  # events 1, 2 again
    assert (again.applied, again.last_event_id) == (0, 3)
    assert fault(db) == [("paper_low", 3)]
    assert apply(db, site, batch(3, [], alerts=[])).last_event_id == 3  # a heartbeat
    progress = db.read(lambda c: federation_in.progress(c, OFFICE))
    assert progress is not None and progress["events"] == 3


def test_a_clash_a_reused_office_id_or_a_missing_ticket_refuses_the_whole_batch(db, site):
    issued = {"id": 1, "ts": T0, "type": "ticket.issued", "ticket_id": 1}
    apply(db, site, batch(0, [issued], tickets=[ticket(1, 1)]))
    clash = {"id": 2, "ts": T0 + 1, "type": "ticket.issued", "ticket_id": 2}
    with pytest.raises(ApiError) as refused:  # office ticket 2 under ticket 1's number
        apply(db, site, batch(1, [clash], tickets=[ticket(2, 1)]))
    assert (refused.value.status, refused.value.code) == (409, "federation_conflict")
    reused = {"id": 2, "ts": T0 + 1, "type": "ticket.called", "ticket_id": 1}
    with pytest.raises(ApiError) as refused:  # office id 1 is now another ticket: a new store
        apply(db, site, batch(1, [reused], tickets=[ticket(1, 7, "called")]))
    assert refused.value.code == "federation_conflict"
    assert "store replaced" in refused.value.detail
    rating = {
        "id": 1, "client_id": "rating-000009", "ticket_id": 9, "dossier_code": None,
        "counter_id": 1, "service_id": "a", "level": 3, "scale": 3, "reasons": [],
        "device_id": "rating-1", "created_at": T0 + 2, "day": "2026-11-23", "officer_id": None,
    }  # fmt: skip
    rated = {"id": 3, "ts": T0 + 2, "type": "rating.created", "rating_id": 1, "ticket_id": 9}
    with pytest.raises(ApiError) as refused:
        apply(db, site, batch(1, [rated], tickets=[ticket(3, 2)], ratings=[rating]))
    assert refused.value.code == "federation_missing"
    held = db.read(lambda c: c.execute("SELECT COUNT(*) FROM tickets").fetchone()[0])
    assert held == 1  # none of the refused batches left anything behind
    assert db.read(lambda c: federation_in.progress(c, OFFICE))["last_event_id"] == 1
