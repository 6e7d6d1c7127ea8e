"""The home screen: tiles per role, language, large-text and high-contrast switches."""

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
    from kiosk.ui.app import LARGE_TEXT

    assert LARGE_TEXT >= 1.5
    home = ui.screen
    tile = home.tile("procedure_search")
    assert tile.title == "Tra cứu thủ tục"
    assert home.tile("dossier_status").title == "Tra cứu hồ sơ"
    ui.tap(home.ids.lang_en)
    assert ui.app.lang == "en"
    assert tile.title == "Find a procedure"
    size = home.ids.site.font_size
    ui.tap(home.ids.large_text)
    assert home.ids.site.font_size == pytest.approx(size * LARGE_TEXT)
    ui.tap(home.ids.lang_vi)
    assert tile.title == "Tra cứu thủ tục"
    ui.tap(home.ids.large_text)
    assert home.ids.site.font_size == pytest.approx(size)


def _text_colours(app) -> dict[int, tuple[float, ...]]:
    """The colour of every label of every screen, shown or not."""
    from kivy.uix.label import Label

    labels = (w for s in app.manager.screens for w in s.walk(restrict=True))
    return {id(w): tuple(w.color) for w in labels if isinstance(w, Label)}


def test_high_contrast_switches_every_screen_and_ends_with_the_session(ui) -> None:
    from kivy.core.window import Window

    from kiosk.ui.widgets import theme

    assert theme.NORMAL.tones.keys() == theme.HIGH_CONTRAST.tones.keys()
    app, home = ui.app, ui.screen
    normal = _text_colours(app)
    assert home.ids.high_contrast.text == "Tương phản cao"
    ui.tap(home.ids.high_contrast)
    assert app.palette is theme.HIGH_CONTRAST
    high = _text_colours(app)
    app.toggle_high_contrast()  # every colour comes back, whatever rule set it
    assert _text_colours(app) == normal
    app.toggle_high_contrast()
    assert _text_colours(app) == high
    assert home.ids.high_contrast.tone == "selected"
    assert tuple(Window.clearcolor) == theme.HIGH_CONTRAST.BACKGROUND
    dossier = app.manager.get_screen("dossier_status")  # not shown: it follows all the same
    assert tuple(dossier.ids.keyboard.key_button("a").look.bg) == (0, 0, 0, 1)
    ui.tap(home.tile("procedure_search"))
    assert ui.screen.ids.keyboard.key_button("a").color == list(theme.HIGH_CONTRAST.TEXT)
    idle = app.context.idle
    idle.last -= idle.timeout_s + 1
    ui.wait_for(lambda: ui.screen.name == "home", timeout=3)
    assert app.palette is theme.NORMAL  # the next citizen starts with the normal colours
    assert tuple(Window.clearcolor) == theme.NORMAL.BACKGROUND
    assert home.ids.high_contrast.tone == "outline"
    ui.tap(home.ids.high_contrast)
    idle.last -= idle.timeout_s + 1  # on home too: the high contrast is the last citizen's
    ui.wait_for(lambda: app.palette is theme.NORMAL, timeout=3)


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
