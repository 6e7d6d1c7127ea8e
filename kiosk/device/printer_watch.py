"""Watching a kiosk's printer: its state checked about every second off the UI thread,
changes (only) reported to the hub, and told to the screens.

A job's outcome updates the printer's last status too, so a print that fails is seen
at the next check. The first state is always reported, "ok" included: a kiosk that
restarts after the paper was refilled clears the alert it left (the hub ignores a
report of the state already in force).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout

from kiosk.device.hub_client import HubClient, HubRefused, HubUnreachable
from kiosk.devices.base import DeviceStatus
from kiosk.devices.printer import Printer

log = logging.getLogger(__name__)

PERIOD_S = 1.0
# the hub's alert status of each printer state; BUSY says nothing new
ALERT_STATUS: dict[DeviceStatus, str] = {
    DeviceStatus.READY: "ok",
    DeviceStatus.PAPER_LOW: "paper_low",
    DeviceStatus.PAPER_OUT: "paper_out",
    DeviceStatus.COVER_OPEN: "cover_open",
    DeviceStatus.OFFLINE: "offline",
    DeviceStatus.ERROR: "error",
    DeviceStatus.UNKNOWN: "unknown",
}


def blocks_tickets(status: DeviceStatus | None) -> bool:
    """True when the kiosk must not offer tickets: the printer surely cannot print
    (unknown and paper low do not block)."""
    return status is not None and not status.usable


class PrinterWatch:
    """Checks ``printer`` every ``period_s`` on its own thread; ``on_change(status)`` runs
    there when the state changes, and the hub (if any) is told each changed alert status."""

    def __init__(
        self,
        printer: Printer,
        hub: HubClient | None,
        on_change: Callable[[DeviceStatus], None],
        period_s: float = PERIOD_S,
    ) -> None:
        self.printer = printer
        self.hub = hub
        self.on_change = on_change
        self.period_s = period_s
        self.status: DeviceStatus | None = None  # None until the first check answers
        self._reported: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> PrinterWatch:
        self._thread = threading.Thread(target=self._run, name="printer-watch", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout_s: float = 2.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.check()
            self._stop.wait(self.period_s)

    def check(self) -> None:
        """One check: ask the printer, then tell what changed."""
        try:
            self.printer.refresh_status().result(timeout=self.period_s)
        except FutureTimeout:
            return  # a job is printing or the link is slow: nothing new yet
        except Exception:  # a driver's bug must not stop the watch
            log.exception("printer watch: the status check failed")
            return
        status = self.printer.last_status
        alert = ALERT_STATUS.get(status)
        if alert is None:
            return
        if status is not self.status:
            self.status = status
            try:
                self.on_change(status)
            except Exception:  # a listener's bug must not stop the watch
                log.exception("printer watch: listener failed")
        if alert != self._reported:
            self._report(alert)

    def _report(self, alert: str) -> None:
        if self.hub is None:
            return
        try:
            self.hub.alert("printer", alert, f"{self.printer.name}: {self.printer.last_status}")
        except HubUnreachable as e:
            log.info("printer watch: hub not reachable (%s); will tell it later", e)
            return
        except HubRefused as e:  # e.g. the site config gives this device no printer
            log.warning("printer watch: hub refused the %s report: %s", alert, e)
        self._reported = alert
