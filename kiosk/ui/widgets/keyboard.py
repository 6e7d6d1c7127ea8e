"""On-screen keyboards that emit keys, never text fields (no system keyboard can pop up).

:class:`OnScreenKeyboard` fires ``on_key(key)`` with a character, ``"\\b"`` (backspace)
or ``"clear"``. ``layout`` "text" is digits + toneless QWERTY + space (search folds
tones); "code" is digits + letters + ``.`` and ``-`` (dossier codes). :class:`NumericKeypad`
is a 3x4 phone pad.
"""

from __future__ import annotations

from kivy.properties import OptionProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout

from kiosk.ui.widgets.buttons import BigButton

BACKSPACE = "\b"
CLEAR = "clear"
SPACE = " "
LAYOUTS: dict[str, tuple[str, ...]] = {
    "text": ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm."),
    "code": ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm.-"),
}
_WIDEST = 10


class KeyButton(BigButton):
    """One key; ``key`` is what it sends."""

    key = StringProperty("")
    label_key = StringProperty("")  # a word key's name ("space") or the character shown


class OnScreenKeyboard(BoxLayout):
    """Rows of :class:`KeyButton`; the bottom row holds space (text layout), delete, clear."""

    layout = OptionProperty("text", options=tuple(LAYOUTS))
    __events__ = ("on_key",)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.orientation = "vertical"
        self.spacing = 8
        self._build()
        self.bind(layout=lambda *_: self._build())

    def _build(self) -> None:
        self.clear_widgets()
        for letters in LAYOUTS[self.layout]:
            row = BoxLayout(spacing=8)
            missing = _WIDEST - len(letters)
            row.bind(width=lambda r, w, m=missing: setattr(r, "padding", (w * m / 20, 0)))
            for ch in letters:
                row.add_widget(self._key(ch.upper(), ch))
            self.add_widget(row)
        bottom = BoxLayout(spacing=8)
        if self.layout == "text":
            bottom.add_widget(self._key("space", SPACE, size_hint_x=4))
        bottom.add_widget(self._key("backspace", BACKSPACE, size_hint_x=2, neutral=True))
        bottom.add_widget(self._key("clear", CLEAR, size_hint_x=2, neutral=True))
        self.add_widget(bottom)

    def _key(self, label: str, key: str, neutral: bool = False, **kw) -> KeyButton:
        tone = "neutral" if neutral or len(label) > 1 else "plain"
        button = KeyButton(key=key, label_key=label, tone=tone, **kw)
        button.bind(on_release=lambda b: self.dispatch("on_key", b.key))
        return button

    def on_key(self, key: str) -> None:
        pass

    def key_button(self, key: str) -> KeyButton:
        """The button that sends ``key`` (tests touch it)."""
        for button in self.walk(restrict=True):
            if isinstance(button, KeyButton) and button.key == key:
                return button
        raise KeyError(key)


class NumericKeypad(GridLayout):
    """1-9, clear, 0, backspace in a 3x4 grid; fires ``on_key`` like the keyboard."""

    __events__ = ("on_key",)

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("cols", 3)
        kwargs.setdefault("spacing", 10)
        super().__init__(**kwargs)
        for label, key in [*((d, d) for d in "123456789"), ("clear", CLEAR), ("0", "0"),
                           ("backspace", BACKSPACE)]:  # fmt: skip
            button = KeyButton(key=key, label_key=label,
                               tone="neutral" if len(label) > 1 else "primary")  # fmt: skip
            button.bind(on_release=lambda b: self.dispatch("on_key", b.key))
            self.add_widget(button)

    def on_key(self, key: str) -> None:
        pass


def apply_key(text: str, key: str, max_length: int = 60, *, upper: bool = False) -> str:
    """``text`` after one key of the keyboard (backspace, clear, or a character).

    The special keys are told apart before anything else, so ``upper`` (codes are typed
    in capitals) changes the characters only, never ``"clear"`` into text.
    """
    if key == CLEAR:
        return ""
    if key == BACKSPACE:
        return text[:-1]
    if len(text) >= max_length:
        return text
    return text + (key.upper() if upper else key)
