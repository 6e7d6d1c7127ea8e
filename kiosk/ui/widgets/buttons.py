"""Big touch targets: :class:`BigButton`, :class:`Tile` (title + subtitle), :class:`Chip`."""

from __future__ import annotations

from kivy.properties import ColorProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button

from kiosk.ui.widgets import theme


class BigButton(Button):
    """A rounded button at least ``theme.TOUCH`` pixels high; ``bg``/``bg_down`` colour it."""

    bg = ColorProperty(theme.PRIMARY)
    bg_down = ColorProperty(theme.PRIMARY_DOWN)
    fg = ColorProperty(theme.ON_DARK)


class Chip(BigButton):
    """A selectable option (level filter, language): filled when ``selected``."""

    selected_key = StringProperty("")
    key = StringProperty("")


class Tile(ButtonBehavior, BoxLayout):
    """A home-screen tile: a big title and a smaller line under it."""

    title = StringProperty("")
    subtitle = StringProperty("")
    bg = ColorProperty(theme.PRIMARY)
    bg_down = ColorProperty(theme.PRIMARY_DOWN)
