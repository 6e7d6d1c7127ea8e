"""The live event stream: order, heartbeats, and replay with Last-Event-ID."""

from __future__ import annotations

import threading
import time

import requests

from kiosk.device.event_stream import Event, EventStream
from tests.hub.conftest import token


class Collector:
    def __init__(self) -> None:
        self.events: list[Event] = []
        self.states: list[bool] = []
        self.changed = threading.Condition()

    def on_event(self, event: Event) -> None:
        with self.changed:
            self.events.append(event)
            self.changed.notify_all()

    def on_connection(self, up: bool) -> None:
        with self.changed:
            self.states.append(up)
            self.changed.notify_all()

    @property
    def up(self) -> bool:
        """The stream is open now."""
        return bool(self.states) and self.states[-1]

    def wait_for(self, predicate, timeout: float = 10.0) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: predicate(self), timeout)


def follow(hub, collector: Collector, last_event_id: int | None = None) -> EventStream:
    stream = EventStream(hub.url, token("display-1"), retry_s=(0.1, 0.5))
    stream.subscribe(collector.on_event, on_connection=collector.on_connection, since=last_event_id)
    return stream.start()


def called_numbers(collector: Collector) -> list[str]:
    return [e.data["number"] for e in collector.events if e.type == "ticket.called"]


def test_calls_arrive_live_in_order(hub, clients):
    seen = Collector()
    follower = follow(hub, seen)
    try:
        assert seen.wait_for(lambda c: c.states == [True])
        for _ in range(5):
            clients.kiosk.issue_ticket("a")
        for _ in range(5):
            clients.counter(3).call_next(3)
        assert seen.wait_for(lambda c: len(called_numbers(c)) == 5)
        assert called_numbers(seen) == ["A001", "A002", "A003", "A004", "A005"]
        ids = [e.id for e in seen.events]
        assert ids == sorted(ids) and len(set(ids)) == len(ids)
        last = seen.events[-1]
        assert last.data["counter_id"] == 3 and last.data["ticket_id"] > 0
    finally:
        follower.stop()


def test_replay_after_disconnect_misses_nothing_and_repeats_nothing(hub, clients):
    for _ in range(30):
        clients.kiosk.issue_ticket("a")
    seen = Collector()
    follower = follow(hub, seen)
    assert seen.wait_for(lambda c: c.states == [True])
    for _ in range(10):
        clients.counter(3).call_next(3)
    assert seen.wait_for(lambda c: len(called_numbers(c)) == 10)
    follower.stop()
    resume_from = seen.events[-1].id
    for _ in range(10):  # made while the display is away
        clients.counter(4).call_next(4)
    follower = follow(hub, seen, last_event_id=resume_from)
    try:
        assert seen.wait_for(lambda c: len(called_numbers(c)) == 20)
        clients.counter(4).call_next(4)  # a marker: a repeat of the replay would come before it
        assert seen.wait_for(lambda c: len(called_numbers(c)) >= 21)
        assert called_numbers(seen) == [f"A{i:03d}" for i in range(1, 22)]
    finally:
        follower.stop()


def test_replay_from_the_database_after_a_hub_restart(hub, clients):
    for _ in range(6):
        clients.kiosk.issue_ticket("a")
    seen = Collector()
    follower = follow(hub, seen)
    assert seen.wait_for(lambda c: c.states == [True])
    clients.counter(3).call_next(3)
    assert seen.wait_for(lambda c: len(called_numbers(c)) == 1)
    hub.stop()
    assert seen.wait_for(lambda c: c.states[-1] is False)
    hub.start()
    for _ in range(5):
        clients.counter(3).call_next(3)
    try:
        assert seen.wait_for(lambda c: len(called_numbers(c)) == 6, timeout=15)
        assert called_numbers(seen) == [f"A{i:03d}" for i in range(1, 7)]
        assert seen.states[-1] is True
    finally:
        follower.stop()


def test_heartbeat_and_headers(hub):
    headers = {"Authorization": f"Bearer {token('display-1')}", "Last-Event-ID": "0"}
    with requests.get(
        f"{hub.url}/api/v1/events", headers=headers, stream=True, timeout=5
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        received = b""
        deadline = time.monotonic() + 4
        for chunk in response.iter_content(chunk_size=None):
            received += chunk
            if b": heartbeat" in received or time.monotonic() > deadline:
                break
        assert b"retry: 2000" in received and b": heartbeat" in received


def test_bad_last_event_id_is_a_clear_422(hub):
    headers = {"Authorization": f"Bearer {token('display-1')}", "Last-Event-ID": "abc"}
    response = requests.get(f"{hub.url}/api/v1/events", headers=headers, timeout=5)
    assert response.status_code == 422
    assert response.json()["error"] == "invalid"
