"""The officer's tools over HTTP: the stale guard of call-next (a double press), calling a
chosen or a skipped number, undoing a skip, pause, the waiting lists and the hall's board."""

from __future__ import annotations

import threading

import httpx
import pytest

from kiosk.api.models import PriorityReason
from kiosk.device.hub_client import HubRefused
from tests.hub.conftest import token


def refused(fn) -> HubRefused:
    with pytest.raises(HubRefused) as caught:
        fn()
    return caught.value


def press_twice_at_once(url: str, counter: int, body: dict) -> list[httpx.Response]:
    """Two call-next requests released together, as a double tap on two connections."""
    barrier = threading.Barrier(2)
    answers: list[httpx.Response] = []
    headers = {"Authorization": f"Bearer {token(f'counter-{counter}')}"}

    def press() -> None:
        with httpx.Client(base_url=url, headers=headers, timeout=10) as client:
            barrier.wait()
            answers.append(client.post(f"/api/v1/counters/{counter}/call-next", json=body))

    threads = [threading.Thread(target=press) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(15)
    return answers


def test_double_press_with_the_shown_ticket_calls_one_citizen(clients, hub):
    t1, t2, t3 = (clients.kiosk.issue_ticket("a") for _ in range(3))
    c = clients.counter(3)
    assert c.call_next(3).id == t1.id
    answers = press_twice_at_once(hub.url, 3, {"ticket_id": t1.id})
    assert sorted(a.status_code for a in answers) == [200, 409]
    ok = next(a for a in answers if a.status_code == 200).json()
    stale = next(a for a in answers if a.status_code == 409).json()
    assert ok["id"] == t2.id
    assert stale["error"] == "stale" and stale["current"]["id"] == t2.id
    assert clients.kiosk.ticket(t3.id).status == "waiting"  # the second citizen still waits
    assert clients.kiosk.ticket(t1.id).status == "finished"
    assert c.counter(3).served_today == 1


def test_double_press_on_an_idle_counter_sends_null_and_calls_one(clients, hub):
    t1, t2 = clients.kiosk.issue_ticket("a"), clients.kiosk.issue_ticket("a")
    answers = press_twice_at_once(hub.url, 3, {"ticket_id": None})
    assert sorted(a.status_code for a in answers) == [200, 409]
    stale = next(a for a in answers if a.status_code == 409).json()
    assert stale["current"]["id"] == t1.id
    assert clients.kiosk.ticket(t2.id).status == "waiting"


def test_guard_through_the_client_and_old_clients_without_a_body(clients):
    t1, t2, t3 = (clients.kiosk.issue_ticket("a") for _ in range(3))
    c = clients.counter(3)
    assert c.call_next(3, None).id == t1.id
    error = refused(lambda: c.call_next(3, None))
    assert error.status == 409 and error.code == "stale"
    assert error.body["current"]["number"] == t1.number
    assert c.call_next(3).id == t2.id  # no body: as before
    assert c.call_next(3, t2.id).id == t3.id


@pytest.mark.parametrize(
    "body", [{}, {"ticket_id": "x"}, {"ticket_id": 0}, {"ticket_id": 1, "more": 2}, [1]]
)
def test_malformed_guard_is_422_and_changes_nothing(clients, hub, body):
    t1 = clients.kiosk.issue_ticket("a")
    headers = {"Authorization": f"Bearer {token('counter-3')}"}
    answer = httpx.post(f"{hub.url}/api/v1/counters/3/call-next", json=body, headers=headers)
    assert answer.status_code == 422 and answer.json()["error"] == "invalid"
    assert clients.kiosk.ticket(t1.id).status == "waiting"


def test_call_a_chosen_number_then_the_queue_goes_on(clients):
    a1, a2, a3 = (clients.kiosk.issue_ticket("a") for _ in range(3))
    b1 = clients.kiosk.issue_ticket("b")
    c = clients.counter(3)
    chosen = c.call_ticket(3, a3.id)
    assert chosen.id == a3.id and chosen.status == "called" and chosen.counter_id == 3
    assert c.call_next(3).id == a1.id
    assert clients.kiosk.ticket(a3.id).status == "finished"
    assert refused(lambda: c.call_ticket(3, b1.id)).code == "other_service"
    assert refused(lambda: c.call_ticket(3, a3.id)).code == "not_waiting"
    assert refused(lambda: c.call_ticket(3, 999_999)).status == 404
    assert clients.kiosk.ticket(a2.id).status == "waiting"


def test_a_skipped_citizen_who_comes_back_is_called_again(clients):
    a1, a2 = clients.kiosk.issue_ticket("a"), clients.kiosk.issue_ticket("a")
    c = clients.counter(3)
    c.call_next(3)
    c.skip(3)
    c.call_next(3)  # a2 now
    state = c.counter(3)
    assert [e.id for e in state.skipped_list] == [a1.id]
    back = c.call_ticket(3, a1.id)
    assert back.id == a1.id and back.status == "called"
    assert clients.kiosk.ticket(a2.id).status == "finished"
    assert c.counter(3).skipped_list == []


def test_undo_the_last_skip(clients):
    a1, a2 = clients.kiosk.issue_ticket("a"), clients.kiosk.issue_ticket("a")
    c = clients.counter(3)
    c.call_next(3)
    c.skip(3)
    assert c.counter(3).undo_skip.id == a1.id
    undone = c.undo_skip(3)
    assert undone.id == a1.id and undone.status == "called"
    assert c.counter(3).current.id == a1.id
    assert refused(lambda: c.undo_skip(3)).code == "serving"
    c.skip(3)
    c.call_next(3)  # a2: the skip can no longer be taken back
    c.finish(3)
    assert c.counter(3).undo_skip is None
    assert refused(lambda: c.undo_skip(3)).code == "nothing_to_undo"
    assert clients.kiosk.ticket(a2.id).status == "finished"


def test_pause_finishes_the_current_ticket_and_stops_calls(clients):
    a1, a2 = clients.kiosk.issue_ticket("a"), clients.kiosk.issue_ticket("a")
    c = clients.counter(3)
    c.call_next(3)
    c.counter_session(3, "pause")
    assert clients.kiosk.ticket(a1.id).status == "finished"
    state = c.counter(3)
    assert state.paused and state.current is None
    assert refused(lambda: c.call_next(3)).code == "paused"
    assert refused(lambda: c.call_ticket(3, a2.id)).code == "paused"
    board = {b.id: b for b in clients.display.board()}
    assert board[3].paused and board[3].current is None and not board[4].paused
    c.counter_session(3, "resume")
    assert not c.counter(3).paused
    assert c.call_next(3).id == a2.id
    assert {b.id: b for b in clients.display.board()}[3].current.number == a2.number


def test_waiting_list_in_calling_order_with_priority_marked(clients):
    b1 = clients.kiosk.issue_ticket("b")
    a1 = clients.kiosk.issue_ticket("a")
    old = clients.kiosk.issue_ticket("b", PriorityReason.ELDERLY)
    clients.kiosk.issue_ticket("c")  # not a service of counter 1
    state = clients.counter(1).counter(1)
    assert [e.id for e in state.waiting_list] == [old.id, b1.id, a1.id]
    first = state.waiting_list[0]
    assert first.priority and first.priority_reason == "elderly"
    assert clients.counter(1).call_next(1).id == old.id  # the list is the calling order


def test_board_drops_a_finished_number(clients):
    clients.kiosk.issue_ticket("a")
    c = clients.counter(3)
    called = c.call_next(3)
    assert {b.id: b for b in clients.display.board()}[3].current.id == called.id
    c.finish(3)
    assert {b.id: b for b in clients.display.board()}[3].current is None
    assert refused(lambda: clients.kiosk.call_next(3)).status == 403
