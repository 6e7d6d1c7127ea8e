"""The phone page's live stream (/t/{token}/events): one ticket's public view, sent again
whenever an event of the hub's broadcaster may have changed it.

A stream subscribes to its site's ``ticket.*`` events; on an event of its own ticket or of
the ticket's service (a call, a finish, a skip, a transfer, a postponement, a new priority
ticket...) it reads the view again and sends it when it changed. Events that arrive together
cost one read. Bounded: :data:`PER_ADDRESS` streams per client address and :data:`TOTAL` on
the hub (refused with 429 past them), the broadcaster's heartbeat and stall limits, and the
stream ends once the ticket is finished (or of a past day).
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

from kiosk.api.errors import ApiError
from kiosk.hub.events import Broadcaster

PER_ADDRESS = 4
TOTAL = 2000
RETRY_MS = 3000

View = tuple[dict[str, Any], str]  # the public view, and the ticket's service now
_owners = itertools.count(1)


class PhoneStreams:
    """Open phone streams per client address (counted while a stream runs)."""

    def __init__(self, per_address: int = PER_ADDRESS, total: int = TOTAL) -> None:
        self.per_address = per_address
        self.total = total
        self.open = 0
        self._open: dict[str, int] = {}

    def full(self, address: str) -> bool:
        """No further stream for ``address`` now."""
        return self._open.get(address, 0) >= self.per_address or self.open >= self.total

    def over(self, address: str) -> bool:
        """More streams run than allowed (requests that raced past :meth:`full`)."""
        return self._open.get(address, 0) > self.per_address or self.open > self.total

    def enter(self, address: str) -> None:
        self.open += 1
        self._open[address] = self._open.get(address, 0) + 1

    def leave(self, address: str) -> None:
        self.open -= 1
        left = self._open.get(address, 1) - 1
        if left:
            self._open[address] = left
        else:
            self._open.pop(address, None)


def _sse(view: dict[str, Any]) -> bytes:
    return f"event: ticket\ndata: {json.dumps(view, ensure_ascii=False)}\n\n".encode()


async def follow(
    broadcaster: Broadcaster,
    streams: PhoneStreams,
    address: str,
    site_id: str,
    ticket_id: int,
    read: Callable[[], View],
) -> AsyncIterator[bytes]:
    """The stream of one ticket's view; ``read`` gives the view now (a store read)."""
    streams.enter(address)
    try:
        with broadcaster.subscription(site_id, "rating", f"phone-{next(_owners)}") as sub:
            if streams.over(address):
                return  # lost a race with another stream of the address: the page reloads later
            yield f"retry: {RETRY_MS}\n\n".encode()
            view, service_id = await asyncio.to_thread(read)
            yield _sse(view)
            while not (sub.closed or view["ended"]):
                if sub.queue:
                    mine = any(
                        e[4].get("ticket_id") == ticket_id or e[4].get("service_id") == service_id
                        for e in sub.queue
                    )
                    sub.queue.clear()
                    sub.pulled_at = broadcaster.loop.time()
                    if mine:
                        fresh, service_id = await asyncio.to_thread(read)
                        if fresh != view:
                            view = fresh
                            yield _sse(view)
                    continue
                if sub.beat:
                    sub.beat = False
                    sub.pulled_at = broadcaster.loop.time()
                    yield b": heartbeat\n\n"
                sub.wake.clear()
                if not (sub.closed or sub.queue or sub.beat):
                    await sub.wake.wait()
    except ApiError:
        return  # the store is unreachable now: the page's EventSource comes back in RETRY_MS
    finally:
        streams.leave(address)
