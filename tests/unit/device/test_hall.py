"""The hall display model against a real hub: seeding, announcing, reconnecting."""

from __future__ import annotations

import pytest

from kiosk.device.event_stream import EventStream
from kiosk.device.hall import HallBoard, HallSnapshot
from kiosk.device.hub_client import HubClient
from kiosk.devices.announcer import SimAnnouncer
from kiosk.devices.voice_pack import announcement_clips
from tests.helpers import wait_for
from tests.hub.conftest import token
from tests.unit.device.netproxy import CuttableProxy


@pytest.fixture
def announcer():
    a = SimAnnouncer(realtime=False, repeat=2)
    yield a
    a.close(timeout=5)


def _board(url: str, announcer, snapshots: list[HallSnapshot]) -> HallBoard:
    client = HubClient(url, token("display-1"), timeout=(0.5, 2.0))
    stream = EventStream(url, client.token, retry_s=(0.1, 0.2)).start()
    board = HallBoard(client, stream, announcer, on_change=snapshots.append, retry_s=(0.1, 0.2))
    return board.start()


def test_seeds_from_recent_calls_then_announces_only_new_ones(hub, clients, announcer):
    for _ in range(10):
        clients.kiosk.issue_ticket("a")
    for n in (3, 4, 3):  # A001 at 3, A002 at 4, A003 at 3 (A001 finished)
        clients.counter(n).call_next(n)
    snapshots: list[HallSnapshot] = []
    board = _board(hub.url, announcer, snapshots)
    try:
        wait_for(lambda: board.connected)
        seeded = board.snapshot()
        assert [c.number for c in seeded.recent] == ["A003", "A002", "A001"]
        assert {k: v.number for k, v in seeded.current.items()} == {3: "A003", 4: "A002"}
        assert announcer.history == []  # past calls are shown, not announced

        clients.counter(5).call_next(5)
        clients.counter(4).recall(4)
        wait_for(lambda: len(announcer.history) == 2)
        now = board.snapshot()
        assert now.current[5].number == "A004" and now.current[4].recall
        assert now.blinking(5) and not now.blinking(3)
        assert [c.number for c in now.recent][:2] == ["A002", "A004"]
        played = [(a.number, a.counter, a.clips) for a in announcer.history]
        assert played == [
            ("A004", 5, tuple(announcement_clips("A004", 5, repeat=2))),
            ("A002", 4, tuple(announcement_clips("A002", 4, repeat=2))),
        ]
        fresh = [s.fresh.number for s in snapshots if s.fresh is not None]
        assert fresh == ["A004", "A002"]
        # the list keeps the last 8 calls
        for n in range(6, 12):
            clients.counter(n).call_next(n)
        wait_for(lambda: len(announcer.history) == 8)
        assert [c.number for c in board.snapshot().recent] == [
            "A010", "A009", "A008", "A007", "A006", "A005", "A002", "A004",
        ]  # fmt: skip
    finally:
        board.stop()
        board.stream.stop()


def test_reconnect_misses_and_repeats_nothing(hub, clients, announcer):
    for _ in range(6):
        clients.kiosk.issue_ticket("a")
    proxy = CuttableProxy(hub.port)
    snapshots: list[HallSnapshot] = []
    board = _board(proxy.url, announcer, snapshots)
    try:
        wait_for(lambda: board.connected)
        clients.counter(3).call_next(3)
        wait_for(lambda: len(announcer.history) == 1)
        proxy.cut()
        wait_for(lambda: not board.connected)
        assert not snapshots[-1].connected  # the screen can show "mất kết nối"
        for n in (4, 5, 6):  # called while the display is cut off
            clients.counter(n).call_next(n)
        clients.counter(3).recall(3)
        proxy.restore()
        wait_for(lambda: board.connected and len(announcer.history) == 5)
        assert [(a.number, a.counter) for a in announcer.history] == [
            ("A001", 3), ("A002", 4), ("A003", 5), ("A004", 6), ("A001", 3),
        ]  # fmt: skip
        # cut and restore again with no new calls: nothing is repeated
        proxy.cut()
        wait_for(lambda: not board.connected)
        proxy.restore()
        wait_for(lambda: board.connected)
        clients.counter(7).call_next(7)
        wait_for(lambda: len(announcer.history) == 6)
        assert announcer.history[-1].number == "A005"
        assert len({c.event_id for c in board.snapshot().recent}) == 6
    finally:
        board.stop()
        board.stream.stop()
        proxy.close()


