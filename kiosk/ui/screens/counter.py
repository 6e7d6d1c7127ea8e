"""The counter officer's screen: Gọi tiếp, Gọi lại, Bỏ qua, Chuyển, Hoàn thành; the waiting
and skipped lists (call a chosen number, bring back a no-show), pause, undo of a skip, and
the officer's sign-in where the site has officers.

The counter is the one the device's hub token is bound to (``device.counter``), or the
``counter_id`` given (an admin device in the demo). Every action runs off the UI thread
through :class:`~kiosk.device.counter_desk.CounterDesk`, which also drives the counter's
LED board. Keys: F1 or Space call next, F2 recall, F3 skip, F4 transfer, F5 finish.

A press is taken once: a repeat while a request is in flight, a key held down (the key
repeats until it is released), and a second "call next" within ``CALL_HOLD_S`` of a call
(while that citizen is still the current one) are ignored, and the desk sends the ticket
the screen shows, so a stale screen cannot call a second citizen (the hub answers
``stale``). The screen follows the hub's event
stream (the device's one stream, through the service): a ticket issued, called or
transferred anywhere refreshes the lists at once (bursts coalesce); a slow poll stays as
a safety net.
"""

from __future__ import annotations

import time
from typing import Any

from kivy.clock import Clock
from kivy.core.window import Window
from kivy.properties import (
    BooleanProperty,
    NumericProperty,
    ObjectProperty,
    OptionProperty,
    StringProperty,
)
from kivy.uix.floatlayout import FloatLayout

from kiosk.api.models import CounterState, QueueEntry
from kiosk.device.counter_desk import CounterDesk, DeskError, DeskResult
from kiosk.ui.screens.lobby_base import LobbyScreen
from kiosk.ui.widgets import theme
from kiosk.ui.widgets.alerts import AlertStrip  # noqa: F401 (counter.kv draws it)
from kiosk.ui.widgets.buttons import BigButton
from kiosk.ui.widgets.keyboard import apply_key

REFRESH_S = 30.0  # safety net; events drive the refreshes
CALL_HOLD_S = 1.5  # a second "call next" this soon after a call is a double press
SPACE = 32
KEYS = {282: "call_next", SPACE: "call_next", 283: "recall", 284: "skip", 285: "transfer",
        286: "finish"}  # fmt: skip
CALLING = ("call_next", "call_ticket")


class SignInPanel(FloatLayout):
    """Over the whole screen while nobody is signed in: officers' names and a PIN pad. It
    is modal: touches never reach the counter's buttons under it."""

    screen = ObjectProperty(None)

    def on_touch_down(self, touch: Any) -> bool:
        super().on_touch_down(touch)
        return True


