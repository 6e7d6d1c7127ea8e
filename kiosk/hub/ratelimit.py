"""Per-device token buckets, so one kiosk cannot enumerate dossiers by trying codes."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable


class RateLimiter:
    """``capacity`` lookups at once, refilled at ``per_minute``; one bucket per key."""

    def __init__(
        self,
        capacity: int = 5,
        per_minute: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.capacity = capacity
        self.rate = per_minute / 60.0
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """Spend one token for ``key``: 0 when allowed, else seconds to wait."""
        with self._lock:
            now = self.clock()
            tokens, last = self._buckets.get(key, (float(self.capacity), now))
            tokens = min(float(self.capacity), tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.rate

    def retry_after(self, wait: float) -> str:
        """A Retry-After header value (whole seconds, at least 1)."""
        return str(max(1, math.ceil(wait)))
