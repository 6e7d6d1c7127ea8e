"""The device's one event stream from the hub: subscribers by event type, reconnects,
resumes with Last-Event-ID.

A device opens one ``/api/v1/events`` connection whatever its roles; the hall board, the
counter screen, the rating flow and the alert feed each subscribe to the event types
they want. The stream runs one thread; events and connection changes reach subscribers
through callbacks on that thread (a UI marshals them to its own). Each subscriber has
its own position: one that subscribes ``since`` an older event id (the hall board,
after seeding from the hub) makes the stream resume from there, and nobody is given an
event twice.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import requests

from kiosk.api.events import Event

log = logging.getLogger(__name__)


def parse_sse(chunks: Iterator[bytes]) -> Iterator[tuple[str | None, str | None, str]]:
    """(id, event, data) per dispatched event of a text/event-stream (WHATWG rules)."""
    buffer = b""
    event_id: str | None = None
    event_type: str | None = None
    data: list[str] = []
    for chunk in chunks:
        buffer += chunk
        *lines, buffer = buffer.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
        for raw in lines:
            line = raw.decode("utf-8", errors="replace")
            if not line:
                if data:
                    yield event_id, event_type, "\n".join(data)
                event_type, data = None, []
                continue
            if line.startswith(":"):
                continue
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if name == "data":
                data.append(value)
            elif name == "id" and "\0" not in value:
                event_id = value
            elif name == "event":
                event_type = value


@dataclass(eq=False)
class Subscription:
    """One subscriber: the type prefixes it wants, its callbacks, the last id it was given."""

    prefixes: tuple[str, ...]
    on_event: Callable[[Event], object]  # what it returns is ignored
    on_connection: Callable[[bool], None] | None
    last_id: int | None


class EventStream:
    """Keeps one stream open to ``/api/v1/events`` while anyone subscribes; each
    subscriber gets the events of its types once each, in order."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        read_timeout_s: float = 40.0,
        retry_s: tuple[float, float] = (0.5, 5.0),
    ) -> None:
        self.url = f"{base_url.rstrip('/')}/api/v1/events"
        self.token = token
        self.read_timeout_s = read_timeout_s
        self.retry_s = retry_s
        self.connected = False
        self.connections = 0  # streams opened so far
        self.last_event_id: int | None = None  # the newest id received
        self._subscriptions: list[Subscription] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._rewind = False
        self._stop = threading.Event()
        self._response: requests.Response | None = None
        self._thread = threading.Thread(target=self._run, name="event-stream", daemon=True)

    def start(self) -> EventStream:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        self._close_response()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def subscribe(
        self,
        on_event: Callable[[Event], object],
        prefixes: tuple[str, ...] = ("",),
        *,
        on_connection: Callable[[bool], None] | None = None,
        since: int | None = None,
    ) -> Subscription:
        """Call ``on_event`` for each event whose type starts with one of ``prefixes``, from
        the event after ``since`` (default: from now); ``on_connection(up)`` on changes, and
        at once when the stream is already up."""
        with self._lock:
            position = self.last_event_id
            subscription = Subscription(
                prefixes, on_event, on_connection, since if since is not None else position
            )
            self._subscriptions.append(subscription)
            rewind = since is not None and position is not None and since < position
            if rewind:
                self._rewind = True
            connected = self.connected
        if rewind:
            self._close_response()  # resume from ``since``; the others skip what they had
        if connected and on_connection is not None:
            on_connection(True)
        self._wake.set()
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            if subscription in self._subscriptions:
                self._subscriptions.remove(subscription)

    # -- the connection ----------------------------------------------------------

    def _close_response(self) -> None:
        response = self._response
        if response is not None:
            response.close()

    def _set_connected(self, value: bool) -> None:
        with self._lock:
            if value == self.connected:
                return
            self.connected = value
            listeners = [s.on_connection for s in self._subscriptions if s.on_connection]
        for listener in listeners:
            _safely(listener, value)

    def _resume_from(self) -> int | None:
        """The oldest position a subscriber still needs (or the stream's own)."""
        with self._lock:
            self._rewind = False
            positions = [s.last_id for s in self._subscriptions if s.last_id is not None]
            return min(positions) if positions else self.last_event_id

    def _run(self) -> None:
        delay = self.retry_s[0]
        while not self._stop.is_set():
            if not self._subscriptions:
                self._wake.wait()
                self._wake.clear()
                continue
            try:
                self._follow_once()
                delay = self.retry_s[0]
            except Exception as e:  # keep following whatever the network or the hub did
                if not self._stop.is_set() and not self._rewind:
                    log.info(
                        "event stream lost (%s); retrying in %.1f s", e.__class__.__name__, delay
                    )
            if self._rewind:
                continue
            self._set_connected(False)
            if self._stop.wait(delay):
                break
            delay = min(delay * 2, self.retry_s[1])

    def _follow_once(self) -> None:
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "text/event-stream"}
        since = self._resume_from()
        if since is not None:
            headers["Last-Event-ID"] = str(since)
        with requests.get(
            self.url, headers=headers, stream=True, timeout=(3.05, self.read_timeout_s)
        ) as response:
            self._response = response
            if self._stop.is_set():
                return
            if response.status_code != 200:
                log.warning("event stream refused: HTTP %d", response.status_code)
                return
            self.connections += 1
            self._set_connected(True)
            for event_id, event_type, data in parse_sse(response.iter_content(chunk_size=None)):
                if self._stop.is_set() or self._rewind:
                    return
                if event_id is None or not event_id.isdigit():
                    continue
                payload = json.loads(data)
                self._dispatch(Event(int(event_id), event_type or payload.get("type", ""), payload))

    def _dispatch(self, event: Event) -> None:
        """Give ``event`` to every subscriber that has not had it and wants its type."""
        with self._lock:
            if self.last_event_id is None or event.id > self.last_event_id:
                self.last_event_id = event.id
            due = []
            for s in self._subscriptions:
                if s.last_id is None or event.id > s.last_id:
                    s.last_id = event.id
                    if event.matches(s.prefixes):
                        due.append(s.on_event)
        for on_event in due:
            _safely(on_event, event)


def _safely(callback: Callable[..., object], *args: object) -> None:
    """A subscriber's failure is logged; the stream and the other subscribers go on."""
    try:
        callback(*args)
    except Exception:
        log.exception("event subscriber failed")
