"""The event stream's defences against readers that stop reading, on a real event loop."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from kiosk.hub import events
from kiosk.hub.events import Broadcaster, EventStreamResponse, QuietDrop


def event(n: int) -> dict[str, Any]:
    return {"id": n, "site_id": "s", "ts": 0.0, "type": "ticket.issued", "data": {"n": n}}


def test_a_send_that_never_completes_ends_the_stream_quietly() -> None:
    async def main() -> tuple[int, int, bool]:
        loop = asyncio.get_running_loop()
        hub = Broadcaster(loop, 0, lambda after, limit: [], heartbeat_s=0.1)
        response = EventStreamResponse(hub.stream(0, "s", "display", "d"), hub)
        sent = []
        stuck = asyncio.Event()  # a reader whose window is closed: never set

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)
            if len(sent) > 2:  # start, retry line, then the socket is full
                await stuck.wait()

        async def run_asgi() -> bool:  # as uvicorn does: the app, then its log, in one task
            await response.stream_response(send)
            text = "ASGI callable returned without completing response."
            return QuietDrop().filter(logging.LogRecord("uvicorn.error", 40, "", 0, text, (), None))

        task = loop.create_task(run_asgi())
        while hub.open_streams == 0:
            await asyncio.sleep(0.01)
        hub._publish([event(1)])
        hub._publish([event(2)])
        async with asyncio.timeout(5):
            logged = await task
        return hub.open_streams, len(sent), logged

    open_after, sent, logged = asyncio.run(main())
    assert open_after == 0  # unregistered: nothing more is queued for it
    assert sent == 3  # no end of body: the server closes the connection
    assert logged is False  # and says nothing of it


def test_a_stream_that_falls_too_far_behind_is_closed(monkeypatch) -> None:
    monkeypatch.setattr(events, "QUEUE_MAX", 10)

    async def main() -> tuple[list[bytes], int]:
        loop = asyncio.get_running_loop()
        hub = Broadcaster(loop, 0, lambda after, limit: [], heartbeat_s=60)
        stream = hub.stream(0, "s", "display", "d")
        first = [await anext(stream)]  # the retry line: registered
        hub._publish([event(1)])
        first.append(await anext(stream))  # read, then no more
        hub._publish([event(n) for n in range(2, 30)])
        rest = [chunk async for chunk in stream]  # ends by itself
        return first + rest, hub.open_streams

    chunks, open_after = asyncio.run(main())
    assert len(chunks) == 2 and chunks[1].startswith(b"id: 1\n") and open_after == 0


async def turns(n: int = 5) -> None:
    """Let the loop run what is ready, ``n`` turns (no time passes)."""
    for _ in range(n):
        await asyncio.sleep(0)


def test_a_stream_resuming_past_what_this_process_has_seen_waits_for_the_feed() -> None:
    """Last-Event-ID 5, given by another hub process, while this one has passed on only
    up to 3: the feed is asked to read first, and the stream goes on after 5, with no
    event sent twice (the display already had 4 and 5)."""

    async def main() -> list[bytes]:
        loop = asyncio.get_running_loop()
        hub = Broadcaster(loop, 3, lambda after, limit: [], heartbeat_s=60)
        hub._publish([event(n) for n in (1, 2, 3)])
        fed: list[int] = []

        def feed() -> None:  # the feed passes 4 and 5 on once, whenever it reads them
            if not fed:
                fed.extend((4, 5))
                hub.publish_threadsafe([event(4), event(5)])  # from its own thread

        hub.catch_up = feed
        stream = hub.stream(5, "s", "display", "d")
        chunks = [await anext(stream)]
        following = loop.create_task(anext(stream))
        await turns()  # the stream replays what it has and waits for more
        feed()  # had the stream not asked, the feed's notification would bring them now
        await turns()
        hub._publish([event(6)])
        chunks.append(await following)
        await stream.aclose()
        return chunks

    retry, after = asyncio.run(main())
    assert retry.startswith(b"retry:") and after.startswith(b"id: 6\n") and b"id: 5" not in after
