"""Every text on the screens this issue touched reaches 4.5:1 against what is drawn behind
it: measured on the rendered widgets (see tests/ui/contrast.py), state by state. The
citizen screens are measured in both palettes and languages at the large text step, with
their touch targets and the fit of their texts (tests/ui/layout.py)."""

from __future__ import annotations

import pytest

from tests.ui.citizen import CITIZEN, STATES
from tests.ui.conftest import DEVICE, LANDSCAPE, PORTRAIT, UI
from tests.ui.contrast import MIN_RATIO, Finding, failures, measure
from tests.ui.layout import small_targets, text_problems
from tests.ui.test_queue_roles import STAFF, _open
from tests.ui.test_technician import tap_corner

pytestmark = pytest.mark.ui


def check(ui: UI, target, where: str) -> Finding:
    """Measure ``target``'s texts; the lowest ratio found."""
    ui.frames(3)
    found = measure(target)
    assert found, f"{where}: no text measured"
    low = failures(found)
    worst = min(found, key=lambda f: f.ratio)
    print(f"{where}: {len(found)} texts, lowest {worst}")
    assert not low, f"{where}: below {MIN_RATIO}:1:\n" + "\n".join(map(str, low))
    return worst


def test_rating_screen_in_every_state(apps, hub) -> None:
    ui = _open(apps, "admin", ("rating",), STAFF)
    screen, root = ui.app.screen, ui.app.root
    screen.flow.cancel()
    ui.wait_for(lambda: screen.stage == "idle")
    screen.pending = 2  # "2 ratings waiting to be sent" in the header
    check(ui, root, "rating idle")
    screen.flow.invite_dossier("H15.50.05.13-251010-0101")
    ui.wait_for(lambda: screen.stage == "invited")
    check(ui, root, "rating faces")
    ui.tap(screen.face(1))
    ui.wait_for(lambda: screen.stage == "reasons")
    ui.tap(next(c for c in screen.reason_chips if c.key == "attitude"))  # a chosen chip
    check(ui, root, "rating reasons")
    ui.tap(screen.ids.skip)
    ui.wait_for(lambda: screen.stage == "thanks")
    check(ui, root, "rating thanks")
    screen.flow.cancel()
    ui.wait_for(lambda: screen.stage == "idle")
    ui.tap(screen.ids.by_dossier)
    ui.wait_for(lambda: screen.entering_code)
    check(ui, root, "rating code entry (empty)")
    ui.type(screen.ids.keyboard, "abc")
    ui.tap(screen.ids.code_go)
    ui.wait_for(lambda: screen.message)
    check(ui, root, "rating code entry (error)")
    ui.tap(screen.ids.code_back)


def test_technician_pin_pad(ui) -> None:
    for _ in range(5):
        tap_corner(ui)
    pad = ui.app.technician
    try:
        ui.wait_for(lambda: pad._anim_alpha >= 1)  # the pad fades in
        check(ui, pad, "technician PIN pad")
        ui.tap({b.key: b for b in pad.keypad.children}["1"])
        ui.tap(pad.exit_button)  # a wrong PIN: the title says so
        assert pad.title_label.text == "Mã PIN không đúng"
        check(ui, pad, "technician PIN pad (wrong PIN)")
    finally:
        pad.dismiss()
        ui.app.technician = None
        ui.frames(2)


def test_lookup_screens(ui) -> None:
    root = ui.app.root
    check(ui, root, "home")
    ui.tap(ui.screen.tile("procedure_search"))
    idle = ui.app.context.idle
    idle.last -= idle.timeout_s - 5
    ui.wait_for(lambda: root.banner.seconds > 0, timeout=3)
    check(ui, root.banner, "idle countdown banner")  # it lies over the keyboard
    ui.app.go_home()
    ui.frames(2)
    ui.tap(ui.screen.tile("dossier_status"))
    screen = ui.screen
    check(ui, root, "dossier status (empty)")
    ui.type(screen.ids.keyboard, "abc")
    ui.tap(screen.ids.search_button)
    ui.wait_for(lambda: screen.message)
    check(ui, root, "dossier status (error)")
    screen.lookup("H15.50.05.13-251001-0044")  # overdue: the red words
    ui.wait_for(lambda: screen.answer_text, timeout=8)
    check(ui, root, "dossier status (answer)")
    ui.app.go_home()
    ui.frames(2)
    ui.tap(ui.screen.tile("procedure_search"))
    ui.type(ui.screen.ids.keyboard, "khai sinh")
    ui.wait_for(lambda: ui.screen.results and not ui.screen.showing_fields)
    check(ui, root, "procedure search")


def test_citizen_screens_in_both_palettes_and_languages_at_large_text(apps, hub) -> None:
    """Portrait in both palettes and languages, landscape in high contrast, all at x1.5,
    switched while each screen shows: every text 4.5:1 (AAA 7:1 in high contrast), in its
    box, over no other; every touch target 44x44 px or more."""
    from kiosk.ui.app import LARGE_TEXT
    from kiosk.ui.widgets import theme

    normal, high = theme.NORMAL, theme.HIGH_CONTRAST
    runs = [  # one switch at a time
        (PORTRAIT, [(normal, "vi"), (normal, "en"), (high, "en"), (high, "vi")]),
        (LANDSCAPE, [(high, "vi"), (high, "en")]),
    ]
    ui = _open(apps, DEVICE, CITIZEN, PORTRAIT)
    app = ui.app
    app.go_home()
    lowest: dict[str, Finding] = {}
    bad: list[str] = []
    try:
        for size, combos in runs:
            ui.resize(size)
            for name, (show, after_language) in STATES.items():
                app.palette, app.font_scale = combos[0][0], LARGE_TEXT
                app.set_language(combos[0][1])
                show(ui)
                for palette, lang in combos:
                    app.palette = palette
                    if lang != app.lang:
                        app.set_language(lang)
                        if after_language:
                            after_language(ui)
                    where = f"{name}, {palette.name}, {lang}, {size[0]}x{size[1]}"
                    worst = check(ui, app.root, where)
                    if palette.name not in lowest or worst.ratio < lowest[palette.name].ratio:
                        lowest[palette.name] = worst
                    bad += [f"{where}: {p}" for p in small_targets(app.root)]
                    bad += [f"{where}: {p}" for p in text_problems(app.root, size)]
                app.context.idle.touch()
    finally:
        ui.app.go_home()
        ui.resize(PORTRAIT)
    print("lowest:", {name: str(f) for name, f in lowest.items()})
    assert lowest["contrast"].ratio >= 7, f"high contrast below AAA: {lowest['contrast']}"
    assert not bad, "\n".join(bad)
