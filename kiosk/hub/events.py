"""Live events as server-sent events, with replay from Last-Event-ID.

Every state change writes its event in the same transaction (``events`` table,
AUTOINCREMENT ids, so ids are monotonic and never reused). After each commit
the writer hands the new events to the :class:`Broadcaster`, which keeps the
recent ones in memory and appends each to the queue of every open stream of
its site whose role wants it (O(1) per stream and event; the SSE text is made
once). A stream resuming from an id older than that memory reads the gap from
the database, so nothing is missed.

Limits: at most :data:`STREAMS_PER_DEVICE` streams per device token (a new one
ends the oldest); a stream whose queue passes :data:`QUEUE_MAX`, or whose reader
has not taken what was sent for ``stall_s`` (three heartbeats), is closed (the client resumes
with Last-Event-ID), so a slow reader never grows the hub's memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import json
import logging
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

from starlette.responses import StreamingResponse
from starlette.types import Send

from kiosk.api.events import ROLE_EVENTS

MEMORY = 5000
STREAMS_PER_DEVICE = 4
QUEUE_MAX = 1000
WAKE_SLICE = 8

Entry = tuple[int, str, str, bytes, dict[str, Any]]  # id, site, type, SSE text, data
_dropped = contextvars.ContextVar("stream_dropped", default=False)


def format_sse(event: dict[str, Any]) -> bytes:
    data = json.dumps(
        {"id": event["id"], "ts": event["ts"], "type": event["type"], **event["data"]},
        ensure_ascii=False,
    )
    return f"id: {event['id']}\nevent: {event['type']}\ndata: {data}\n\n".encode()


def _entry(event: dict[str, Any]) -> Entry:
    return event["id"], event["site_id"], event["type"], format_sse(event), event["data"]


class Subscriber:
    """One open stream: what it wants, and the events queued for it."""

    def __init__(self, site_id: str, role: str, owner: str, now: float, stall_s: float) -> None:
        self.site_id = site_id
        self.types = ROLE_EVENTS.get(role, ())
        self.owner = owner
        self.stall_s = stall_s
        self.queue: deque[Entry] = deque()
        self.wake = asyncio.Event()
        self.closed = ""  # why the hub ended it
        self.beat = False  # a heartbeat is due
        self.pulled_at = now  # when the reader last took what was queued

    def wants(self, site_id: str, type_: str) -> bool:
        return site_id == self.site_id and type_.startswith(self.types)

    def offer(self, entry: Entry, now: float) -> bool:
        """Queue ``entry``; False when the stream is (now) closed."""
        if self.closed:
            return False
        if len(self.queue) >= QUEUE_MAX or (self.queue and now - self.pulled_at > self.stall_s):
            self.close("slow reader")
            return False
        self.queue.append(entry)
        return True

    def close(self, why: str) -> None:
        self.closed = why
        self.queue.clear()
        self.wake.set()


class Broadcaster:
    """Fans committed events out to the open streams of one event loop.

    Streams are woken :data:`WAKE_SLICE` per loop turn, so that requests (a counter's
    call-next) are served between the slices instead of after every stream's write.
    """

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        last_id: int,
        load_after: Callable[[int, int], list[dict[str, Any]]],
        heartbeat_s: float = 15.0,
    ) -> None:
        self.loop = loop
        self.last_id = last_id
        self.heartbeat_s = heartbeat_s
        self.stall_s = 3 * heartbeat_s
        self._base = last_id  # the memory holds every event with id > _base
        self._recent: deque[Entry] = deque()
        self._sites: dict[str, set[Subscriber]] = {}
        self._owners: dict[str, deque[Subscriber]] = {}
        self._load_after = load_after
        self._ticker: asyncio.Task[None] | None = None
        self.responses: set[EventStreamResponse] = set()  # watched for stalled sends

    @property
    def open_streams(self) -> int:
        return sum(len(s) for s in self._sites.values())

    def publish_threadsafe(self, events: list[dict[str, Any]]) -> None:
        """Called by the writer thread after a commit."""
        self.loop.call_soon_threadsafe(self._publish, events)

    def _publish(self, events: list[dict[str, Any]]) -> None:
        now = self.loop.time()
        woken: dict[Subscriber, None] = {}  # in order, once each
        for event in events:
            entry = _entry(event)
            self._recent.append(entry)
            self.last_id = max(self.last_id, entry[0])
            for sub in self._sites.get(entry[1], ()):
                if entry[2].startswith(sub.types) and sub.offer(entry, now):
                    woken[sub] = None
        while len(self._recent) > MEMORY:
            self._base = self._recent.popleft()[0]
        self._wake(list(woken))

    def _wake(self, subs: list[Subscriber]) -> None:
        for sub in subs[:WAKE_SLICE]:
            sub.wake.set()
        if len(subs) > WAKE_SLICE:
            self.loop.call_soon(self._wake, subs[WAKE_SLICE:])

    async def _tick(self) -> None:
        """Due heartbeats, for every stream at once (no timer per stream), and the
        stalled sends' end."""
        while self._sites:
            await asyncio.sleep(self.heartbeat_s / 4)
            now = self.loop.time()
            for response in tuple(self.responses):
                if response.sending_since and now - response.sending_since > self.stall_s:
                    response.stalled = True  # its reader took nothing for stall_s
                    if response.task is not None:
                        response.task.cancel()
            due = []
            for subs in self._sites.values():
                for sub in subs:
                    if now - sub.pulled_at >= self.heartbeat_s:
                        sub.beat = True
                        due.append(sub)
            self._wake(due)
        self._ticker = None

    def _open(self, site_id: str, role: str, owner: str) -> Subscriber:
        sub = Subscriber(site_id, role, owner, self.loop.time(), self.stall_s)
        mine = self._owners.setdefault(owner, deque())
        while len(mine) >= STREAMS_PER_DEVICE:
            mine.popleft().close("replaced by a newer stream of the same device")
        mine.append(sub)
        self._sites.setdefault(site_id, set()).add(sub)
        if self._ticker is None:
            self._ticker = self.loop.create_task(self._tick())
        return sub

    @contextlib.contextmanager
    def subscription(self, site_id: str, role: str, owner: str) -> Iterator[Subscriber]:
        """A stream's queue of the site's new events that ``role`` reads, heartbeats and
        stall limits included, for a stream that sends something else than the events
        (the phone page's view of one ticket)."""
        sub = self._open(site_id, role, owner)
        try:
            yield sub
        finally:
            self._close(sub)

    def _close(self, sub: Subscriber) -> None:
        subs = self._sites.get(sub.site_id)
        if subs is not None:
            subs.discard(sub)
            if not subs:
                del self._sites[sub.site_id]
        mine = self._owners.get(sub.owner)
        if mine is not None:
            if sub in mine:
                mine.remove(sub)
            if not mine:
                del self._owners[sub.owner]

    async def _replay(self, after: int, upto: int) -> AsyncIterator[Entry]:
        """The events in (after, upto]: from memory, or from the database."""
        if after >= self._base:
            kept = [e for e in self._recent if after < e[0] <= upto]  # one pass, at connect
            for entry in kept:
                yield entry
            return
        while after < upto:
            batch = await asyncio.to_thread(self._load_after, after, 1000)
            if not batch:
                return
            for event in batch:
                if event["id"] > upto:
                    return
                after = event["id"]
                yield _entry(event)

    async def stream(
        self, last_id: int, site_id: str, role: str = "admin", owner: str = ""
    ) -> AsyncIterator[bytes]:
        """A site's events after ``last_id`` that ``role`` reads, until the hub ends it;
        a comment after every heartbeat of silence.

        Ids are shared by every site of the hub, so a stream's ids have gaps.
        """
        sub = self._open(site_id, role, owner)
        try:
            yield b"retry: 2000\n\n"
            last = min(last_id, self.last_id)  # an id from a replaced database: follow from now
            async for entry in self._replay(last, self.last_id):
                last = entry[0]
                sub.pulled_at = self.loop.time()  # a long replay is progress, not a stall
                if sub.wants(entry[1], entry[2]):
                    yield entry[3]
            while not sub.closed:
                if sub.queue:  # everything queued goes out as one chunk
                    fresh = [e for e in sub.queue if e[0] > last]  # not replayed already
                    sub.queue.clear()
                    sub.pulled_at = self.loop.time()
                    if fresh:
                        last = fresh[-1][0]
                        yield b"".join(e[3] for e in fresh)
                elif sub.beat:
                    sub.beat = False
                    sub.pulled_at = self.loop.time()
                    yield b": heartbeat\n\n"
                sub.wake.clear()
                if not (sub.closed or sub.queue or sub.beat):
                    await sub.wake.wait()
        finally:
            self._close(sub)


