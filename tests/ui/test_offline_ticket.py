"""A ticket kiosk whose hub is gone still gives numbers: home says so, the tiles say so,
the number comes from the lease with the offline mark, and reaches the hub once it is back."""

from __future__ import annotations

import pytest

from tests.ui.conftest import DEVICE, PORTRAIT, UI

pytestmark = pytest.mark.ui


def test_a_ticket_kiosk_without_its_hub_still_gives_numbers(apps, hub) -> None:
    app = apps.open(DEVICE, ("lookup", "ticket"))
    ui = UI(app)
    ui.resize(PORTRAIT)
    sync = app.context.ticket_desk().sync
    assert sync is not None
    ui.wait_for(lambda: sync.online and sync.journal.remaining("hotich", sync.today()), timeout=10)
    printer = app.context.devices.printer
    hub.kill9()
    try:
        app.go_home()
        home = app.screen
        ui.wait_for(lambda: home.ids.offline.text, timeout=10)
        assert home.ids.offline.text.startswith(
            "Đang mất kết nối: vẫn lấy số được; tra cứu hồ sơ tạm thời không dùng được."
        )
        ui.tap(home.tile("ticket"))
        screen = app.screen
        ui.wait_for(lambda: screen._tiles and screen.tile("hotich").subtitle.startswith("Đang"))
        assert screen.tile("hotich").subtitle == "Đang mất kết nối: vẫn lấy số được"
        ui.tap(screen.tile("hotich"))
        ui.wait_for(lambda: screen.outcome is not None, timeout=10)
        outcome = screen.outcome
        assert outcome.offline and outcome.printed and screen.qr == ""
        assert screen.number.startswith("A9")  # leased numbers are cut from A999 down
        assert screen.ahead_text == "Số cấp khi mất kết nối: bạn vẫn được gọi theo thứ tự."
        assert screen.number.encode() in printer.jobs[-1]
        assert b"Issued offline" in printer.jobs[-1]
        number = screen.number
        screen.done()
    finally:
        hub.start()
    ui.wait_for(lambda: sync.journal.get(outcome.client_id).ticket_id is not None, timeout=15)
    rows = hub.query("SELECT status, issued_by FROM tickets WHERE number = ?", (number,))
    assert [tuple(r) for r in rows] == [("waiting", DEVICE)]
    app.go_home()
    ui.wait_for(lambda: app.screen.ids.offline.text == "", timeout=15)
