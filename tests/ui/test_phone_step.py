"""The optional phone step of the ticket kiosk, with touches: a tile, the number on the
pad (shown masked), "get messages" or "skip"; against a real hub that sends messages
through its simulated notifier (``[hub.notify] driver = "sim"``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.device.hub_client import HubClient
from tests.hub.hubproc import HubProcess
from tests.ui.conftest import ADMIN_TOKEN, DEVICE, PORTRAIT, UI, Apps, _devices, site_toml

pytestmark = pytest.mark.ui
DIGITS = "912345123"


@pytest.fixture
def notify_hub(tmp_path: Path) -> Iterator[HubProcess]:
    path = tmp_path / "site.toml"
    path.write_text(site_toml() + '\n[hub.notify]\ndriver = "sim"\n', encoding="utf-8")
    hub = HubProcess(path, tmp_path / "hub.sqlite3", tmp_path / "clock.txt")
    hub.set_time("2025-10-15T09:00:00+07:00")
    yield hub.start()
    hub.stop()


def open_kiosk(apps: Apps, hub: HubProcess, cache: Path) -> UI:
    """The ticket kiosk of the hub's own site file (so it offers the phone step)."""
    from kivy.clock import Clock

    from kiosk.config import load_site
    from kiosk.device.service import DeviceService
    from kiosk.ui.app import KioskApp

    apps.close()
    site = load_site(hub.config)
    context = DeviceService.create(
        site, DEVICE, ("ticket",), lambda fn: Clock.schedule_once(lambda _dt: fn()),
        hub_url=hub.url, cache_dir=cache, devices=_devices(site.device(DEVICE)),
    )  # fmt: skip
    app = KioskApp(context)
    app._run_prepare()
    apps.app, apps.key = app, None  # the next test's open() closes it
    ui = UI(app)
    ui.resize(PORTRAIT)
    return ui


def pad_key(screen, key: str):
    return next(b for b in screen.ids.phone_pad.children if b.key == key)


def test_a_number_typed_on_the_pad_goes_masked_with_the_ticket_or_is_skipped(
    apps: Apps, notify_hub: HubProcess, tmp_path: Path
) -> None:
    ui = open_kiosk(apps, notify_hub, tmp_path / "cache")
    app = ui.app
    app.go("ticket")
    screen = app.screen
    ui.wait_for(lambda: screen._tiles)
    ui.tap(screen.tile("chungthuc"))
    assert screen.ids.phone_box.parent is not None and screen.outcome is None
    assert screen.ids.phone_send.disabled  # nothing typed: only "skip"
    for key in "0912":
        ui.tap(pad_key(screen, key))
    assert screen.ids.phone_hint.text == "Số chưa đúng: 10 chữ số, bắt đầu bằng 0 (hoặc 84)"
    for key in "3451234":  # one digit too many
        ui.tap(pad_key(screen, key))
    assert screen.ids.phone_send.disabled
    ui.tap(pad_key(screen, "\b"))
    assert screen.ids.phone_shown.text == "09•• ••• 123"
    assert not screen.ids.phone_send.disabled
    ui.screenshot("ticket-phone-portrait")
    ui.tap(screen.ids.phone_send)
    ui.wait_for(lambda: screen.outcome is not None, timeout=8)
    assert screen.ids.phone_line.text == "Tin nhắn sẽ gửi đến 09•• ••• 123"
    assert DIGITS not in screen.ids.phone_line.text
    ticket = screen.outcome.ticket
    rows = notify_hub.query("SELECT ticket_id, phone FROM notify_phones")
    assert [tuple(r) for r in rows] == [(ticket.id, "0912345123")]

    ui.tap(screen.ids.done)  # the next citizen skips the step
    app.go("ticket")
    ui.wait_for(lambda: screen._tiles)
    ui.tap(screen.tile("chungthuc"))
    assert screen.ids.phone_shown.text == ""  # the last number is forgotten
    ui.tap(screen.ids.phone_skip)
    ui.wait_for(lambda: screen.outcome is not None and screen.outcome.ticket.id != ticket.id)
    assert screen.ids.phone_line.text == ""
    assert notify_hub.count("SELECT COUNT(*) FROM notify_phones") == 1

    admin = HubClient(notify_hub.url, ADMIN_TOKEN)  # called: the simulated notifier says so
    while (called := admin.call_next(2)) is not None and called.id != ticket.id:
        pass
    log = notify_hub.log
    ui.wait_for(lambda: "đến quầy số 2" in log.read_text())
    assert "message (simulated) to 09•• ••• 123" in log.read_text()
    assert DIGITS not in log.read_text()
    ui.tap(screen.ids.done)