class EventStreamResponse(StreamingResponse):
    """An SSE response whose reader must take each chunk within the broadcaster's
    ``stall_s``: its ticker cancels a send that waits longer (no timer per send)."""

    def __init__(self, content: AsyncIterator[bytes], hub: Broadcaster, **kwargs: Any) -> None:
        super().__init__(content, media_type="text/event-stream", **kwargs)
        self.hub = hub
        self.sending_since = 0.0  # loop time the current send began (0: none)
        self.stalled = False
        self.task: asyncio.Task[Any] | None = None

    async def stream_response(self, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        if task is None:  # Starlette awaits this in a task; the stall watchdog cancels it
            raise RuntimeError("an event stream must be sent from a task")
        self.task = task
        self.hub.responses.add(self)
        body = self.body_iterator
        try:
            async for chunk in body:
                self.sending_since = loop.time()
                try:
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
                except asyncio.CancelledError:
                    if not self.stalled:
                        raise
                    task.uncancel()
                    _dropped.set(True)  # the server closes the connection; see QuietDrop
                    return
                self.sending_since = 0.0
        finally:
            self.hub.responses.discard(self)
            await body.aclose()  # type: ignore[attr-defined]
        await send({"type": "http.response.body", "body": b"", "more_body": False})


class QuietDrop(logging.Filter):
    """Keeps uvicorn from reporting a stalled event stream, which the hub ended on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (_dropped.get() and "without completing response" in record.getMessage())


def install_quiet_drop() -> None:
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, QuietDrop) for f in logger.filters):
        logger.addFilter(QuietDrop())
