"""An appointment checked in at the ticket kiosk in the real window: the code typed on the
on-screen keyboard prints a ticket of the appointment lane; tomorrow's QR scanned on the
home screen is refused with when to come, and the walk-in number it offers is taken."""

from __future__ import annotations

import pytest
import requests

from kiosk.device.hub_client import HubClient
from tests.ui.conftest import ADMIN_TOKEN, DEVICE, PORTRAIT, UI

pytestmark = pytest.mark.ui
TODAY, TOMORROW = "2025-10-15", "2025-10-16"  # the hub's clock: 09:00 on a Wednesday


def book(hub, day: str, time: str) -> dict:
    body = {"service_id": "hotich", "date": day, "time": time}
    r = requests.post(f"{hub.url}/api/v1/appointments", json=body, timeout=5)
    assert r.status_code == 201, r.text
    return r.json()


def test_appointment_typed_then_one_scanned_too_early(apps, hub) -> None:
    now, later = book(hub, TODAY, "09:15"), book(hub, TOMORROW, "09:00")
    app = apps.open(DEVICE, ("lookup", "ticket"))
    ui = UI(app)
    ui.resize(PORTRAIT)
    app.go_home()
    ui.frames(2)
    ui.tap(app.screen.tile("ticket"))
    screen = app.screen
    ui.wait_for(lambda: screen._tiles)
    ui.tap(screen.ids.booking_button)
    assert screen.booking and screen.ids.code_keyboard.get_root_window() is not None
    ui.type(screen.ids.code_keyboard, now["code"].lower())  # the keys send small letters
    assert screen.code_entry == now["code"]
    printer = app.context.devices.printer
    printer.clear()
    ui.tap(screen.ids.submit_code)
    ui.wait_for(lambda: screen.outcome is not None, timeout=8)
    ticket = screen.outcome.ticket
    assert ticket.booked and ticket.service_id == "hotich" and screen.outcome.printed
    assert screen.lane_text == "Có lịch hẹn: được gọi trước"
    (job,) = printer.jobs  # the slip says its lane
    assert ticket.number.encode() in job and b"APPOINTMENT" in job
    ui.screenshot("ticket-appointment-portrait")
    ui.tap(screen.ids.done)
    assert app.screen.name == "home"

    app.context.devices.scanner.scan(later["url"])  # the phone's QR, on the home screen
    ui.wait_for(lambda: app.screen.name == "ticket" and app.screen.message, timeout=8)
    screen = app.screen
    assert screen.message == (
        "Lịch hẹn của bạn lúc 09:00 ngày 16/10/2025. Mời quay lại nhận số từ 08:45 đến 09:10."
    )
    ui.wait_for(lambda: screen.walk_in_service == "hotich")
    assert screen.walk_in_text == "Lấy số thường: Hộ tịch"
    ui.screenshot("ticket-appointment-too-early-portrait")
    ui.tap(screen.ids.walk_in)
    ui.wait_for(lambda: screen.outcome is not None, timeout=8)
    assert not screen.outcome.ticket.booked and screen.outcome.ticket.service_id == "hotich"
    assert screen.outcome.ticket.number != ticket.number
    assert len(printer.jobs) == 2 and b"APPOINTMENT" not in printer.jobs[-1]
    ui.tap(screen.ids.done)
    admin = HubClient(hub.url, ADMIN_TOKEN)  # counter 1 serves both: the lane is left empty
    assert admin.call_next(1).id == ticket.id  # the appointment lane first
    while admin.call_next(1) is not None:
        pass
