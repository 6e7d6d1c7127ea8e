"""What the hub's routes share: the sites, the clock, the store and the event fan-out."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from fastapi import Request

from kiosk.api.errors import ApiError
from kiosk.clock import Clock
from kiosk.config import Device, HubConfig, NotifySettings, Site
from kiosk.hub.events import Broadcaster
from kiosk.hub.ratelimit import RateLimiter
from kiosk.queue import notify_outbox
from kiosk.store.db import Database, Tx
from kiosk.store.errors import StoreRefused

T = TypeVar("T")
log = logging.getLogger(__name__)
STORE_DOWN = (
    "Hệ thống tạm gián đoạn, vui lòng thử lại sau ít phút / "
    "the hub's database is unreachable; try again shortly"
)


def load_events_after(conn: Any, last_id: int, limit: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT id, site_id, ts, type, data FROM events WHERE id > ? ORDER BY id LIMIT ?",
        (last_id, limit),
    ).fetchall()
    return [
        {
            "id": r["id"],
            "site_id": r["site_id"],
            "ts": r["ts"],
            "type": r["type"],
            "data": json.loads(r["data"]),
        }
        for r in rows
    ]


@dataclass
class Hub:
    config: HubConfig
    clock: Clock
    db: Database
    broadcaster: Broadcaster
    heartbeat_s: float
    # officers' PIN tries per counter: five, then one a minute
    pin_tries: RateLimiter = field(default_factory=lambda: RateLimiter(5, per_minute=1.0))
    notify: NotifySettings | None = None  # messages to phones ([hub.notify]); None: off

    async def write(self, fn: Callable[[Tx], T]) -> T:
        """Run ``fn(tx)`` on the writer thread; returns after the durable commit. With
        messages to phones on, the outbox follows the task's ticket events in the same
        transaction (kiosk/queue/notify_outbox.py).

        A store that cannot be reached (database server down) is a 503, which clients
        treat as "try again later"; nothing was written.
        """
        task = fn if self.notify is None else partial(self._and_notify, fn, self.notify)
        try:
            return await asyncio.wrap_future(self.db.write(task))
        except self.db.backend.errors as e:
            raise self._unavailable("write", e) from None

    def _and_notify(self, fn: Callable[[Tx], T], settings: NotifySettings, tx: Tx) -> T:
        result = fn(tx)
        notify_outbox.after_change(tx, self.config, settings, self.clock.day(tx.now).isoformat())
        return result

    def read(self, fn: Callable[[Any], T]) -> T:
        try:
            return self.db.read(fn)
        except self.db.backend.errors as e:
            raise self._unavailable("read", e) from None

    def _unavailable(self, what: str, error: Exception) -> ApiError:
        """The 503 of a store that takes nothing now: its reason when the store gave one
        (logged once where it arose), else "try again shortly"."""
        refused = self.db.backend.refusal(error)
        if isinstance(refused, StoreRefused):
            return ApiError(503, "store_unavailable", str(refused))
        log.warning("%s refused, store unavailable: %s", what, error)
        return ApiError(503, "store_unavailable", STORE_DOWN)

    def site_of(self, device: Device) -> Site:
        """The site a device works for (a province viewer has none)."""
        site = self.config.site(device.site)
        if site is None:
            raise ApiError(403, "forbidden", f"{device.id!r} belongs to no site of this hub")
        return site

    def today(self) -> str:
        return self.clock.day().isoformat()


async def get_hub(request: Request) -> Hub:  # on the loop: no thread hop
    return request.app.state.hub
