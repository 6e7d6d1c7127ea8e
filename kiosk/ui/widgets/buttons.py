"""Big touch targets: :class:`BigButton`, :class:`Tile` (title + subtitle), :class:`Chip`.

Each names its :class:`~kiosk.ui.widgets.theme.Tone` (``tone``); the rules in widgets.kv
set ``look`` to that tone of the app's palette (the "disabled" tone while disabled); it
starts as the normal palette's, for the rules that read it before it is set.
"""

from __future__ import annotations

from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button

from kiosk.ui.widgets import theme


class BigButton(Button):
    """A rounded button at least ``theme.TOUCH`` pixels high, coloured by its ``tone``; its
    words wrap to its width unless ``wrap`` is off (then they keep their own width)."""

    tone = StringProperty("primary")
    wrap = BooleanProperty(True)
    look = ObjectProperty(theme.NORMAL.tones["primary"], rebind=True)


class Chip(BigButton):
    """A selectable option (level filter, language): filled when ``selected``."""

    selected_key = StringProperty("")
    key = StringProperty("")


class Tile(ButtonBehavior, BoxLayout):
    """A home-screen tile: a big title and a smaller line under it."""

    title = StringProperty("")
    subtitle = StringProperty("")
    tone = StringProperty("tile.blue")
    look = ObjectProperty(theme.NORMAL.tones["tile.blue"], rebind=True)
