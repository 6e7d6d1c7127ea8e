"""The device alerts strip of staff screens: one line per alert in force, words from the
word table (``alert.<kind>.<status>``) and the device id; no height when all is well."""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.graphics import Color, Rectangle
from kivy.properties import ListProperty, NumericProperty
from kivy.uix.label import Label

from kiosk.ui.widgets import theme

COLOURS = {"warn": "WARN_TEXT", "error": "ERROR_TEXT"}  # of the palette, by severity


class AlertStrip(Label):
    """Draws ``alerts`` (:class:`~kiosk.device.alerts.AlertView`, oldest first)."""

    alerts = ListProperty([])
    pad = NumericProperty(10)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("font_size", theme.SMALL)
        super().__init__(markup=True, halign="left", valign="middle", size_hint_y=None, **kwargs)
        with self.canvas.before:
            self._bg = Color()
            self._rect = Rectangle()
        self.bind(pos=self._layout, size=self._layout, texture_size=self._layout)
        self.bind(alerts=lambda *_: self._render())
        App.get_running_app().bind(lang=self._render, palette=self._render)
        self._render()

    @property
    def lines(self) -> list[str]:
        """What it says, without markup (tests read it)."""
        app = App.get_running_app()
        return [f"{app.tr(a.key)} — {a.device_id}" for a in self.alerts]

    def _render(self, *_args: Any) -> None:
        palette = App.get_running_app().palette
        look = palette.tones["message.warn"]
        self._bg.rgba, self.color = look.bg, look.fg
        self.text = "\n".join(
            f"[color=#{palette.hex(COLOURS[a.severity])}][b]![/b][/color] {line}"
            for a, line in zip(self.alerts, self.lines, strict=True)
        )
        self._layout()

    def _layout(self, *_args: Any) -> None:
        self.text_size = (max(0, self.width - 2 * self.pad), None)
        shown = bool(self.alerts)
        self.height = self.texture_size[1] + 2 * self.pad if shown else 0
        self.opacity = 1 if shown else 0
        self._rect.pos, self._rect.size = self.pos, self.size
