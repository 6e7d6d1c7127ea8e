"""Many event streams on one asyncio loop in a thread of its own (tests and bench/events.py).

Each stream is a raw HTTP/1.0 connection (the body ends when the hub closes it), so
hundreds of them cost one thread. A stream records the ids and types it received.
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.helpers import poll

_EVENT = re.compile(rb"^id: (\d+)\nevent: ([^\n]+)$", re.M)


@dataclass
class Stream:
    token: str
    ids: list[int] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    status: int = 0
    ready: bool = False  # the hub answered and sent its retry line: the stream is registered
    ended: bool = False  # the hub closed it
    seen_at: dict[int, float] = field(default_factory=dict)  # id -> monotonic time received


class Swarm:
    """Opens streams to ``port`` and follows them until :meth:`close`."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.streams: list[Stream] = []
        self.loop = asyncio.new_event_loop()
        self._writers: list[asyncio.StreamWriter] = []
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    def open(self, tokens: list[str], last_event_id: int | None = None) -> list[Stream]:
        """Start one stream per token; returns at once (see :meth:`wait`)."""
        opened = [Stream(t) for t in tokens]
        self.streams += opened
        for stream in opened:
            asyncio.run_coroutine_threadsafe(self._follow(stream, last_event_id), self.loop)
        return opened

    async def _follow(self, stream: Stream, last_event_id: int | None) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port, limit=1 << 20)
        self._writers.append(writer)
        extra = f"Last-Event-ID: {last_event_id}\r\n" if last_event_id is not None else ""
        writer.write(
            f"GET /api/v1/events HTTP/1.0\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Bearer {stream.token}\r\n{extra}\r\n".encode()
        )
        try:
            status = await reader.readline()
            stream.status = int(status.split()[1])
            while (await reader.readline()).strip():  # headers
                pass
            pending = b""
            while chunk := await reader.read(1 << 16):  # one read per write of the hub
                pending += chunk
                complete, _, pending = pending.rpartition(b"\n\n")
                if b"retry:" in complete:
                    stream.ready = True
                now = time.monotonic()
                for number, kind in _EVENT.findall(complete):
                    stream.ids.append(int(number))
                    stream.types.append(kind.decode())
                    stream.seen_at[int(number)] = now
        except (OSError, ValueError, IndexError):
            pass
        finally:
            stream.ended = True
            writer.close()

    def wait(self, predicate: Callable[[], bool], timeout: float = 15.0) -> bool:
        """Poll ``predicate`` until true or the deadline passes; whether it came true."""
        return bool(poll(predicate, timeout))

    def close(self) -> None:
        def shut() -> None:
            for writer in self._writers:
                writer.close()

        self.loop.call_soon_threadsafe(shut)
        self.wait(lambda: all(s.ended for s in self.streams), 10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)
        self.loop.close()
