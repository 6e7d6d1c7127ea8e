"""Every lookup screen from the real window, portrait 1080x1920 and landscape 1920x1080,
and every citizen screen in high contrast with large text, written to the screenshot
folder (docs/screenshots/ with ./run.sh screenshots; look at them after a UI change)."""

from __future__ import annotations

import pytest
from PIL import Image

from tests.ui.citizen import CITIZEN, STATES
from tests.ui.conftest import DEVICE, LANDSCAPE, PORTRAIT
from tests.ui.test_queue_roles import _open

pytestmark = pytest.mark.ui


def shoot(ui, name: str, size: tuple[int, int], prefix: str = "lookup") -> None:
    orientation = "portrait" if size == PORTRAIT else "landscape"
    path = ui.screenshot(f"{prefix}-{name}-{orientation}")
    with Image.open(path) as image:
        assert image.size == size
        colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
        assert colours is None or len(colours) > 50  # drawn, not an empty window


@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_screenshots(ui, size: tuple[int, int]) -> None:
    app = ui.app
    ui.resize(size)
    shoot(ui, "home", size)
    app.go("procedure_search")
    search = ui.screen
    ui.wait_for(lambda: search.results)
    shoot(ui, "browse", size)
    search.query = "khai sinh"
    search.search()
    ui.wait_for(lambda: not search.showing_fields)
    shoot(ui, "search", size)
    search.query = "ly hon"
    search.search()
    ui.wait_for(lambda: "Tòa án" in search.message)
    shoot(ui, "search_elsewhere", size)
    app.go("procedure_detail", code="1.001193")
    ui.frames(2)  # laid out before it is touched
    ui.tap(ui.screen.ids.print_button)
    ui.wait_for(lambda: ui.screen.last_print is not None, timeout=10)
    shoot(ui, "detail", size)
    app.go_home()
    app.go("dossier_status")
    ui.frames(2)
    ui.type(ui.screen.ids.keyboard, "h15.50")
    shoot(ui, "dossier-entry", size)
    app.go("dossier_status", code="H15.50.05.13-251010-0101")
    ui.wait_for(lambda: ui.screen.answer_text, timeout=8)
    shoot(ui, "dossier", size)
    app.go_home()
    app.set_language("en")
    app.toggle_large_text()
    ui.frames(2)
    shoot(ui, "home-en-large", size)
    app.go("procedure_search")
    idle = app.context.idle
    idle.last -= idle.timeout_s - 7
    ui.frames(2)
    shoot(ui, "idle-countdown", size)


# state -> (prefix, name) of its screenshot
CONTRAST_SHOTS = {
    "home": ("lookup", "home-contrast"),
    "procedure search": ("lookup", "search-contrast"),
    "procedure detail": ("lookup", "detail-contrast"),
    "dossier status": ("lookup", "dossier-contrast"),
    "ticket choice": ("ticket", "services-contrast"),
    "ticket": ("ticket", "result-contrast"),
}


@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_high_contrast_large_text_screenshots(apps, hub, size: tuple[int, int]) -> None:
    """Switched on at home as a citizen would (two taps), then every citizen screen."""
    ui = _open(apps, DEVICE, CITIZEN, size)
    app = ui.app
    app.go_home()
    ui.frames(2)
    ui.tap(app.screen.ids.high_contrast)
    ui.tap(app.screen.ids.large_text)
    try:
        for state, (prefix, name) in CONTRAST_SHOTS.items():
            show, _after_language = STATES[state]
            show(ui)
            shoot(ui, name, size, prefix)
    finally:
        app.go_home()