def test_a_hub_killed_keeps_the_last_calls_marked_and_replays_what_came_after(
    hub, clients, announcer
):
    for _ in range(6):
        clients.kiosk.issue_ticket("a")
    snapshots: list[HallSnapshot] = []
    board = _board(hub.url, announcer, snapshots)
    try:
        wait_for(lambda: board.connected)
        clients.counter(3).call_next(3)
        clients.counter(4).call_next(4)
        wait_for(lambda: len(announcer.history) == 2)
        hub.kill9()
        wait_for(lambda: not board.connected)
        shown = board.snapshot()  # the screen keeps the last calls, marked "mất kết nối"
        assert not shown.connected and [c.number for c in shown.recent] == ["A002", "A001"]
        hub.start()
        for n in (5, 6, 3):  # called as the hub comes back, maybe before the board is back
            clients.counter(n).call_next(n)
        wait_for(lambda: board.connected and len(announcer.history) == 5)
        assert [(a.number, a.counter) for a in announcer.history] == [
            ("A001", 3), ("A002", 4), ("A003", 5), ("A004", 6), ("A005", 3),
        ]  # fmt: skip
        assert board.snapshot().current[3].number == "A005"
    finally:
        board.stop()
        board.stream.stop()


def test_starts_while_the_hub_is_down(hub, clients, announcer):
    clients.kiosk.issue_ticket("a")
    hub.stop()
    snapshots: list[HallSnapshot] = []
    board = _board(hub.url, announcer, snapshots)
    try:
        assert not board.connected
        hub.start()
        clients.counter(3).call_next(3)
        wait_for(lambda: board.connected)
        wait_for(lambda: board.snapshot().current.get(3) is not None)
        assert board.snapshot().current[3].number == "A001"
    finally:
        board.stop()
        board.stream.stop()


def test_now_serving_follows_finish_skip_transfer_pause_and_undo(hub, clients, announcer):
    from kiosk.api.models import PriorityReason

    clients.kiosk.issue_ticket("a")
    clients.kiosk.issue_ticket("a", PriorityReason.ELDERLY)
    clients.kiosk.issue_ticket("a")
    clients.counter(3).call_next(3)  # the elderly citizen's A002 goes first
    clients.counter(5).counter_session(5, "pause")
    board = _board(hub.url, announcer, [])
    try:
        wait_for(lambda: board.connected)
        seeded = board.snapshot()
        assert seeded.current[3].number == "A002" and seeded.current[3].priority
        assert seeded.paused == frozenset({5})
        clients.counter(3).finish(3)
        wait_for(lambda: 3 not in board.snapshot().current)  # finished: off the board
        clients.counter(4).call_next(4)
        wait_for(lambda: 4 in board.snapshot().current)
        assert not board.snapshot().current[4].priority
        clients.counter(4).skip(4)
        wait_for(lambda: 4 not in board.snapshot().current)
        clients.counter(4).undo_skip(4)  # back at counter 4, not announced again
        wait_for(lambda: 4 in board.snapshot().current)
        clients.counter(4).transfer(4, "b")
        wait_for(lambda: 4 not in board.snapshot().current)
        clients.counter(5).counter_session(5, "resume")
        wait_for(lambda: not board.snapshot().paused)
        assert [a.number for a in announcer.history] == ["A001"]
        assert [c.number for c in board.snapshot().recent] == ["A001", "A002"]  # history stays
    finally:
        board.stop()
        board.stream.stop()
