"""The printer watch: the simulated printer's knobs, checked over its status bytes, reach a
real hub as alert changes only, raised and cleared."""

from __future__ import annotations

import threading

import pytest

from kiosk.device.printer_watch import PrinterWatch, blocks_tickets
from kiosk.devices.base import DeviceStatus
from kiosk.devices.printer_sim import SimPrinter
from tests.helpers import wait_for


@pytest.fixture
def printer():
    p = SimPrinter(width_dots=576)
    yield p
    p.close()


class Seen:
    def __init__(self) -> None:
        self.statuses: list[DeviceStatus] = []
        self.lock = threading.Lock()

    def __call__(self, status: DeviceStatus) -> None:
        with self.lock:
            self.statuses.append(status)


def test_changes_reach_the_hub_once_each_and_clear(hub, clients, printer):
    seen = Seen()
    watch = PrinterWatch(printer, clients.kiosk, seen, period_s=0.05).start()
    try:
        wait_for(lambda: seen.statuses == [DeviceStatus.READY])
        printer.set_fault("paper_out", True)  # the demo panel's knob
        wait_for(lambda: [a.status for a in clients.counter(1).active_alerts()] == ["paper_out"])
        assert blocks_tickets(watch.status)
        printer.set_fault("paper_out", False)
        printer.set_fault("silent", True)  # no answer: unknown, which does not block
        wait_for(lambda: [a.status for a in clients.counter(1).active_alerts()] == ["unknown"])
        assert not blocks_tickets(watch.status)
        printer.set_fault("silent", False)
        wait_for(lambda: clients.counter(1).active_alerts() == [])
    finally:
        watch.stop()
    assert seen.statuses == [
        DeviceStatus.READY,
        DeviceStatus.PAPER_OUT,
        DeviceStatus.UNKNOWN,
        DeviceStatus.READY,
    ]
    # dozens of checks, four reports: the first "ok" (nothing in force: not stored), then
    # paper_out, unknown and ok
    history = hub.query("SELECT status FROM device_alerts ORDER BY id")
    assert [r[0] for r in history] == ["paper_out", "unknown", "ok"]


def test_a_failed_job_is_seen_by_the_next_check(hub, clients, printer):
    watch = PrinterWatch(printer, clients.kiosk, Seen(), period_s=0.05).start()
    try:
        wait_for(lambda: watch.status is DeviceStatus.READY)
        printer.offline = True
        job = printer.print_job(lambda: b"\x1b@", "raw").result(5)
        assert not job.ok and job.status is DeviceStatus.OFFLINE
        wait_for(lambda: [a.status for a in clients.counter(1).active_alerts()] == ["offline"])
    finally:
        watch.stop()


def test_a_hub_that_is_down_is_told_later(hub, clients, printer):
    printer.paper_low = True
    hub.stop()
    watch = PrinterWatch(printer, clients.kiosk, Seen(), period_s=0.05).start()
    try:
        wait_for(lambda: watch.status is DeviceStatus.PAPER_LOW)
        hub.start()
        wait_for(lambda: [a.status for a in clients.counter(1).active_alerts()] == ["paper_low"])
    finally:
        watch.stop()
