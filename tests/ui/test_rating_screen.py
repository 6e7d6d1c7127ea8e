"""The rating screen's dossier entry and faces on the real widgets: a way back, the idle
reset, keys of at least 44 px whatever the screen says, faces drawn as faces."""

from __future__ import annotations

import pytest
from kivy.graphics import Ellipse, Line

from kiosk.ui.widgets.keyboard import KeyButton
from tests.ui.conftest import UI
from tests.ui.test_queue_roles import STAFF, _open

pytestmark = pytest.mark.ui
MIN_KEY_PX = 44
SIZES = (STAFF, (800, 1280))  # the counter's landscape screen, a portrait tablet


def _open_code(ui: UI):
    """The dossier-code entry, from the idle start (an earlier test may have left thanks)."""
    screen = ui.app.screen
    screen.close_code()
    screen.flow.cancel()
    ui.wait_for(lambda: screen.stage == "idle")
    ui.tap(screen.ids.by_dossier)
    ui.wait_for(lambda: screen.entering_code)
    return screen


def _smallest_key(screen) -> float:
    keys = [w for w in screen.ids.keyboard.walk(restrict=True) if isinstance(w, KeyButton)]
    buttons = [*keys, screen.ids.code_go, screen.ids.code_back]
    return min(min(b.width, b.height) for b in buttons)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_keys_stay_44_px_after_an_error(apps, hub, size) -> None:
    ui = _open(apps, "admin", ("rating",), size)
    screen = _open_code(ui)
    assert _smallest_key(screen) >= MIN_KEY_PX
    ui.type(screen.ids.keyboard, "abc123")
    ui.tap(screen.ids.code_go)
    ui.wait_for(lambda: screen.message)  # the long "not a dossier code" message
    assert "ABC123" not in screen.message
    ui.frames(3)
    assert screen.ids.code_message.height > 0
    assert _smallest_key(screen) >= MIN_KEY_PX, _smallest_key(screen)
    ui.tap(screen.ids.code_back)
    ui.wait_for(lambda: not screen.entering_code)
    assert screen.message == "" and screen.ids.by_dossier.height > 0


def test_the_code_entry_resets_after_the_idle_time(apps, hub) -> None:
    ui = _open(apps, "admin", ("rating",), STAFF)
    screen = _open_code(ui)
    ui.type(screen.ids.keyboard, "h15.50")
    idle = screen.idle
    assert idle.timeout_s == ui.app.context.site.idle_timeout_s
    idle.last -= idle.timeout_s - 30  # 30 s left: a touch starts the time again
    ui.tap(screen.ids.keyboard.key_button("."))
    assert idle.remaining() > idle.timeout_s - 5
    idle.last -= idle.timeout_s + 1
    ui.wait_for(lambda: not screen.entering_code, timeout=3)  # the screen ticks every 0.5 s
    assert screen.code_entry == "" and screen.stage == "idle"
    assert screen.ids.by_dossier.parent is not None


def test_a_receipt_number_rates_the_dossier(apps, hub) -> None:
    ui = _open(apps, "admin", ("rating",), STAFF)
    screen = _open_code(ui)
    ui.type(screen.ids.keyboard, "251001-0044")  # a dossier no other test rates
    ui.tap(screen.ids.code_go)
    ui.wait_for(lambda: screen.stage == "invited", timeout=8)
    assert screen.subject == "Hồ sơ H15.50.05.13-251001-0044"
    screen.flow.cancel()
    ui.wait_for(lambda: screen.stage == "idle")


def test_faces_are_drawn_as_faces(apps, hub) -> None:
    ui = _open(apps, "admin", ("rating",), STAFF)
    screen = ui.app.screen
    screen.flow.invite_dossier("H15.50.05.13-251010-0101")
    ui.wait_for(lambda: screen.stage == "invited")
    curves = []
    for level in (3, 2, 1):  # best to worst, as laid out
        face = screen.face(level)
        shapes = [i for i in face.canvas.after.children if isinstance(i, Ellipse | Line)]
        ellipses = [i for i in shapes if isinstance(i, Ellipse)]
        assert len(ellipses) == 3  # the head and two eyes
        head = ellipses[0]
        assert head.size[0] == head.size[1] > 60  # a round face, not a block
        assert all(e.pos[1] > face.face_y for e in ellipses[1:])  # eyes above the centre
        after_head = shapes[shapes.index(head) + 1 :]  # the button's outline comes before
        mouth = next(i for i in after_head if isinstance(i, Line) and len(i.points) > 10)
        points = list(zip(mouth.points[::2], mouth.points[1::2], strict=True))
        (x0, y0), (x1, y1) = points[0], points[-1]
        assert y0 == pytest.approx(y1) and y0 < face.face_y and x0 < face.face_x < x1
        middle = min(points, key=lambda p: abs(p[0] - face.face_x))[1]
        curves.append(round(middle - y0))  # below the corners: a smile; above: a frown
    assert curves[0] < 0 and curves[1] == 0 and curves[2] > 0
    assert screen.face(3).text == "Rất hài lòng"
    screen.flow.cancel()
    ui.wait_for(lambda: screen.stage == "idle")
