"""Abuse limits per client address: token buckets for public pages, a lockout after
repeated wrong tokens. Both forget the oldest addresses past :data:`MAX_KEYS`, so a
flood of addresses cannot grow the hub's memory.

The address is the connection's, or the one a trusted reverse proxy forwards
(uvicorn's ``--forwarded-allow-ips``, loopback by default).
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection

MAX_KEYS = 10_000


def client_address(request: HTTPConnection) -> str:
    return request.client.host if request.client else "?"


def retry_after(wait: float) -> str:
    """A Retry-After value: whole seconds, at least 1."""
    return str(max(1, math.ceil(wait)))


class Buckets:
    """``burst`` requests at once per key, refilled at ``per_s``."""

    def __init__(
        self, burst: float, per_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.burst = burst
        self.per_s = per_s
        self.clock = clock
        self._keys: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """Spend one token of ``key``: 0 when allowed, else the seconds to wait."""
        with self._lock:
            now = self.clock()
            tokens, last = self._keys.pop(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.per_s)
            allowed = tokens >= 1.0
            self._keys[key] = (tokens - 1.0 if allowed else tokens, now)
            if len(self._keys) > MAX_KEYS:
                self._keys.popitem(last=False)
            return 0.0 if allowed else (1.0 - tokens) / self.per_s


class Lockout:
    """``free`` failures per key, then refused for ``base_s``, doubling with every
    lockout up to ``max_s``. Failures are forgotten ``forget_s`` after the last one
    (not by a success: a lobby device's token must not buy more guesses)."""

    def __init__(
        self,
        free: int = 10,
        base_s: float = 60.0,
        max_s: float = 3600.0,
        forget_s: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.free, self.base_s, self.max_s, self.forget_s = free, base_s, max_s, forget_s
        self.clock = clock
        # key -> (failures since the last lockout, lockouts, locked until, last failure)
        self._keys: OrderedDict[str, tuple[int, int, float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def locked(self, key: str) -> float:
        """Seconds ``key`` stays refused (0: free)."""
        with self._lock:
            state = self._keys.get(key)
            if state is None:
                return 0.0
            now = self.clock()
            if state[2] <= now and now - state[3] > self.forget_s:
                del self._keys[key]
                return 0.0
            return max(0.0, state[2] - now)

    def failed(self, key: str) -> float:
        """Count a failure of ``key``; the seconds it is now refused (0: not yet)."""
        with self._lock:
            now = self.clock()
            failures, locks, until, _ = self._keys.pop(key, (0, 0, 0.0, now))
            failures += 1
            if failures >= self.free:
                until = now + min(self.max_s, self.base_s * 2**locks)
                failures, locks = 0, locks + 1
            self._keys[key] = (failures, locks, until, now)
            if len(self._keys) > MAX_KEYS:
                self._keys.popitem(last=False)
            return max(0.0, until - now)


def refuse(wait: float, what_vi: str, what_en: str) -> HTTPException:
    """The 429 answer (JSON, with Retry-After) for a refused address."""
    seconds = retry_after(wait)
    return HTTPException(
        429,
        f"{what_vi}; thử lại sau {seconds} giây / {what_en}; try again in {seconds} s",
        headers={"Retry-After": seconds},
    )


class TicketViews:
    """The public ticket page's limit: a new page token costs a token of the address's
    bucket, a page it viewed lately (a phone refreshing its own ticket) costs nothing."""

    def __init__(self, buckets: Buckets, remembered: int = 16) -> None:
        self.buckets = buckets
        self.remembered = remembered
        self._seen: OrderedDict[str, OrderedDict[str, None]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, address: str, page: str) -> float:
        """0 when the page may be shown, else the seconds to wait."""
        with self._lock:
            seen = self._seen.pop(address, None) or OrderedDict()
            self._seen[address] = seen
            if len(self._seen) > MAX_KEYS:
                self._seen.popitem(last=False)
            if page in seen:
                seen.move_to_end(page)
                return 0.0
        wait = self.buckets.take(address)
        if not wait:
            with self._lock:
                seen[page[:64]] = None
                if len(seen) > self.remembered:
                    seen.popitem(last=False)
        return wait
