"""Retention: old days become anonymous aggregates, and reports still show them the same."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.api.models import RatingIn, RatingReason
from kiosk.device.outbox import new_client_id
from tests.helpers import wait_for

CODE = "H15.50.05.13-260801-0042"


def some_traffic(hub, clients, day: str, dossier: str | None = None) -> None:
    """Three a tickets from 09:00: one served and rated, one skipped, one left waiting."""
    hub.set_time(f"{day}T09:00:00+07:00")
    for _ in range(3):
        clients.kiosk.issue_ticket("a")
    c1 = clients.counter(1)
    hub.set_time(f"{day}T09:07:00+07:00")
    first = c1.call_next(1)
    hub.set_time(f"{day}T09:19:00+07:00")
    c1.finish(1)
    reasons = [RatingReason.WAITING_TIME]
    clients.rating1.rate(
        RatingIn(
            ticket_id=first.id, counter_id=1, level=1, reasons=reasons, client_id=new_client_id()
        )
    )
    if dossier:
        clients.rating1.rate(
            RatingIn(dossier_code=dossier, counter_id=1, level=3, client_id=new_client_id())
        )
    hub.set_time(f"{day}T09:30:00+07:00")
    c1.call_next(1)
    c1.skip(1)


def same_but_aggregated(before: dict, after: dict) -> None:
    assert [d["aggregated"] for d in before["days"]] == [False]
    assert [d["aggregated"] for d in after["days"]] == [True]
    for d in before["days"] + after["days"]:
        del d["aggregated"]
    assert after == before


def test_hub_start_reduces_days_past_retention(hub, clients):
    hub.know_dossiers(CODE)
    some_traffic(hub, clients, "2026-08-01", dossier=CODE)
    some_traffic(hub, clients, "2026-11-20")
    before = clients.admin.daily_report("2026-08-01")
    assert before["totals"]["issued"] == 3 and before["ratings"]["total"] == 2
    assert before["totals"]["p90_wait_s"] == 30 * 60  # waits 7 and 30 min: rank 2
    hub.stop()
    hub.set_time("2026-11-23T08:00:00+07:00")  # 114 days later; the site keeps 90
    hub.start()
    old = "SELECT COUNT(*) FROM tickets WHERE day = '2026-08-01'"
    wait_for(lambda: hub.count(old) == 0, 10, "retention to run at start")
    same_but_aggregated(before, clients.admin.daily_report("2026-08-01"))
    assert hub.count("SELECT COUNT(*) FROM ratings WHERE dossier_code IS NOT NULL") == 0
    assert hub.count("SELECT COUNT(*) FROM tickets WHERE day = '2026-11-20'") == 3
    # rows: a at counter 1; a never called (counter 0); the dossier rating (no service)
    keys = "SELECT COUNT(*) FROM daily_stats WHERE day = '2026-08-01' AND service_id || counter_id"
    assert hub.count(f"{keys} IN ('a1', 'a0', '1')") == 3
    kept_from = datetime.fromisoformat("2026-08-02T00:00:00+07:00").timestamp()
    assert hub.count("SELECT MIN(ts) FROM events") >= kept_from  # old events went too
    clients.kiosk.issue_ticket("a")  # the hub goes on
    hub.stop()  # the last connection checkpoints the WAL into the file
    if not hub.postgres:  # secure_delete: the deleted code is not left in the file's bytes
        db = Path(hub.db)
        files = [p for p in db.parent.iterdir() if p.name.startswith(db.name)]
        assert not any(CODE.encode() in p.read_bytes() for p in files if p.is_file())


def kiosk_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=60
    )


@pytest.mark.sqlite_only  # on PostgreSQL the hub alone applies retention
def test_cli_applies_retention_beside_a_running_hub(hub, clients, site_file, tmp_path):
    some_traffic(hub, clients, "2020-01-06")  # years before the real today
    hub.set_time("2026-11-23T10:00:00+07:00")
    before = clients.admin.daily_report("2020-01-06")
    where = ["--config", str(site_file), "--db", str(hub.db)]
    listed = kiosk_cli("retention", *where)
    assert listed.returncode == 0, listed.stderr
    assert "2020-01-06" in listed.stdout
    assert hub.count("SELECT COUNT(*) FROM tickets WHERE day = '2020-01-06'") == 3
    applied = kiosk_cli("retention", "--apply", *where)
    assert applied.returncode == 0, applied.stderr
    assert "2020-01-06: 3 tickets, 1 ratings" in applied.stdout
    same_but_aggregated(before, clients.admin.daily_report("2020-01-06"))
    assert clients.kiosk.issue_ticket("a").number == "A001"
    bad = tmp_path / "bad.toml"
    bad.write_text(site_file.read_text() + "\n[hub]\nretention_days = 0\n")
    refused = kiosk_cli("retention", "--config", str(bad), "--db", str(hub.db))
    assert refused.returncode == 2 and "hub.retention_days" in refused.stderr
