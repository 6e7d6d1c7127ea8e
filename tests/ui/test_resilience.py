"""Idle timeout back home with input cleared; the hub being down never freezes the screen."""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.ui


def test_idle_counts_down_then_goes_home_and_clears_input(ui) -> None:
    app, idle = ui.app, ui.app.context.idle
    app.set_language("en")
    ui.tap(ui.screen.tile("procedure_search"))
    search = ui.screen
    ui.type(search.ids.keyboard, "ho kh")
    assert search.query == "ho kh"
    idle.last -= idle.timeout_s - 5  # five seconds left
    banner = app.root.banner
    ui.wait_for(lambda: banner.seconds > 0, timeout=3)  # the idle tick runs every 0.25 s
    assert banner.seconds <= 5
    assert "seconds" in banner.text
    ui.tap(search.ids.keyboard.key_button("a"))  # a touch: the countdown starts over
    assert banner.seconds == 0
    assert ui.screen.name == "procedure_search"
    idle.last -= idle.timeout_s + 1
    ui.wait_for(lambda: ui.screen.name == "home", timeout=3)
    assert app.lang == "vi"  # the next citizen starts in Vietnamese
    assert search.query == "" and search.field == ""
    ui.tap(ui.screen.tile("procedure_search"))
    assert ui.screen.query == ""


def test_hub_down_shows_a_message_and_lookup_keeps_working(ui, hub) -> None:
    hub.stop()
    try:
        ui.tap(ui.screen.tile("dossier_status"))
        screen = ui.screen
        ui.wedge("H15.50.05.13-251008-0975")
        longest = ui.longest_frame_until(lambda: screen.message)
        assert screen.message.startswith("Chưa kết nối được với máy chủ")
        assert longest < 0.5, f"a frame took {longest:.2f} s: the UI thread was blocked"
        ui.app.go_home()
        ui.frames(2)
        assert ui.screen.ids.offline.text.startswith("Mất kết nối với máy chủ")
        ui.tap(ui.screen.tile("procedure_search"))
        search = ui.screen
        ui.type(search.ids.keyboard, "ket hon")
        ui.wait_for(lambda: not search.showing_fields and search.results)
        assert search.results[0]["title"] == "Đăng ký kết hôn"  # from the cached catalog
        hub.start()
        context = ui.app.context
        context.keep_catalog_fresh(now=time.monotonic() + 60)  # the 30 s retry comes round
        ui.wait_for(lambda: context.hub_online, timeout=8)
        ui.app.go_home()
        ui.frames(2)
        assert ui.screen.ids.offline.text == ""  # back online: the note is gone
    finally:
        if hub.proc is None or hub.proc.poll() is not None:
            hub.start()


def test_kiosk_mode_escape_does_not_quit(ui) -> None:
    from kivy.base import EventLoop
    from kivy.core.window import Window

    ui.app.kiosk_mode = True
    try:
        Window.dispatch("on_keyboard", 27, 0, None, [])  # would stop the app when windowed
        ui.frames(2)
        assert EventLoop.status != "closed" and Window.dispatch("on_request_close") is True
    finally:
        ui.app.kiosk_mode = False
