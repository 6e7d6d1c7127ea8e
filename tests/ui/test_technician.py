"""A citizen cannot leave the app; a technician can: five corner taps, then the PIN."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.ui


def tap_corner(ui) -> None:
    from kivy.core.window import Window
    from kivy.tests.common import UnitTestTouch

    touch = UnitTestTouch(10, Window.height - 10)
    touch.touch_down()
    touch.touch_up()
    ui.frames(1)


def type_pin(ui, pad, digits: str) -> None:
    keys = {b.key: b for b in pad.keypad.children}
    for d in digits:
        ui.tap(keys[d])


def test_corner_taps_and_pin_open_the_exit(ui) -> None:
    app = ui.app
    assert app.context.site.technician_pin == "246810"
    for _ in range(4):
        tap_corner(ui)
    assert app.technician is None
    tap_corner(ui)
    pad = app.technician
    assert pad is not None and pad.parent is not None  # open on the window
    exits: list[bool] = []
    pad.on_exit = lambda: exits.append(True)  # the app passes its stop(); keep this app alive
    type_pin(ui, pad, "1111")
    ui.tap(pad.exit_button)
    assert exits == [] and pad.title_label.text == "Mã PIN không đúng"
    assert pad.dots.text == ""
    type_pin(ui, pad, "246810")
    assert pad.dots.text == "●" * 6
    ui.tap(pad.exit_button)
    ui.frames(3)
    assert exits == [True]
    assert pad.parent is None
    app.technician = None


def test_three_wrong_pins_close_the_pad(ui) -> None:
    app = ui.app
    for _ in range(5):
        tap_corner(ui)
    pad = app.technician
    pad.on_exit = lambda: pytest.fail("a wrong PIN must not exit")
    for _ in range(3):
        type_pin(ui, pad, "0000")
        ui.tap(pad.exit_button)
    ui.frames(3)
    assert pad.parent is None
    app.technician = None
