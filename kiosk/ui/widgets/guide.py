"""Spoken guidance on screen: the bar of large Back / Next / Choose areas, the ring that
marks the choice in focus, and which widgets of a screen are its choices, in reading order.

The words themselves are said by the device's guide (:class:`kiosk.device.guide.Guide`).
"""

from __future__ import annotations

import re
from typing import Any

from kivy.properties import ListProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from kiosk.ui.widgets.keyboard import KeyButton

_MARKUP = re.compile(r"\[/?[a-z]+(=[^\]]*)?\]")


class GuideBar(BoxLayout):
    """Three large areas at the foot of the window: previous, next, choose."""


class FocusRing(Widget):
    """A thick outline drawn around the choice in focus (``rect``: x, y, width, height)."""

    rect = ListProperty([0, 0, 0, 0])

    def follow(self, target: Widget | None) -> None:
        if target is None:
            self.rect = [0, 0, 0, 0]
            return
        x, y = target.to_window(target.x, target.y)
        self.rect = [x, y, target.width, target.height]


def _shown(widget: Widget) -> bool:
    node: Any = widget
    while node is not None and node.parent is not node:  # the window is its own parent
        if getattr(node, "opacity", 1) == 0 or getattr(node, "disabled", False):
            return False
        node = node.parent
    return widget.get_root_window() is not None and widget.width > 1 and widget.height > 1


def choices(screen: Widget) -> list[Widget]:
    """The touchable choices of ``screen`` a citizen moves through, top to bottom and left
    to right (keyboard keys are left out: guidance is for choosing, not typing)."""
    found = [
        w
        for w in screen.walk(restrict=True)
        if isinstance(w, ButtonBehavior) and not isinstance(w, KeyButton) and _shown(w)
    ]
    placed = [(w.to_window(w.x, w.top), w) for w in found]
    placed.sort(key=lambda item: (-round(item[0][1]), item[0][0]))
    return [w for _pos, w in placed]


def spoken_text(widget: Widget) -> str:
    """What a choice says: a tile's title and subtitle, else its label."""
    parts = [getattr(widget, "title", ""), getattr(widget, "subtitle", "")]
    if not any(parts):
        parts = [getattr(widget, "text", "")]
    return ". ".join(_MARKUP.sub("", p).strip() for p in parts if p and p.strip())
