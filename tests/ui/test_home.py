"""The home screen: tiles per role, language and large-text switches."""

from __future__ import annotations

import pytest

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
