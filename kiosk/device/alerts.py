"""The site's device alerts in force, for staff screens (counter, hall board); no Kivy.

:class:`AlertFeed` is seeded from ``GET /devices/alerts`` (retrying until the hub
answers) and updated from ``device.alert`` events of the event stream its screen already
follows. Each state carries the id of the report that set it, so the seed and the events
may arrive in either order: the newer id wins. What staff read comes from the word
table (keys ``alert.<kind>.<status>``), never from text a device sent.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.api.models import Alert
from kiosk.device.event_stream import Event
from kiosk.device.hub_client import HubClient, HubError

log = logging.getLogger(__name__)

EVENT = "device.alert"
WARNINGS = ("paper_low", "unknown")  # the device still works: shown, not as an error


@dataclass(frozen=True)
class AlertView:
    """One peripheral's alert in force."""

    id: int
    device_id: str
    kind: str
    status: str
    since: float

    @property
    def key(self) -> str:
        """The word-table key of what to say."""
        return f"alert.{self.kind}.{self.status}"

    @property
    def severity(self) -> str:
        return "warn" if self.status in WARNINGS else "error"


class AlertFeed:
    """The alerts in force at the device's site; ``on_change(alerts)`` runs on the thread
    that brought the change (the seeder's or the event follower's)."""

    def __init__(
        self,
        hub: HubClient,
        on_change: Callable[[list[AlertView]], None],
        retry_s: tuple[float, float] = (0.5, 5.0),
    ) -> None:
        self.hub = hub
        self.on_change = on_change
        self.retry_s = retry_s
        self._states: dict[tuple[str, str], AlertView] = {}  # "ok" kept: it orders the seed
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def start(self) -> AlertFeed:
        """Seed in the background, retrying until the hub answers; returns at once."""
        threading.Thread(target=self._seed, name="alerts-seed", daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def active(self) -> list[AlertView]:
        """The alerts in force, oldest first."""
        with self._lock:
            found = [a for a in self._states.values() if a.status != "ok"]
        return sorted(found, key=lambda a: (a.since, a.id))

    def on_event(self, event: Event) -> bool:
        """Take a ``device.alert`` event (others are ignored); True when it was one."""
        if event.type != EVENT:
            return False
        d = event.data
        view = AlertView(
            int(d["id"]), str(d["device_id"]), str(d["kind"]), str(d["status"]), float(d["since"])
        )
        if self._merge([view]):
            self.on_change(self.active())
        return True

    def seed(self, alerts: list[Alert]) -> None:
        views = [AlertView(a.id, a.device_id, a.kind, a.status, a.since) for a in alerts]
        if self._merge(views):
            self.on_change(self.active())

    def _merge(self, views: list[AlertView]) -> bool:
        changed = False
        with self._lock:
            for view in views:
                key = (view.device_id, view.kind)
                known = self._states.get(key)
                if known is None or known.id < view.id:
                    self._states[key] = view
                    changed = True
        return changed

    def _seed(self) -> None:
        delay = self.retry_s[0]
        while not self._stop.is_set():
            try:
                alerts = self.hub.active_alerts()
            except HubError as e:
                log.info("alerts: hub not reachable yet (%s); retry in %.1f s", e, delay)
                self._stop.wait(delay)
                delay = min(delay * 2, self.retry_s[1])
                continue
            self.seed(alerts)
            return
