"""The rating faces: a button with a face drawn on it (a disc, two eyes, a mouth whose curve
shows the level) above its label. The drawing is the ``<FaceButton>`` rule in widgets.kv."""

from __future__ import annotations

from kivy.properties import ColorProperty, NumericProperty

from kiosk.ui.widgets import theme
from kiosk.ui.widgets.buttons import BigButton


def smile_of(level: int, scale: int) -> float:
    """The mouth's curve for ``level`` of ``scale``: 1 a broad smile (best) .. -1 a frown."""
    return 2 * (level - 1) / (scale - 1) - 1


class FaceButton(BigButton):
    """One level of the rating: ``smile`` (-1..1) bends the mouth, ``face`` fills the disc."""

    level = NumericProperty(0)
    smile = NumericProperty(0.0)
    face = ColorProperty(theme.PRIMARY)
    face_r = NumericProperty(0)  # the disc's radius and centre, set by the rule
    face_x = NumericProperty(0)
    face_y = NumericProperty(0)
