"""The daily report counts a known day of traffic."""

from __future__ import annotations

from kiosk.api.models import RatingIn
from kiosk.device.outbox import new_client_id


def test_daily_report_figures(hub, clients):
    hub.set_time("2026-11-23T08:00:00+07:00")
    for _ in range(3):
        clients.kiosk.issue_ticket("a")
    clients.kiosk.issue_ticket("b")
    c1 = clients.counter(1)
    hub.set_time("2026-11-23T08:10:00+07:00")
    first = c1.call_next(1)  # waited 10 min
    hub.set_time("2026-11-23T08:16:00+07:00")
    c1.finish(1)  # served 6 min
    clients.rating1.rate(
        RatingIn(ticket_id=first.id, counter_id=1, level=3, client_id=new_client_id())
    )
    hub.set_time("2026-11-23T08:20:00+07:00")
    c1.call_next(1)  # waited 20 min
    c1.skip(1)
    report = clients.admin.daily_report("2026-11-23")
    a = next(s for s in report["services"] if s["id"] == "a")
    assert (a["issued"], a["served"], a["skipped"], a["waiting"]) == (3, 1, 1, 1)
    assert a["avg_wait_s"] == 900.0  # (600 + 1200) / 2
    assert a["avg_service_s"] == 360.0
    assert a["ratings"]["total"] == 1 and a["ratings"]["satisfied_pct"] == 100.0
    counter = next(c for c in report["counters"] if c["id"] == 1)
    assert (counter["served"], counter["skipped"]) == (1, 1)
    assert report["totals"]["issued"] == 4
    assert clients.admin.daily_report("2026-11-22")["totals"]["issued"] == 0
