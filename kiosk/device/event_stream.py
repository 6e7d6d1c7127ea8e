"""Following the hub's event stream: reconnects, and resumes with Last-Event-ID.

The follower runs one thread. Events and connection changes reach the caller
through callbacks on that thread; a UI marshals them to its own thread.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterator

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


class EventFollower:
    """Keeps a stream open to ``/api/v1/events``, calling ``on_event`` once per event, in order."""

    def __init__(
        self,
        base_url: str,
        token: str,
        on_event: Callable[[Event], None],
        on_connection: Callable[[bool], None] | None = None,
        last_event_id: int | None = None,
        read_timeout_s: float = 40.0,
        retry_s: tuple[float, float] = (0.5, 5.0),
    ) -> None:
        self.url = f"{base_url.rstrip('/')}/api/v1/events"
        self.token = token
        self.on_event = on_event
        self.on_connection = on_connection or (lambda _: None)
        self.last_event_id = last_event_id
        self.read_timeout_s = read_timeout_s
        self.retry_s = retry_s
        self.connected = False
        self._stop = threading.Event()
        self._response: requests.Response | None = None
        self._thread = threading.Thread(target=self._run, name="event-follower", daemon=True)

    def start(self) -> EventFollower:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        response = self._response
        if response is not None:
            response.close()
        self._thread.join(timeout)

    def _set_connected(self, value: bool) -> None:
        if value != self.connected:
            self.connected = value
            self.on_connection(value)

    def _run(self) -> None:
        delay = self.retry_s[0]
        while not self._stop.is_set():
            try:
                self._follow_once()
                delay = self.retry_s[0]
            except Exception as e:  # keep following whatever the network or the hub did
                if not self._stop.is_set():
                    log.info(
                        "event stream lost (%s); retrying in %.1f s", e.__class__.__name__, delay
                    )
            self._set_connected(False)
            if self._stop.wait(delay):
                break
            delay = min(delay * 2, self.retry_s[1])

    def _follow_once(self) -> None:
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "text/event-stream"}
        if self.last_event_id is not None:
            headers["Last-Event-ID"] = str(self.last_event_id)
        with requests.get(
            self.url, headers=headers, stream=True, timeout=(3.05, self.read_timeout_s)
        ) as response:
            self._response = response
            if response.status_code != 200:
                log.warning("event stream refused: HTTP %d", response.status_code)
                return
            self._set_connected(True)
            for event_id, event_type, data in parse_sse(response.iter_content(chunk_size=None)):
                if self._stop.is_set():
                    return
                if event_id is None or not event_id.isdigit():
                    continue
                number = int(event_id)
                if self.last_event_id is not None and number <= self.last_event_id:
                    continue  # already seen (a replay overlapping what we had)
                payload = json.loads(data)
                self.last_event_id = number
                self.on_event(Event(number, event_type or payload.get("type", ""), payload))
