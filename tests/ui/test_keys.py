"""Every special key of every on-screen keyboard, touched on the real widgets of the screens
that use them: the dossier code pad, the rating screen's code pad, the procedure search
keyboard and the technician's PIN pad."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kiosk.ui.widgets.keyboard import BACKSPACE, CLEAR, SPACE, KeyButton
from tests.ui.test_technician import tap_corner

pytestmark = pytest.mark.ui

# what each special key does after "ab1" was typed, per layout
SPECIAL = {
    "code": {CLEAR: "", BACKSPACE: "ab", ".": "ab1.", "-": "ab1-"},
    "text": {CLEAR: "", BACKSPACE: "ab", ".": "ab1.", SPACE: "ab1 "},
}


def _specials(pad) -> set[str]:
    keys = {w.key for w in pad.walk(restrict=True) if isinstance(w, KeyButton)}
    return {k for k in keys if len(k) > 1 or not k.isalnum()}


def check_special_keys(ui, keyboard, text: Callable[[], str], upper: bool) -> None:
    """Type "ab1", touch one special key, compare; for every special key of the layout."""
    expected = SPECIAL[keyboard.layout]
    assert _specials(keyboard) == set(expected)  # a new special key needs a line above
    for key, after in expected.items():
        ui.tap(keyboard.key_button(CLEAR))
        ui.type(keyboard, "ab1")
        assert text() == ("AB1" if upper else "ab1")
        ui.tap(keyboard.key_button(key))
        assert text() == (after.upper() if upper else after), key
        assert "CLEAR" not in text().upper()


def test_dossier_code_pad(ui) -> None:
    ui.tap(ui.screen.tile("dossier_status"))
    screen = ui.screen
    check_special_keys(ui, screen.ids.keyboard, lambda: screen.entry, upper=True)
    assert screen.ids.keyboard.key_button(CLEAR).text == "Xóa hết"


def test_procedure_search_keyboard(ui) -> None:
    ui.tap(ui.screen.tile("procedure_search"))
    screen = ui.screen
    check_special_keys(ui, screen.ids.keyboard, lambda: screen.query, upper=False)
    ui.tap(screen.ids.keyboard.key_button(CLEAR))
    ui.wait_for(lambda: screen.showing_fields)  # cleared: back to the list of fields


def test_technician_pin_pad(ui) -> None:
    for _ in range(5):
        tap_corner(ui)
    pad = ui.app.technician
    try:
        keypad = pad.keypad
        assert {k.key for k in keypad.children if not k.key.isdigit()} == {CLEAR, BACKSPACE}
        assert _specials(keypad) == {CLEAR, BACKSPACE}
        keys = {b.key: b for b in keypad.children}
        for d in "123":
            ui.tap(keys[d])
        assert pad.entered == "123" and pad.dots.text == "●●●"
        ui.tap(keys[BACKSPACE])
        assert pad.entered == "12" and pad.dots.text == "●●"
        ui.tap(keys[CLEAR])
        assert pad.entered == "" and pad.dots.text == ""
    finally:
        pad.dismiss()
        ui.app.technician = None
        ui.frames(2)


def test_rating_code_pad(apps, hub) -> None:
    from tests.ui.test_queue_roles import STAFF, _open

    ui = _open(apps, "admin", ("rating",), STAFF)
    screen = ui.app.screen
    ui.tap(screen.ids.by_dossier)
    ui.wait_for(lambda: screen.entering_code)
    check_special_keys(ui, screen.ids.keyboard, lambda: screen.code_entry, upper=True)
    ui.tap(screen.ids.code_back)
    ui.wait_for(lambda: not screen.entering_code)
