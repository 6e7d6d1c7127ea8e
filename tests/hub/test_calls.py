"""Call next, priority lane, multi-service counters, recall, skip, finish, transfer."""

from __future__ import annotations

import pytest

from kiosk.api.models import PriorityReason
from kiosk.device.hub_client import HubRefused


def test_priority_lane_is_served_first_with_its_reason(clients):
    normal = clients.kiosk.issue_ticket("a")
    elderly = clients.kiosk.issue_ticket("a", PriorityReason.ELDERLY)
    first = clients.counter(3).call_next(3)
    assert first.id == elderly.id
    assert first.priority and first.priority_reason == "elderly"
    assert clients.counter(3).call_next(3).id == normal.id


def test_multi_service_counter_takes_oldest_across_its_services(clients):
    b1 = clients.kiosk.issue_ticket("b")
    a1 = clients.kiosk.issue_ticket("a")
    b2 = clients.kiosk.issue_ticket("b")
    c1 = clients.counter(1)
    assert [c1.call_next(1).id for _ in range(3)] == [b1.id, a1.id, b2.id]
    assert c1.call_next(1) is None


def test_counter_only_calls_its_own_services(clients):
    clients.kiosk.issue_ticket("a")
    assert clients.counter(2).call_next(2) is None  # counter 2 serves b only


def test_call_next_finishes_the_current_ticket(clients):
    t1, t2 = clients.kiosk.issue_ticket("a"), clients.kiosk.issue_ticket("a")
    c = clients.counter(3)
    c.call_next(3)
    c.call_next(3)
    assert clients.kiosk.ticket(t1.id).status == "finished"
    state = c.counter(3)
    assert state.current.id == t2.id and state.served_today == 1


def test_recall_skip_finish(clients):
    t1, t2 = clients.kiosk.issue_ticket("a"), clients.kiosk.issue_ticket("a")
    c = clients.counter(3)
    c.call_next(3)
    assert c.recall(3).recalls == 1
    assert c.recall(3, ticket_id=t1.id).recalls == 2
    skipped = c.skip(3)
    assert skipped.id == t1.id and skipped.status == "skipped"
    c.call_next(3)
    done = c.finish(3, ticket_id=t2.id)
    assert done.status == "finished" and done.finished_at >= done.called_at


def test_acting_without_a_called_ticket_is_a_conflict(clients):
    c = clients.counter(3)
    for action in (c.finish, c.recall, c.skip):
        with pytest.raises(HubRefused) as refused:
            action(3)
        assert refused.value.status == 409 and refused.value.code == "no_current_ticket"


def test_stale_ticket_guard(clients):
    t1 = clients.kiosk.issue_ticket("a")
    t2 = clients.kiosk.issue_ticket("a")
    c = clients.counter(3)
    c.call_next(3)
    c.call_next(3)
    with pytest.raises(HubRefused) as refused:
        c.finish(3, ticket_id=t1.id)
    assert refused.value.code == "not_current"
    assert clients.kiosk.ticket(t2.id).status == "called"


def test_transfer_keeps_number_and_goes_to_front(clients):
    early_b = clients.kiosk.issue_ticket("b")
    moved = clients.kiosk.issue_ticket("a")
    c3 = clients.counter(3)
    assert c3.call_next(3).id == moved.id
    after = c3.transfer(3, "b")
    assert after.number == moved.number and after.service_id == "b"
    assert after.status == "waiting" and after.waiting_ahead == 0
    assert clients.kiosk.ticket(early_b.id).waiting_ahead == 1
    called = clients.counter(2).call_next(2)
    assert called.id == moved.id and called.number == moved.number
    with pytest.raises(HubRefused) as refused:
        clients.counter(2).transfer(2, "b")
    assert refused.value.code == "same_service"
    with pytest.raises(HubRefused) as refused:
        clients.counter(2).transfer(2, "zzz")
    assert refused.value.status == 404


def test_recent_calls_newest_first(clients):
    for _ in range(3):
        clients.kiosk.issue_ticket("a")
    c = clients.counter(3)
    c.call_next(3)
    c.call_next(3)
    c.recall(3)
    calls = clients.display.recent_calls(limit=8)
    assert [(x.number, x.recall) for x in calls] == [
        ("A002", True),
        ("A002", False),
        ("A001", False),
    ]
    assert all(x.counter_id == 3 for x in calls)
