"""A small yes/no question over the screen (quitting a windowed counter app)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kivy.app import App
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.modalview import ModalView

from kiosk.ui.widgets import theme
from kiosk.ui.widgets.buttons import BigButton

_KEY_ENTER, _KEY_KP_ENTER = 13, 271


class ConfirmDialog(ModalView):
    """``question`` with Có / Không (Yes / No): Có or Enter calls ``on_yes``; Không, Escape
    or a touch outside closes it."""

    def __init__(self, question: str, on_yes: Callable[[], None], **kwargs: Any) -> None:
        kwargs.setdefault("size_hint", (None, None))
        kwargs.setdefault("size", (640, 300))
        super().__init__(**kwargs)
        self.on_yes = on_yes
        t = App.get_running_app().t
        box = BoxLayout(orientation="vertical", padding=24, spacing=24)
        self.question = Label(text=question, font_size=theme.BODY, bold=True, halign="center")
        buttons = BoxLayout(spacing=16, size_hint_y=None, height=theme.TOUCH * 1.4)
        self.yes_button = BigButton(text=t["common.yes"], tone="accent")
        self.yes_button.bind(on_release=lambda _b: self.confirm())
        self.no_button = BigButton(text=t["common.no"])
        self.no_button.bind(on_release=lambda _b: self.dismiss())
        buttons.add_widget(self.yes_button)
        buttons.add_widget(self.no_button)
        box.add_widget(self.question)
        box.add_widget(buttons)
        self.add_widget(box)

    def confirm(self) -> None:
        self.dismiss()
        self.on_yes()

    def _handle_keyboard(self, window: Any, key: int, *args: Any) -> bool | None:
        if key in (_KEY_ENTER, _KEY_KP_ENTER):
            self.confirm()
            return True
        return super()._handle_keyboard(window, key, *args)
