"""Printer faults reach the staff, through the real path: the simulated printer's knob,
its status bytes, the kiosk's printer watch, the hub over HTTP, the event stream, and
the counter's and hall's real Kivy widgets; the ticket kiosk stops offering tickets it
cannot print, and a ticket that did not print is marked and can be reprinted."""

from __future__ import annotations

import time

import pytest

from kiosk.api.models import ALERT_STATUSES
from kiosk.device.hub_client import HubClient
from kiosk.devices.base import DeviceStatus
from tests.helpers import wait_for
from tests.ui.conftest import ADMIN_TOKEN, DEVICE, KIOSK_TOKEN, LANDSCAPE, PORTRAIT, UI
from tests.ui.test_queue_roles import STAFF, _admin, _open

pytestmark = pytest.mark.ui
FAULTS = ("paper_low", "paper_out", "cover_open", "offline", "silent")


def _kiosk_beside(apps, hub):
    """kiosk-1's device context (its own simulated printer and watch) beside the window's
    app, as a second PC of the lobby would run it."""
    from kivy.clock import Clock

    from kiosk.config import load_site
    from kiosk.device.service import DeviceService

    site = load_site(apps.site_file)
    ctx = DeviceService.create(
        site, DEVICE, ("ticket",), lambda fn: Clock.schedule_once(lambda _dt: fn()),
        hub_url=hub.url,
    )  # fmt: skip
    ctx.watch_printer()
    return ctx


def test_every_alert_and_printer_fault_has_words() -> None:
    from kiosk.i18n import texts

    vi, en = texts("vi"), texts("en")
    for kind, statuses in ALERT_STATUSES.items():
        for status in statuses[1:]:  # all but "ok"
            key = f"alert.{kind}.{status}"
            assert vi[key] and en[key] and vi[key] != en[key]
    for status in ("paper_out", "cover_open", "offline", "error"):
        assert vi[f"ticket.printer.{status}"].endswith("mời liên hệ quầy hướng dẫn.")


def test_paper_out_on_the_kiosk_shows_on_the_counter_within_2_s(apps, hub) -> None:
    admin = _admin(hub)
    ui = _open(apps, "admin", ("counter",), STAFF)
    screen = ui.app.screen
    strip = screen.ids.alerts
    kiosk = _kiosk_beside(apps, hub)
    printer = kiosk.devices.printer
    try:
        ui.wait_for(lambda: kiosk.printer_status is DeviceStatus.READY)
        ui.wait_for(lambda: admin.active_alerts() == [] and not strip.alerts)
        assert strip.height == 0
        printer.set_fault("paper_out", True)
        start = time.monotonic()
        ui.wait_for(lambda: strip.lines == ["Máy in hết giấy — kiosk-1"], timeout=2)
        took = time.monotonic() - start
        assert took < 2.0 and strip.height > 0 and strip.get_root_window() is not None
        ui.screenshot("counter-alert")
        printer.set_fault("paper_out", False)  # paper back: the line goes away
        ui.wait_for(lambda: not strip.alerts, timeout=2)
        assert strip.height == 0
        # a printer that does not answer is said to be unknown, not out of paper
        printer.set_fault("silent", True)
        ui.wait_for(lambda: strip.lines == ["Không rõ trạng thái máy in — kiosk-1"], timeout=3)
        printer.set_fault("silent", False)
        ui.wait_for(lambda: not strip.alerts, timeout=3)
    finally:
        kiosk.close()
    # the counter shows the mark when it calls a ticket that did not print
    ticket = admin.issue_ticket("hotich")
    admin.mark_print_failed(ticket.id)
    ui.tap(screen.ids.call_next)
    ui.wait_for(lambda: screen.current_number == ticket.number)
    assert screen.ids.print_mark.text.startswith("Phiếu của số này chưa in được")
    ui.tap(screen.ids.skip)
    ui.wait_for(lambda: screen.current_number == "")
    assert screen.ids.print_mark.text == ""


