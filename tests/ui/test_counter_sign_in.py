"""An officer signs in at the counter screen with a PIN (real touches, a real hub of a site
with officers); the screen shows who serves, and signing out brings the panel back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.device.hub_client import HubClient
from tests.hub.hubproc import HubProcess
from tests.ui.conftest import ADMIN_TOKEN, UI, Apps, site_toml

pytestmark = pytest.mark.ui
OFFICERS = """
[[officers]]
id = "nv-lan"
name = "Nguyễn Thị Lan"
pin = "2468"
counters = [1, 2]

[[officers]]
id = "nv-hoa"
name = "Lê Thị Hoa"
pin = "9753"
counters = [3]
"""


@pytest.fixture
def officer_apps(apps: Apps, tmp_path: Path) -> Iterator[tuple[Apps, HubProcess]]:
    """The session's window with a hub of its own whose site has officers."""
    site = tmp_path / "site.toml"
    site.write_text(site_toml() + OFFICERS, encoding="utf-8")
    hub = HubProcess(site, tmp_path / "hub.sqlite3", tmp_path / "clock.txt")
    hub.set_time("2025-10-15T09:00:00+07:00")
    hub.start()
    apps.close()  # one window: the session's app gives way to this one
    ours = Apps(site, hub, tmp_path / "cache")
    try:
        yield ours, hub
    finally:
        ours.close()
        hub.stop()


def test_sign_in_with_a_pin_then_serve_and_sign_out(officer_apps) -> None:
    apps, hub = officer_apps
    ui = UI(apps.open("admin", ("counter",)))
    ui.resize((1366, 768))
    screen = ui.app.screen
    ui.wait_for(lambda: screen.signing_in and screen.sign_in_panel is not None)
    panel = screen.sign_in_panel
    names = [b.text for b in panel.ids.officers.children]
    assert names == ["Nguyễn Thị Lan"]  # nv-hoa works counter 3 only
    ui.screenshot("counter-sign-in")
    ui.tap(screen.ids.call_next)  # under the panel: the touch never reaches it
    assert screen.pending == "" and not screen.busy
    ui.tap(panel.ids.officers.children[0])
    pad = panel.ids.pin_pad
    for digit in "1111":
        ui.tap(next(b for b in pad.children if b.key == digit))
    assert panel.ids.pin_dots.text == "●●●●"
    ui.tap(panel.ids.pin_ok)
    ui.wait_for(lambda: screen.message == "Sai mã PIN. Thử lại." and screen.pin_text == "")
    assert screen.signing_in
    for digit in "2468":
        ui.tap(next(b for b in pad.children if b.key == digit))
    ui.tap(panel.ids.pin_ok)
    ui.wait_for(lambda: not screen.signing_in and screen.sign_in_panel is None)
    assert screen.officer_text == "Nguyễn Thị Lan"
    admin = HubClient(hub.url, ADMIN_TOKEN)
    ticket = admin.issue_ticket("hotich")
    ui.wait_for(lambda: screen.waiting_count == 1)
    ui.tap(screen.ids.call_next)
    ui.wait_for(lambda: screen.current_number == ticket.number)
    assert admin.ticket(ticket.id).officer_id == "nv-lan"
    ui.tap(screen.ids.sign_out)
    ui.wait_for(lambda: screen.signing_in)
    assert admin.ticket(ticket.id).status == "finished"
