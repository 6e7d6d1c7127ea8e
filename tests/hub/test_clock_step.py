"""The hub's clock stepped back an hour (NTP, a BIOS battery): numbering, the order of
the lane, waits and the day stay right."""

from __future__ import annotations

from tests.hub.hubproc import HubProcess


def test_a_clock_stepped_back_does_not_let_new_tickets_overtake(hub, clients):
    hub.set_time("2026-11-23T10:00:00+07:00")
    first = clients.kiosk.issue_ticket("a")
    hub.set_time("2026-11-23T09:00:00+07:00")  # an hour back
    later = clients.kiosk.issue_ticket("a")
    assert (first.number, later.number) == ("A001", "A002")
    called = clients.counter(3).call_next(3)
    assert called is not None and called.id == first.id  # the lane keeps its order
    report = clients.admin.daily_report("2026-11-23")
    assert report["totals"]["issued"] == 2


def test_a_step_back_over_midnight_keeps_the_day(hub: HubProcess, clients):
    """Stepped back from 00:20 to 23:20 of the day before, after a restart too: the new
    day's numbering goes on; yesterday's is not reopened."""
    hub.set_time("2026-11-23T23:50:00+07:00")
    assert clients.kiosk.issue_ticket("a").number == "A001"
    hub.set_time("2026-11-24T00:20:00+07:00")
    assert clients.kiosk.issue_ticket("a").number == "A001"  # a new day
    hub.set_time("2026-11-23T23:20:00+07:00")
    assert clients.kiosk.issue_ticket("a").number == "A002"
    hub.stop()
    hub.start()
    assert clients.kiosk.issue_ticket("a").number == "A003"
    days = hub.query("SELECT day, COUNT(*) FROM tickets GROUP BY day ORDER BY day")
    assert [tuple(r) for r in days] == [("2026-11-23", 1), ("2026-11-24", 3)]
