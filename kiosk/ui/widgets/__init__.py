"""Shared Kivy widgets: big buttons and tiles, on-screen keyboards, spinner, banner, QR.

Call :func:`load_kv` once before building widgets (the app and :class:`KioskScreen`
do); it loads ``widgets.kv``, the rules that draw these classes.
"""

from __future__ import annotations

from pathlib import Path

_loaded = False


def load_kv() -> None:
    """Load the widget rules once (later calls do nothing)."""
    global _loaded
    if _loaded:
        return
    from kivy.lang import Builder

    import kiosk.ui.widgets.buttons
    import kiosk.ui.widgets.faces
    import kiosk.ui.widgets.guide
    import kiosk.ui.widgets.keyboard
    import kiosk.ui.widgets.qr
    import kiosk.ui.widgets.status  # noqa: F401  (registers the classes the rules name)

    Builder.load_file(str(Path(__file__).with_name("widgets.kv")))
    _loaded = True
