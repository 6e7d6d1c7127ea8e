"""The hall display's model: who is called to which counter, announced once each.

:class:`HallBoard` seeds itself from ``/calls/recent``, then follows the hub's event
stream (the device's one :class:`~kiosk.device.event_stream.EventStream`) from the event
id it had seen, so a call made while it started or while the network was down is shown
(and announced) exactly once. Each call event carries its
event id; an id already shown is never shown or announced again.

Callbacks (``on_change``) run on the stream's thread; a UI marshals them to its own.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.device.alerts import AlertFeed, AlertView
from kiosk.device.event_stream import Event, EventStream, Subscription
from kiosk.device.hub_client import HubClient, HubError
from kiosk.devices.announcer import Announcer

log = logging.getLogger(__name__)

CALL_EVENTS = ("ticket.called", "ticket.recalled")
ENDED = ("ticket.finished", "ticket.skipped", "ticket.transferred")  # off "now serving"
PAUSING = {"counter.paused": True, "counter.signed_out": True,
           "counter.resumed": False, "counter.signed_in": False}  # fmt: skip
HALL_EVENTS = ("ticket.", "counter.", "device.alert")


@dataclass(frozen=True)
class CallView:
    """One call (or recall) of ``number`` to ``counter_id``; ``event_id`` identifies it."""

    event_id: int
    number: str
    counter_id: int
    service_id: str
    at: float
    recall: bool
    ticket_id: int = 0
    priority: bool = False  # marked on the board, so a citizen called first is understood


@dataclass(frozen=True)
class HallSnapshot:
    """What the display shows now: the ticket being served per counter (gone once it is
    finished, skipped or transferred), last calls newest first, counters on a break."""

    current: dict[int, CallView]
    recent: tuple[CallView, ...]
    connected: bool
    fresh: CallView | None = None  # the call that just arrived (blink it), if any
    blink_until: dict[int, float] = field(default_factory=dict)  # counter -> monotonic time
    paused: frozenset[int] = frozenset()
    alerts: tuple[AlertView, ...] = ()  # device alerts in force (the status line)

    def blinking(self, counter_id: int, now: float | None = None) -> bool:
        until = self.blink_until.get(counter_id, 0.0)
        return (time.monotonic() if now is None else now) < until


class HallBoard:
    """Follows the hub for one display; announces new calls through ``announcer``.

    :param history: how many past calls to keep (the display lists 8).
    :param blink_s: how long a new call blinks on screen.
    :param announce_recalls: say a recalled number again (default yes).
    """

    def __init__(
        self,
        hub: HubClient,
        stream: EventStream,
        announcer: Announcer | None = None,
        *,
        on_change: Callable[[HallSnapshot], None] | None = None,
        history: int = 8,
        blink_s: float = 6.0,
        announce_recalls: bool = True,
        retry_s: tuple[float, float] = (0.5, 5.0),
    ) -> None:
        self.hub = hub
        self.stream = stream
        self.announcer = announcer
        self.on_change = on_change or (lambda _: None)
        self.history = history
        self.blink_s = blink_s
        self.announce_recalls = announce_recalls
        self.retry_s = retry_s
        self.subscription: Subscription | None = None
        self._lock = threading.Lock()
        self._current: dict[int, CallView] = {}
        self._recent: list[CallView] = []
        self._seen: set[int] = set()
        self._blink_until: dict[int, float] = {}
        self._paused: set[int] = set()
        self._connected = False
        self._stop = threading.Event()
        self._starter: threading.Thread | None = None
        self.alerts = AlertFeed(hub, lambda _alerts: self.on_change(self.snapshot()))

    # -- life cycle ------------------------------------------------------------

    def start(self) -> HallBoard:
        """Seed and follow in the background (retrying until the hub answers); returns at once."""
        self._starter = threading.Thread(target=self._seed_then_follow, name="hall", daemon=True)
        self._starter.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._starter is not None:
            self._starter.join(5)
        if self.subscription is not None:
            self.stream.unsubscribe(self.subscription)

    def snapshot(self, fresh: CallView | None = None) -> HallSnapshot:
        with self._lock:
            return HallSnapshot(
                dict(self._current),
                tuple(self._recent),
                self._connected,
                fresh,
                dict(self._blink_until),
                frozenset(self._paused),
                tuple(self.alerts.active()),
            )

    @property
    def connected(self) -> bool:
        return self._connected

    @property
    def last_event_id(self) -> int | None:
        return self.subscription.last_id if self.subscription is not None else None

    # -- seeding and following --------------------------------------------------

    def _seed_then_follow(self) -> None:
        delay = self.retry_s[0]
        while not self._stop.is_set():
            try:
                last_id = self.hub.health().last_event_id
                calls = self.hub.recent_calls(self.history)
                board = self.hub.board()
                alerts = self.hub.active_alerts()
                break
            except HubError as e:
                log.info("hall: hub not reachable yet (%s); retry in %.1f s", e, delay)
                if self._stop.wait(delay):
                    return
                delay = min(delay * 2, self.retry_s[1])
        else:
            return
        views = [CallView(c.event_id, c.number, c.counter_id, c.service_id, c.at, c.recall,
                          c.ticket_id, c.priority) for c in calls]  # fmt: skip
        serving = {}
        for b in board:
            now = b.current
            if now is not None:
                call = next((v for v in views if v.ticket_id == now.id), None)
                serving[b.id] = call or CallView(
                    0, now.number, b.id, now.service_id, 0.0, False, now.id, now.priority
                )
        self.seed(views, serving, {b.id for b in board if b.paused})
        self.alerts.seed(alerts)
        if not self._stop.is_set():
            self.subscription = self.stream.subscribe(
                self.on_event, HALL_EVENTS, on_connection=self._on_connection, since=last_id
            )

    def seed(
        self,
        calls: list[CallView],
        serving: dict[int, CallView] | None = None,
        paused: set[int] | None = None,
    ) -> None:
        """Show past calls (newest first, as the hub lists them) without announcing them;
        ``serving`` (counter -> call) is who is at each counter now, when known."""
        with self._lock:
            for call in reversed(calls):
                if call.event_id not in self._seen:
                    self._remember(call)
            if serving is not None:
                self._current = dict(serving)
            if paused is not None:
                self._paused = set(paused)
        self.on_change(self.snapshot())

    def _on_connection(self, connected: bool) -> None:
        with self._lock:
            self._connected = connected
        self.on_change(self.snapshot())

    def on_event(self, event: Event) -> None:
        """One event from the stream: a call or recall is shown, blinked and announced once;
        a ticket that ends leaves "now serving"; a counter's break shows; a device alert
        changes the status line."""
        if self.alerts.on_event(event):
            return
        if event.type in ENDED or event.type in PAUSING or event.type == "ticket.unskipped":
            self._on_counter_change(event)
            return
        if event.type not in CALL_EVENTS:
            return
        call = self._view(event)
        with self._lock:
            if call.event_id in self._seen:
                return
            self._remember(call)
            self._blink_until[call.counter_id] = time.monotonic() + self.blink_s
        if self.announcer is not None and (self.announce_recalls or not call.recall):
            try:
                self.announcer.announce(call.number, call.counter_id)
            except Exception:  # a broken speaker must not stop the screen
                log.exception("hall: could not announce %s", call.number)
        self.on_change(self.snapshot(fresh=call))

    @staticmethod
    def _view(event: Event) -> CallView:
        data = event.data
        return CallView(
            event.id,
            str(data["number"]),
            int(data["counter_id"]),
            str(data.get("service_id", "")),
            float(data.get("ts", time.time())),
            event.type == "ticket.recalled",
            int(data.get("ticket_id", 0)),
            bool(data.get("priority")),
        )

    def _on_counter_change(self, event: Event) -> None:
        with self._lock:
            if event.type in PAUSING:
                counter_id = int(event.data["counter_id"])
                (self._paused.add if PAUSING[event.type] else self._paused.discard)(counter_id)
            elif event.type == "ticket.unskipped":  # back at its counter, not announced again
                call = self._view(event)
                self._current[call.counter_id] = call
            else:
                ticket_id = event.data.get("ticket_id")
                for counter_id, call in list(self._current.items()):
                    if call.ticket_id == ticket_id and call.event_id < event.id:
                        del self._current[counter_id]
                        self._blink_until.pop(counter_id, None)
        self.on_change(self.snapshot())

    def _remember(self, call: CallView) -> None:
        self._seen.add(call.event_id)
        current = self._current.get(call.counter_id)
        if current is None or current.event_id < call.event_id:
            self._current[call.counter_id] = call
        self._recent = sorted([call, *self._recent], key=lambda c: -c.event_id)[: self.history]
