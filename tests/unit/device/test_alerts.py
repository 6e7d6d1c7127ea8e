"""The staff screens' alert model against a real hub: seeded, followed, and a seed that
arrives after newer events does not bring a cleared alert back."""

from __future__ import annotations

import threading

from kiosk.device.alerts import AlertFeed
from kiosk.device.event_stream import EventStream
from tests.helpers import wait_for


def test_seed_and_events_in_either_order(clients):
    clients.kiosk.alert("printer", "paper_out")
    changes: list[list] = []
    lock = threading.Lock()

    def changed(alerts: list) -> None:
        with lock:
            changes.append(alerts)

    counter = clients.counter(1)
    feed = AlertFeed(counter, changed).start()
    follower = EventStream(counter.base_url, counter.token)
    follower.subscribe(feed.on_event, ("device.alert",))
    follower.start()
    try:
        wait_for(lambda: [a.key for a in feed.active()] == ["alert.printer.paper_out"])
        stale = counter.active_alerts()  # a snapshot taken now, delivered late
        wait_for(lambda: follower.connected)
        clients.counter(2).alert("led_board", "offline")
        clients.kiosk.alert("printer", "ok")
        wait_for(lambda: [a.key for a in feed.active()] == ["alert.led_board.offline"])
        assert feed.active()[0].severity == "error" and feed.active()[0].device_id == "counter-2"
        feed.seed(stale)  # older than the clear: ignored
        assert [a.key for a in feed.active()] == ["alert.led_board.offline"]
        clients.kiosk.alert("printer", "unknown")
        wait_for(lambda: len(feed.active()) == 2)
        assert [a.severity for a in feed.active()] == ["error", "warn"]
    finally:
        follower.stop()
        feed.stop()
    assert changes[0][0].status == "paper_out" and len(changes) >= 4
