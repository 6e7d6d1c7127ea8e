"""Status widgets: :class:`BusySpinner`, :class:`CountdownBanner`, :class:`MessageBox`."""

from __future__ import annotations

from kivy.clock import Clock
from kivy.properties import (
    BooleanProperty,
    NumericProperty,
    ObjectProperty,
    OptionProperty,
    StringProperty,
)
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from kiosk.ui.widgets import theme


class SpinnerArc(Widget):
    """A turning arc; it only animates while ``active``."""

    active = BooleanProperty(False)
    angle = NumericProperty(0)

    def on_active(self, _instance: SpinnerArc, active: bool) -> None:
        if active:
            self._event = Clock.schedule_interval(self._turn, 1 / 30)
        elif getattr(self, "_event", None) is not None:
            self._event.cancel()
            self._event = None

    def _turn(self, dt: float) -> None:
        self.angle = (self.angle + 360 * dt) % 360


class BusySpinner(BoxLayout):
    """ "Đang tải…" with a turning arc; shown by the app when a call takes > 300 ms."""

    active = BooleanProperty(False)
    text = StringProperty("")


class CountdownBanner(BoxLayout):
    """The idle warning: visible while ``seconds`` > 0."""

    seconds = NumericProperty(0)
    text = StringProperty("")
    look = ObjectProperty(theme.NORMAL.tones["banner"], rebind=True)


class MessageBox(BoxLayout):
    """A plain message in a box coloured by ``kind`` (the palette's "message.<kind>" tone);
    empty ``text`` hides it."""

    text = StringProperty("")
    kind = OptionProperty("info", options=("info", "ok", "warn", "error"))
    look = ObjectProperty(theme.NORMAL.tones["message.info"], rebind=True)
