"""Counter actions against a real hub, driving the simulated LED board."""

from __future__ import annotations

import pytest

from kiosk.device.counter_desk import CounterDesk, DeskError
from kiosk.devices.led_board import LedCommand, SimLedBoard


def _frames(board: SimLedBoard) -> list[LedCommand]:
    return [board.protocol.decode(f) for f in board.frames]


def test_a_visit_through_the_counter(clients):
    board = SimLedBoard(address=1)
    desk = CounterDesk(clients.counter(1), 1, board, blink_s=5)
    for service in ("a", "b", "b"):
        clients.kiosk.issue_ticket(service)
    state = desk.refresh()
    assert state.current is None and state.waiting == {"a": 1, "b": 2}
    assert state.served_today == 0

    called = desk.call_next()
    assert called.ticket.number == "A001" and called.state.current.number == "A001"
    assert called.state.waiting == {"a": 0, "b": 2}
    assert board.text == "A001" and board.blinking
    desk.recall()
    finished = desk.finish()
    assert finished.ticket.status == "finished" and finished.state.served_today == 1
    assert board.text == ""
    desk.call_next()  # B001
    skipped = desk.skip()
    assert skipped.ticket.number == "B001" and skipped.ticket.status == "skipped"
    desk.call_next()  # B002
    moved = desk.transfer("a")
    assert moved.ticket.service_id == "a" and moved.ticket.status == "waiting"
    assert moved.state.waiting == {"a": 1, "b": 0}
    assert _frames(board) == [
        LedCommand(1, "blink", "A001", 5),
        LedCommand(1, "blink", "A001", 5),
        LedCommand(1, "clear"),
        LedCommand(1, "blink", "B001", 5),
        LedCommand(1, "clear"),
        LedCommand(1, "blink", "B002", 5),
        LedCommand(1, "clear"),
    ]
    again = desk.call_next()  # the transferred ticket keeps its number, served first
    assert again.ticket.number == "B002" and again.ticket.service_id == "a"
    last = desk.call_next()  # B002 finished by calling next; nobody left
    assert last.nobody_waiting and last.state.served_today == 2
    assert board.text == ""


def test_refusals_are_plain_and_the_board_failure_does_not_stop_the_call(clients):
    board = SimLedBoard()
    desk = CounterDesk(clients.counter(2), 2, board)
    with pytest.raises(DeskError) as nothing:
        desk.recall()
    assert nothing.value.code == "no_current_ticket"
    assert nothing.value.message_vi == "Quầy chưa gọi số nào."
    clients.kiosk.issue_ticket("b")
    board.offline = True
    result = desk.call_next()
    assert result.ticket.number == "B001" and "offline" in result.led_problem
    alerts = clients.admin.active_alerts()
    assert [(a.kind, a.status, a.device_id) for a in alerts] == [
        ("led_board", "offline", "counter-2")
    ]
    with pytest.raises(DeskError) as same:
        desk.transfer("b")
    assert same.value.code == "same_service"
    board.offline = False  # the board works again: the alert clears
    assert desk.finish().led_problem == ""
    assert clients.admin.active_alerts() == []


def test_a_stale_screen_cannot_act_on_another_ticket(clients):
    desk = CounterDesk(clients.counter(1), 1)
    clients.kiosk.issue_ticket("a")
    clients.kiosk.issue_ticket("a")
    desk.call_next()  # the desk shows A001
    clients.counter(1).call_next(1)  # another window of the same counter calls A002
    with pytest.raises(DeskError) as stale:
        desk.finish()
    assert stale.value.code == "not_current"
    assert desk.state.current.number == "A002"  # refreshed: the next press is right
    assert desk.finish().ticket.number == "A002"