def test_the_hall_status_line_shows_what_is_in_force(apps, hub) -> None:
    kiosk = HubClient(hub.url, KIOSK_TOKEN)
    kiosk.alert("printer", "cover_open")  # raised before the display starts: seeded
    try:
        ui = _open(apps, "admin", ("display",), LANDSCAPE)
        screen = ui.app.screen
        strip = screen.ids.alerts
        ui.wait_for(lambda: strip.lines == ["Nắp máy in đang mở — kiosk-1"], timeout=5)
        ui.wait_for(lambda: screen.connected, timeout=5)
        kiosk.alert("printer", "paper_low")  # then followed from the event stream
        ui.wait_for(lambda: strip.lines == ["Máy in sắp hết giấy — kiosk-1"], timeout=2)
        ui.screenshot("display-alert")
    finally:
        kiosk.alert("printer", "ok")
    ui.wait_for(lambda: not strip.alerts, timeout=2)


def test_the_ticket_kiosk_stops_offering_tickets_it_cannot_print(apps, hub) -> None:
    ui = _open(apps, DEVICE, ("lookup", "ticket"), PORTRAIT)
    app = ui.app
    printer = app.context.devices.printer
    admin = HubClient(hub.url, ADMIN_TOKEN)
    printer.clear()
    try:
        app.go("ticket")
        screen = app.screen
        ui.wait_for(lambda: screen._tiles and app.context.printer_status is DeviceStatus.READY)
        printer.set_fault("paper_out", True)
        ui.wait_for(lambda: screen.printer_blocked, timeout=2)
        assert screen.printer_text == "Máy in hết giấy, mời liên hệ quầy hướng dẫn."
        assert screen.ids.choose_label.text == screen.printer_text
        tile = screen.tile("hotich")
        assert tile.disabled
        issued = admin.services()
        ui.tap(tile)
        ui.frames(5)
        assert screen.outcome is None and not screen.taking
        assert [s.issued_today for s in admin.services()] == [s.issued_today for s in issued]
        ui.screenshot("ticket-printer-out-portrait")
        app.set_language("en")
        ui.frames(2)
        assert screen.printer_text.startswith("The printer is out of paper")
        app.set_language("vi")
        printer.set_fault("paper_out", False)  # paper back: tickets are offered again
        ui.wait_for(lambda: not screen.printer_blocked, timeout=2)
        assert not tile.disabled and screen.printer_text == ""

        # the printer fails while this ticket prints: the number shows, with "In lại"
        printer.write_delay_ms = 1500
        ui.tap(tile)
        # the job is writing (a worker thread's state, polled off the frames: it writes 1.5 s)
        wait_for(lambda: printer.last_status is DeviceStatus.BUSY, 5, interval=0.002)
        printer.set_fault("offline", True)
        ui.wait_for(lambda: screen.outcome is not None, timeout=5)
        ticket = screen.outcome.ticket
        assert not screen.print_ok and screen.can_reprint
        assert f"Mời ghi lại số {ticket.number}" in screen.print_text
        assert "In lại" in screen.print_text and screen.ids.reprint.height > 0
        ui.wait_for(lambda: admin.ticket(ticket.id).print_failed)
        ui.screenshot("ticket-not-printed-portrait")
        printer.set_fault("offline", False)
        printer.write_delay_ms = 0
        ui.tap(screen.ids.reprint)
        ui.wait_for(lambda: screen.print_ok, timeout=5)
        assert not screen.can_reprint and screen.print_text == "Mời nhận phiếu bên dưới."
        assert len(printer.jobs) == 1 and ticket.number.encode() in printer.jobs[0]
        assert not admin.ticket(ticket.id).print_failed
    finally:
        printer.write_delay_ms = 0
        for fault in FAULTS:
            printer.set_fault(fault, False)
    UI(app).tap(screen.ids.done)
