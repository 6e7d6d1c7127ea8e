"""Live events as server-sent events, with replay from Last-Event-ID.

Every state change writes its event in the same transaction (``events`` table,
AUTOINCREMENT ids, so ids are monotonic and never reused). After each commit
the writer hands the new events to the :class:`Broadcaster`, which keeps the
recent ones in memory and wakes the streams. A stream resuming from an id older
than that memory reads the gap from the database, so nothing is missed.
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
from collections.abc import AsyncIterator, Callable
from typing import Any

MEMORY = 5000


def format_sse(event: dict[str, Any]) -> bytes:
    data = json.dumps(
        {"id": event["id"], "ts": event["ts"], "type": event["type"], **event["data"]},
        ensure_ascii=False,
    )
    return f"id: {event['id']}\nevent: {event['type']}\ndata: {data}\n\n".encode()


class Broadcaster:
    """Fans committed events out to the open streams of one event loop."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        last_id: int,
        load_after: Callable[[int, int], list[dict[str, Any]]],
    ) -> None:
        self.loop = loop
        self.last_id = last_id
        self._base = last_id  # the memory holds every event with id > _base
        self._recent: deque[dict[str, Any]] = deque()
        self._changed = asyncio.Event()
        self._load_after = load_after

    def publish_threadsafe(self, events: list[dict[str, Any]]) -> None:
        """Called by the writer thread after a commit."""
        self.loop.call_soon_threadsafe(self._publish, events)

    def _publish(self, events: list[dict[str, Any]]) -> None:
        for event in events:
            self._recent.append(event)
            self.last_id = max(self.last_id, event["id"])
        while len(self._recent) > MEMORY:
            self._base = self._recent.popleft()["id"]
        self._changed.set()
        self._changed = asyncio.Event()

    async def _after(self, last_id: int) -> list[dict[str, Any]]:
        if last_id >= self._base:
            return [e for e in self._recent if e["id"] > last_id]
        return await asyncio.to_thread(self._load_after, last_id, 1000)

    async def stream(self, last_id: int, heartbeat_s: float, site_id: str) -> AsyncIterator[bytes]:
        """A site's events after ``last_id``, forever; a comment every ``heartbeat_s`` of silence.

        Ids are shared by every site of the hub, so a stream's ids have gaps.
        """
        yield b"retry: 2000\n\n"
        loop = asyncio.get_running_loop()
        last_id = min(last_id, self.last_id)  # an id from a replaced database: follow from now
        quiet_since = loop.time()
        while True:
            batch = await self._after(last_id)
            for event in batch:
                last_id = event["id"]
                if event["site_id"] == site_id:
                    quiet_since = loop.time()
                    yield format_sse(event)
            silence = loop.time() - quiet_since
            if silence >= heartbeat_s:  # other sites' events do not keep this stream alive
                quiet_since = loop.time()
                yield b": heartbeat\n\n"
            if batch or self.last_id > last_id:  # more may have come while this one was read
                continue
            try:
                wait = heartbeat_s - (loop.time() - quiet_since)
                await asyncio.wait_for(self._changed.wait(), wait)
            except TimeoutError:
                pass
