"""Spoken guidance: home -> ticket by the large Next / Choose areas and by a keypad, each
step said in order by the kiosk's simulated speaker; a session's end turns it off."""

from __future__ import annotations

import pytest

from kiosk.i18n import tr
from tests.ui.conftest import DEVICE, PORTRAIT, UI

pytestmark = pytest.mark.ui


def _guided(apps) -> tuple[UI, object]:
    app = apps.open(DEVICE, ("lookup", "ticket"))
    ui = UI(app)
    ui.resize(PORTRAIT)
    app.go_home()
    ui.frames(2)
    speaker = app.context.devices.speech
    speaker.history.clear()
    ui.tap(app.screen.ids.guide_button)
    assert app.guide_on
    return ui, speaker


def _said(ui: UI, speaker, count: int) -> list[str]:
    ui.wait_for(lambda: len(speaker.history) >= count, timeout=5)
    return speaker.texts()


def test_home_to_a_ticket_each_step_spoken_in_order(apps) -> None:
    ui, speaker = _guided(apps)
    app, bar = ui.app, ui.app.root.guide_bar
    assert _said(ui, speaker, 2) == [tr("guide.started", "vi"), tr("home.choose", "vi")]
    for _ in range(3):  # procedures, dossiers, then the ticket tile
        ui.tap(bar.ids.next)
    said = _said(ui, speaker, 5)
    assert said[2].startswith(tr("home.procedures", "vi"))
    assert said[3].startswith(tr("home.dossier", "vi"))
    assert said[4].startswith(tr("home.ticket", "vi"))
    assert app.root.focus_ring.rect[2] > 0  # the ring shows where the focus is
    ui.tap(bar.ids.choose)
    assert app.screen.name == "ticket"
    assert _said(ui, speaker, 6)[5] == tr("ticket.choose", "vi")
    ticket_screen = app.screen
    first_service = ticket_screen.services[0]
    while first_service.name_vi not in _said(ui, speaker, len(speaker.history))[-1]:
        ui.tap(bar.ids.next)  # past the priority lane's button, to the first service
        assert len(speaker.history) < 12, speaker.texts()
    ui.tap(bar.ids.choose)
    ui.wait_for(lambda: ticket_screen.outcome is not None, timeout=10)
    number = ticket_screen.number
    ui.wait_for(lambda: speaker.texts()[-1].startswith("Số thứ tự của bạn"), timeout=5)
    last = speaker.texts()[-1]
    assert last.startswith(f"Số thứ tự của bạn là {' '.join(number)}.")
    assert tr("ticket.take_paper", "vi") in last
    assert [n for n, (item, _) in enumerate(speaker.history) if item.seq != n + 1] == []
    app.go_home()  # the citizen's session ends: guidance goes with it
    assert not app.guide_on and bar.parent is None


def test_a_keypad_moves_and_chooses_and_english_is_spoken_in_english(apps) -> None:
    from kivy.core.window import Window

    ui, speaker = _guided(apps)
    app = ui.app
    app.toggle_guide()
    app.set_language("en")
    app.toggle_guide()
    assert _said(ui, speaker, 4)[2:4] == [tr("guide.started", "en"), tr("home.choose", "en")]
    for key in (274, 274, 273):  # down, down, up: the first tile again
        Window.dispatch("on_key_down", key, 0, None, [])
    said = _said(ui, speaker, 7)
    assert said[4].startswith("Find a procedure") and said[6] == said[4]
    assert {item.lang for item, _ in speaker.history[2:]} == {"en"}
    Window.dispatch("on_key_down", 13, 0, None, [])  # a lone Enter chooses
    ui.wait_for(lambda: app.screen.name == "procedure_search", timeout=2)
    assert _said(ui, speaker, 8)[7] == tr("search.title", "en")
    app.go_home()
