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


def test_language_switch(ui) -> None:
    home = ui.screen
    tile = home.tile("procedure_search")
    assert tile.title == "Tra cứu thủ tục"
    ui.screenshot("lookup-home-portrait")
