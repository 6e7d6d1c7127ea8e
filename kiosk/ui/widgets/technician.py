"""The technician's PIN pad that closes a kiosk-mode app (opened by a hidden gesture)."""

from __future__ import annotations

from collections.abc import Callable

from kivy.app import App
from kivy.clock import Clock
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.modalview import ModalView

from kiosk.device.technician import pin_matches
from kiosk.ui.widgets import theme
from kiosk.ui.widgets.buttons import BigButton
from kiosk.ui.widgets.keyboard import NumericKeypad, apply_key

CLOSE_AFTER_S = 30  # an abandoned PIN pad closes by itself
MAX_TRIES = 3


class TechnicianExit(ModalView):
    """Digits are shown as dots; the right PIN calls ``on_exit``; three wrong ones close it."""

    def __init__(self, expected_pin: str, on_exit: Callable[[], None], **kwargs) -> None:
        kwargs.setdefault("size_hint", (None, None))
        kwargs.setdefault("size", (560, 760))
        kwargs.setdefault("auto_dismiss", False)
        # a plain light panel: the default dark image left the dark words unreadable (1.2:1)
        kwargs.setdefault("background", "")
        app = App.get_running_app()
        kwargs.setdefault("background_color", app.palette.SURFACE)
        super().__init__(**kwargs)
        self.expected_pin = expected_pin
        self.on_exit = on_exit
        self.entered = ""
        self.tries = 0
        t = app.t
        box = BoxLayout(orientation="vertical", padding=24, spacing=16)
        self.title_label = Label(text=t["tech.title"], font_size=theme.BODY, bold=True)
        self.dots = Label(text="", font_size=theme.BODY * 1.6, size_hint_y=None, height=70)
        self.keypad = NumericKeypad(size_hint_y=4)
        self.keypad.bind(on_key=self._key)
        buttons = BoxLayout(spacing=16, size_hint_y=None, height=theme.TOUCH * 1.4)
        self.exit_button = BigButton(text=t["tech.exit"], tone="accent")
        self.exit_button.bind(on_release=lambda _b: self._submit())
        cancel = BigButton(text=t["common.close"])
        cancel.bind(on_release=lambda _b: self.dismiss())
        buttons.add_widget(self.exit_button)
        buttons.add_widget(cancel)
        for widget in (self.title_label, self.dots, self.keypad, buttons):
            box.add_widget(widget)
        self.add_widget(box)
        self._timeout = Clock.schedule_once(lambda _dt: self.dismiss(), CLOSE_AFTER_S)

    def _key(self, _keypad: NumericKeypad, key: str) -> None:
        self.entered = apply_key(self.entered, key, max_length=12)
        self.dots.text = "●" * len(self.entered)

    def _submit(self) -> None:
        if pin_matches(self.entered, self.expected_pin):
            self.dismiss()
            self.on_exit()
            return
        self.tries += 1
        self.entered, self.dots.text = "", ""
        self.title_label.text = App.get_running_app().t["tech.wrong"]
        if self.tries >= MAX_TRIES:
            self.dismiss()

    def on_dismiss(self) -> None:
        self._timeout.cancel()
