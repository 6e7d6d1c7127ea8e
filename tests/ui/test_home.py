"""The home screen: tiles per role, language and large-text switches."""

from __future__ import annotations

import pytest

from tests.ui.contrast import failures, measure

pytestmark = pytest.mark.ui


def test_home_tiles_open_lookups(ui) -> None:
    home = ui.screen
    assert home.name == "home"
    ui.tap(home.tile("procedure_search"))
    assert ui.screen.name == "procedure_search"
    ui.app.go_home()
    ui.frames()
    ui.tap(ui.screen.tile("dossier_status"))
    assert ui.screen.name == "dossier_status"


def test_language_and_large_text_switches(ui) -> None:
    home = ui.screen
    tile = home.tile("procedure_search")
    assert tile.title == "Tra cứu thủ tục"
    assert home.tile("dossier_status").title == "Tra cứu hồ sơ"
    ui.tap(home.ids.lang_en)
    assert ui.app.lang == "en"
    assert tile.title == "Find a procedure"
    size = home.ids.site.font_size
    ui.tap(home.ids.large_text)
    assert home.ids.site.font_size == pytest.approx(size * 1.25)
    ui.tap(home.ids.lang_vi)
    assert tile.title == "Tra cứu thủ tục"
    ui.tap(home.ids.large_text)
    assert home.ids.site.font_size == pytest.approx(size)


def test_only_the_roles_tiles_show(ui) -> None:
    shown = {t.screen_name for t in ui.screen._tiles}
    assert shown == {"procedure_search", "dossier_status"}  # role lookup: no ticket, no rating


def test_home_says_the_hub_is_down_before_anyone_taps(ui, hub) -> None:
    """Home asks the hub by itself (at once, then periodically): down, then up again."""
    home = ui.app.screen
    banner = home.ids.offline
    assert banner.text == ""
    hub.stop()
    try:
        ui.app.go_home()  # the screen shows again (as at start): it asks at once
        longest = ui.longest_frame_until(lambda: banner.text)
        assert banner.text.startswith("Mất kết nối với máy chủ")
        assert longest < 0.5, f"a frame took {longest:.2f} s: the check ran on the UI thread"
        assert banner.height > 0 and banner.get_root_window() is not None
        ui.frames(2)
        assert not failures(measure(ui.app.root))  # the banner's words reach 4.5:1 too
        home.hub_check_s = 0.2  # the periodic check, sooner than the site's 10 s
        hub.start()
        ui.wait_for(lambda: banner.text == "", timeout=8)  # no tap: the next check saw it
        ui.frames(3)
        assert banner.height == 0
    finally:
        home.hub_check_s = 10.0
        if hub.proc is None or hub.proc.poll() is not None:
            hub.start()