class CounterScreen(LobbyScreen):
    idle_home = False
    counter_id = NumericProperty(0)
    current_number = StringProperty("")
    current_service = StringProperty("")
    current_priority = StringProperty("")  # the priority reason, in words
    waiting_text = StringProperty("")
    served_text = StringProperty("")
    officer_text = StringProperty("")
    transferring = BooleanProperty(False)
    shortcuts = BooleanProperty(True)  # listen to F1-F5 (one counter per window)
    space_key = BooleanProperty(True)  # Space calls next too (off where Space types text)
    busy = BooleanProperty(False)
    pending = StringProperty("")  # the action in flight (its button says so)
    paused = BooleanProperty(False)
    can_undo_skip = BooleanProperty(False)
    has_officers = BooleanProperty(False)
    signing_in = BooleanProperty(False)  # the sign-in panel is shown
    officer_choice = StringProperty("")
    pin_text = StringProperty("")
    list_kind = OptionProperty("waiting", options=("waiting", "skipped"))
    waiting_count = NumericProperty(0)
    skipped_count = NumericProperty(0)
    print_mark = StringProperty("")  # the current ticket did not print

    def __init__(self, **kwargs: Any) -> None:
        self.desk: CounterDesk | None = None
        self.state: CounterState | None = None
        self._refresh_event = None
        self._following = False
        self._hub_down = False
        self._held: set[int] = set()
        self.sign_in_panel: SignInPanel | None = None
        self._hold_calls_until = 0.0
        super().__init__(**kwargs)
        self._refresh_soon = Clock.create_trigger(lambda _dt: self.refresh(), 0.15)

    def on_activate(self, **params: Any) -> None:
        if self.desk is None:
            counter_id = self.counter_to_work(self.counter_id or params.get("counter_id"))
            if counter_id is None:
                return
            self.counter_id = counter_id
            self.has_officers = bool(self.ctx.site.officers)
            self.desk = self.ctx.counter_desk(counter_id)
            Window.bind(on_key_down=self._key, on_key_up=self._key_up)
            self.app.bind(on_stop=lambda *_: self._stop())
            self.app.bind(lang=lambda *_: self._render())
        if self._refresh_event is None:
            self._refresh_event = Clock.schedule_interval(lambda _dt: self.refresh(), REFRESH_S)
        if not self._following:
            self._following = True
            self.ctx.follow_counter(self._counter_event, self._alerts_changed)
        self.refresh()

    def _counter_event(self) -> None:
        if self._refresh_event is not None:  # shown: its lists follow the hub
            self._refresh_soon()

    def _alerts_changed(self, alerts: list) -> None:
        self.ids.alerts.alerts = alerts

    def _stop(self) -> None:
        Window.unbind(on_key_down=self._key, on_key_up=self._key_up)
        self.on_deactivate()

    def on_deactivate(self) -> None:
        if self._refresh_event is not None:
            self._refresh_event.cancel()
            self._refresh_event = None

    # -- actions -------------------------------------------------------------------

    def refresh(self) -> None:
        if self.desk is not None:
            self.ctx.background.run(self.desk.refresh, self._show_state, self._failed,
                                    key=f"counter-{self.counter_id}-refresh")  # fmt: skip

    def act(self, action: str, *args: Any) -> None:
        """Run one desk action (``call_next``, ``call_ticket`` with a ticket id, ``recall``,
        ``skip``, ``undo_skip``, ``finish``, ``pause``, ``sign_out``, ``transfer`` with a
        service id) in the background; a repeated press is ignored."""
        if self.desk is None or self.busy:
            return
        if action == "transfer" and not args:
            self.open_transfer()
            return
        if action == "call_next" and time.monotonic() < self._hold_calls_until:
            return  # a double press: the first one called already
        self.transferring = False
        self.busy, self.pending = True, action
        task = self.ctx.background.run(lambda: getattr(self.desk, action)(*args),
                                       self._done, self._failed)  # fmt: skip
        task.add_finally(lambda: setattr(self, "busy", False))
        task.add_finally(lambda: setattr(self, "pending", ""))
        self.track(task)

    def _done(self, result: DeskResult) -> None:
        self.message = ""
        if result.action in CALLING and result.ticket is not None:
            self._hold_calls_until = time.monotonic() + CALL_HOLD_S
        elif result.action != "recall":  # the called citizen left the counter: no hold
            self._hold_calls_until = 0.0
        if result.nobody_waiting:
            self.say("counter.nobody_waiting", "info")
        elif result.led_problem:
            self.message, self.message_kind = f"LED: {result.led_problem}", "warn"
        if result.action == "sign_in":
            self.signing_in, self.pin_text, self.officer_choice = False, "", ""
        self._show_state(result.state)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, DeskError):
            self._hub_down = error.code == "hub_down"
            if error.code in ("wrong_pin", "rate_limited"):
                self.pin_text = ""
            self.message = self.words(error.words)
            self.message_kind = "warn"
            if error.code == "stale" and self.desk is not None and self.desk.state is not None:
                self._show_state(self.desk.state)  # the counter's real current ticket
        else:
            self.say("error.unexpected", "error")

    def open_transfer(self) -> None:
        """Show the services the current ticket may go to."""
        if self.state is None or self.state.current is None:
            self.say("counter.nobody", "warn")
            return
        box = self.ids.targets
        box.clear_widgets()
        current = self.state.current.service_id
        for service in self.ctx.site.services:
            if service.id == current:
                continue
            button = BigButton(text=f"{service.prefix} · {service.name_vi}",
                               size_hint_min_y=0, font_size=theme.SMALL)  # fmt: skip
            button.service_id = service.id
            button.bind(on_release=lambda b: self.act("transfer", b.service_id))
            box.add_widget(button)
        self.transferring = True

    # -- signing in ----------------------------------------------------------------

    def choose_officer(self, officer_id: str) -> None:
        self.officer_choice, self.pin_text = officer_id, ""

    def _officer_pressed(self, button: Any) -> None:
        self.choose_officer(button.officer_id)
        self._render_officers()

    def pin_key(self, key: str) -> None:
        self.pin_text = apply_key(self.pin_text, key, max_length=12)

    def submit_pin(self) -> None:
        if self.officer_choice and len(self.pin_text) >= 4:
            self.act("sign_in", self.officer_choice, self.pin_text)

    # -- keys ----------------------------------------------------------------------

    def _key(self, _window: Any, key: int, *_args: Any) -> bool:
        if not self.shortcuts or self.manager is None or self.manager.current != self.name:
            return False
        action = KEYS.get(key)
        if action is None or (key == SPACE and not self.space_key) or self.signing_in:
            return False
        if key not in self._held:  # a held key repeats: one press until it is released
            self._held.add(key)
            self.act(action)
        return True

    def _key_up(self, _window: Any, key: int, *_args: Any) -> bool:
        self._held.discard(key)
        return False

    def on_transferring(self, _instance: Any, value: bool) -> None:
        if not value:
            self.ids.targets.clear_widgets()  # hidden buttons must not catch touches

    def on_signing_in(self, _instance: Any, value: bool) -> None:
        if value and self.sign_in_panel is None:
            self.sign_in_panel = SignInPanel(screen=self)
            self.add_widget(self.sign_in_panel)
            self._render_officers()
        elif not value and self.sign_in_panel is not None:
            self.remove_widget(self.sign_in_panel)
            self.sign_in_panel = None

    def on_list_kind(self, *_args: Any) -> None:
        self._render_list()

    # -- showing -----------------------------------------------------------------

    def _show_state(self, state: CounterState) -> None:
        if self.state is None or self._hub_down:
            self.message, self._hub_down = "", False  # the hub answers again
        self.state = state
        self._render()

    def _service_name(self, service_id: str) -> str:
        service = self.ctx.site.service(service_id)
        if service is None:
            return service_id
        return service.name_vi if self.app.lang == "vi" else service.name_en

    def _render(self) -> None:
        state = self.state
        if state is None:
            return
        current = state.current
        self.current_number = current.number if current else ""
        self.current_service = self._service_name(current.service_id) if current else ""
        reason = current.priority_reason if current else None
        self.current_priority = (
            self.tr("counter.priority", reason=self.tr(f"priority.{reason}")) if reason else ""
        )
        unprinted = current is not None and current.print_failed
        self.print_mark = self.tr("counter.print_failed") if unprinted else ""
        parts = []
        for service_id, n in state.waiting.items():
            s = self.ctx.site.service(service_id)
            parts.append(f"{s.prefix if s else service_id}: {n}")
        self.waiting_text = f"{self.tr('counter.waiting')}: " + "   ".join(parts)
        self.served_text = self.tr("counter.served", n=state.served_today)
        self.officer_text = state.officer_name or ""
        self.paused = state.paused
        self.can_undo_skip = state.undo_skip is not None
        self.waiting_count, self.skipped_count = len(state.waiting_list), len(state.skipped_list)
        self.signing_in = state.sign_in_required
        self._render_list()

    def _render_list(self) -> None:
        box = self.ids.queue_rows
        box.clear_widgets()
        if self.state is None:
            return
        waiting = self.list_kind == "waiting"
        for entry in self.state.waiting_list if waiting else self.state.skipped_list:
            box.add_widget(self._row(entry))

    def _row(self, entry: QueueEntry) -> BigButton:
        """One ticket of a list: its number and, in the priority lane, why (in the
        appointment lane, that it was booked); a tap calls it."""
        label = f"[b]{entry.number}[/b]"
        if entry.priority_reason:
            label += f"   {self.tr(f'priority.{entry.priority_reason}')}"
        elif entry.booked:
            label += f"   {self.tr('counter.booked')}"
        button = BigButton(text=label, markup=True, font_size=theme.SMALL, size_hint_y=None,
                           height=64, halign="left", shorten=True,
                           tone="warn" if entry.priority else "primary")  # fmt: skip
        button.bind(size=lambda b, size: setattr(b, "text_size", (size[0] - 32, None)))
        button.ticket_id = entry.id
        button.bind(on_release=lambda b: self.act("call_ticket", b.ticket_id))
        return button

    def _render_officers(self) -> None:
        if self.sign_in_panel is None:
            return
        box = self.sign_in_panel.ids.officers
        box.clear_widgets()
        for officer in self.ctx.site.officers:
            if not officer.may_work(self.counter_id):
                continue
            chosen = officer.id == self.officer_choice
            button = BigButton(text=officer.name, font_size=theme.SMALL, size_hint_y=None,
                               height=72, tone="ok" if chosen else "primary")  # fmt: skip
            button.officer_id = officer.id
            button.bind(on_release=self._officer_pressed)
            box.add_widget(button)
