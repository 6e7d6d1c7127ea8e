"""Every clock people read is the site's: on a PC whose clock is in UTC, the hall display,
the printed ticket and the ticket's phone page all say Asia/Ho_Chi_Minh time."""

from __future__ import annotations

import re
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import requests

from tests.ui.conftest import DEVICE, LANDSCAPE, PORTRAIT, UI

pytestmark = pytest.mark.ui
SITE_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
HUB_NOW = "09:00  15/10/2025"  # the session hub's clock file: 2025-10-15T09:00:00+07:00


@pytest.fixture
def utc_pc(monkeypatch):
    """This process's clock in UTC, as on a PC installed without a time zone."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_hall_clock_ticket_and_page_agree_in_the_site_zone(apps, hub, utc_pc) -> None:
    from kivy.uix.label import Label

    assert time.strftime("%z") == "+0000"
    ui = UI(apps.open("admin", ("display",)))
    ui.resize(LANDSCAPE)
    before = datetime.now(SITE_TZ).strftime("%H:%M")
    ui.wait_for(lambda: ui.app.clock_text)  # the app's tick sets it (every 0.25 s)
    after = datetime.now(SITE_TZ).strftime("%H:%M")  # a minute may turn meanwhile
    shown = [w.text for w in ui.app.root.walk() if isinstance(w, Label)]
    assert ui.app.clock_text in (before, after) and ui.app.clock_text in shown
    assert ui.app.clock_text != time.strftime("%H:%M")  # 7 hours from this PC's UTC clock

    ui = UI(apps.open(DEVICE, ("lookup", "ticket")))
    ui.resize(PORTRAIT)
    app = ui.app
    app.go_home()
    ui.frames(2)
    printer = app.context.devices.printer
    printer.clear()
    ui.tap(app.screen.tile("ticket"))
    screen = app.screen
    ui.wait_for(lambda: screen._tiles)
    ui.tap(screen.tile("hotich"))
    ui.wait_for(lambda: screen.outcome is not None and printer.jobs, timeout=10)
    printed = " | ".join(printer.render_last().texts())
    assert HUB_NOW in printed, printed
    page = requests.get(f"{hub.url}/t/{screen.outcome.ticket.page_token}", timeout=5).text
    assert re.sub(r"\s+", " ", HUB_NOW) in page
    ui.tap(screen.ids.done)
