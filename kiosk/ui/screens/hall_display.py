"""The hall TV (landscape 1920x1080): the number being served at each counter, large (a
mark names a priority ticket; a counter on a break says so), and the last calls. A new
call blinks and is announced (:class:`~kiosk.device.hall.HallBoard`); a number leaves the
board when it is finished, skipped or transferred. A small "Mất kết nối" mark shows while
the event stream is down. With a ``media`` peripheral, guidance videos and pictures play
above a shorter list of last calls (the device layer lowers their sound while a call is
announced)."""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.device.hall import HallBoard, HallSnapshot
from kiosk.ui.screens.lobby_base import LobbyScreen
from kiosk.ui.widgets.alerts import AlertStrip  # noqa: F401 (hall_display.kv draws it)
from kiosk.ui.widgets.media import MediaView

BLINK_PERIOD_S = 0.5
HISTORY = 8
HISTORY_WITH_MEDIA = 4  # last calls listed below the media area
MEDIA_FPS = 25  # how often the media area looks for a new frame


class CounterRow(BoxLayout):
    """One counter's line: its name and the number served there (marked when it is a
    priority ticket), or that the counter is on a break."""

    counter_id = NumericProperty(0)
    counter_name = StringProperty("")
    number = StringProperty("")
    note = StringProperty("")  # "Ưu tiên" under a priority number, "Tạm nghỉ" on a break
    blinking = BooleanProperty(False)
    lit = BooleanProperty(True)


class RecentRow(BoxLayout):
    """One past call in the list: number and counter."""

    number = StringProperty("")
    counter_name = StringProperty("")


class HallMedia(MediaView):
    """The media area: the player's pictures on black, 16:9."""


class HallDisplayScreen(LobbyScreen):
    idle_home = False
    connected = BooleanProperty(False)
    has_media = BooleanProperty(False)
    recent = ListProperty([])  # [(number, counter label)] newest first
    calls_shown = NumericProperty(0)  # counts new calls shown (tests and benchmarks wait on it)

    def __init__(self, **kwargs: Any) -> None:
        self.board: HallBoard | None = None
        self.rows: dict[int, CounterRow] = {}
        self._snapshot: HallSnapshot | None = None
        self._blink_event = None
        self.media_view: HallMedia | None = None
        super().__init__(**kwargs)

    def on_kv_post(self, base_widget: Any) -> None:
        for counter in self.ctx.site.counters:
            row = CounterRow(counter_id=counter.id)
            self.rows[counter.id] = row
            self.ids.rows.add_widget(row)
        player = self.ctx.devices.media
        if player is not None:
            self.has_media = True
            self.media_view = HallMedia(player=player)
            self.ids.side.add_widget(self.media_view, index=len(self.ids.side.children))
        self.recent_rows = [RecentRow() for _ in range(HISTORY_WITH_MEDIA if player else HISTORY)]
        for row in self.recent_rows:
            self.ids.recent.add_widget(row)
        self.app.bind(lang=lambda *_: self._render())
        self._render()

    def on_activate(self, **params: Any) -> None:
        if self.board is None:
            self.board = self.ctx.hall_board(self._show, history=HISTORY)
            self.app.bind(on_stop=lambda *_: self._stop())
            if self.media_view is not None:
                self.ctx.start_media()
                self.every(1 / MEDIA_FPS, self.media_view.refresh)
        if self._blink_event is None:
            self._blink_event = Clock.schedule_interval(self._blink, BLINK_PERIOD_S)

    def _stop(self) -> None:
        if self._blink_event is not None:
            self._blink_event.cancel()
            self._blink_event = None

    def _show(self, snapshot: HallSnapshot) -> None:
        self._snapshot = snapshot
        self.connected = snapshot.connected
        self.ids.alerts.alerts = list(snapshot.alerts)
        if snapshot.fresh is not None:
            self.calls_shown += 1
        self._render()

    def _render(self) -> None:
        snap = self._snapshot
        for counter_id, row in self.rows.items():
            row.counter_name = self.tr("hall.counter", n=counter_id)
            call = snap.current.get(counter_id) if snap else None
            row.number = call.number if call else ""
            paused = bool(snap and counter_id in snap.paused and call is None)
            row.note = self.tr("hall.paused") if paused else ""
            if call is not None and call.priority:
                row.note = self.tr("hall.priority")
            row.blinking = bool(snap and snap.blinking(counter_id))
            row.lit = True
        self.recent = [(c.number, self.tr("hall.counter", n=c.counter_id))
                       for c in (snap.recent if snap else ())]  # fmt: skip
        for i, row in enumerate(self.recent_rows):
            row.number, row.counter_name = self.recent[i] if i < len(self.recent) else ("", "")

    def _blink(self, _dt: float) -> None:
        snap = self._snapshot
        for counter_id, row in self.rows.items():
            row.blinking = bool(snap and snap.blinking(counter_id))
            row.lit = not row.lit if row.blinking else True
