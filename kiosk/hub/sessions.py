"""Report sign-ins kept in the hub's memory: the browser's cookie holds only a random
session id; a session ends at sign-out, after :data:`TTL_S`, or when the hub restarts."""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from kiosk.config import Device

TTL_S = 8 * 3600
MAX_SESSIONS = 1000


class Sessions:
    """Session id -> (device, expiry); the oldest are dropped past ``MAX_SESSIONS``.

    The device itself is kept: device ids repeat across the sites of one hub."""

    def __init__(self, ttl_s: float = TTL_S, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self.clock = clock
        self._open: OrderedDict[str, tuple[Device, float]] = OrderedDict()
        self._lock = threading.Lock()

    def start(self, device: Device) -> str:
        session_id = secrets.token_urlsafe(32)
        with self._lock:
            self._open[session_id] = (device, self.clock() + self.ttl_s)
            while len(self._open) > MAX_SESSIONS:
                self._open.popitem(last=False)
        return session_id

    def device(self, session_id: str | None) -> Device | None:
        """The device signed in with ``session_id``, None when unknown or expired."""
        if not session_id:
            return None
        with self._lock:
            found = self._open.get(session_id)
            if found is None:
                return None
            if found[1] <= self.clock():
                del self._open[session_id]
                return None
            return found[0]

    def end(self, session_id: str | None) -> None:
        with self._lock:
            self._open.pop(session_id or "", None)
