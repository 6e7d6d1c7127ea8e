"""Numbering per service, the daily reset at local midnight, limits and open hours."""

from __future__ import annotations

import pytest

from kiosk.api.models import PriorityReason
from kiosk.device.hub_client import HubRefused


def test_numbers_count_up_per_service_prefix(clients):
    numbers = [clients.kiosk.issue_ticket("a").number for _ in range(3)]
    numbers += [clients.kiosk.issue_ticket("b").number for _ in range(2)]
    assert numbers == ["A001", "A002", "A003", "B001", "B002"]


def test_numbering_restarts_at_local_midnight_not_utc(hub, clients):
    hub.set_time("2026-11-23T23:58:00+07:00")
    assert clients.kiosk.issue_ticket("a").number == "A001"
    assert clients.kiosk.issue_ticket("a").number == "A002"
    # 00:30 in Hà Nội is still 23 Nov in UTC: a UTC day would not reset here.
    hub.set_time("2026-11-24T00:30:00+07:00")
    first = clients.kiosk.issue_ticket("a")
    assert first.number == "A001"
    assert first.day == "2026-11-24"
    # Yesterday's leftover waiting tickets are not called today.
    called = clients.counter(3).call_next(3)
    assert called is not None and called.id == first.id
    assert clients.counter(3).call_next(3) is None


def test_daily_limit_gives_a_clear_answer(clients):
    for _ in range(3):
        clients.kiosk.issue_ticket("c")
    with pytest.raises(HubRefused) as refused:
        clients.kiosk.issue_ticket("c")
    assert refused.value.status == 409
    assert refused.value.code == "daily_limit"
    assert "Hết số hôm nay" in refused.value.detail
    info = {s.id: s for s in clients.kiosk.services()}["c"]
    assert info.remaining_today == 0 and info.issued_today == 3


def test_closed_service_refuses_outside_open_hours(hub, clients):
    with pytest.raises(HubRefused) as refused:
        clients.kiosk.issue_ticket("d")
    assert refused.value.code == "service_closed"
    assert "00:00-00:01" in refused.value.detail
    assert {s.id: s.open for s in clients.kiosk.services()}["d"] is False
    hub.set_time("2026-11-23T00:00:30+07:00")
    assert clients.kiosk.issue_ticket("d").number == "D001"


def test_ticket_shows_people_ahead_and_eta(clients):
    tickets = [clients.kiosk.issue_ticket("a") for _ in range(4)]
    assert [t.waiting_ahead for t in tickets] == [0, 1, 2, 3]
    # 10 min default service time, shared by the 15 counters serving "a": ceil(3*10/15) = 2.
    assert tickets[3].eta_minutes == 2
    again = clients.kiosk.ticket(tickets[3].id)
    assert again.waiting_ahead == 3 and again.status == "waiting"
    priority = clients.kiosk.issue_ticket("a", PriorityReason.ELDERLY)
    assert priority.waiting_ahead == 0
    assert clients.kiosk.ticket(tickets[0].id).waiting_ahead == 1
