"""The counter officer's screen: Gọi tiếp, Gọi lại, Bỏ qua, Chuyển, Hoàn thành.

The counter is the one the device's hub token is bound to (``device.counter``), or the
``counter_id`` given (an admin device in the demo). Every action runs off the UI thread
through :class:`~kiosk.lobby.counter_desk.CounterDesk`, which also drives the counter's
LED board. Keys: F1 or Space call next, F2 recall, F3 skip, F4 transfer, F5 finish.
The screen follows the hub's event stream: a ticket issued, called or transferred
anywhere refreshes the waiting counts at once (bursts coalesce); a slow poll stays as a
safety net.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.core.window import Window
from kivy.properties import BooleanProperty, NumericProperty, StringProperty

from kiosk.lobby.alerts import AlertFeed
from kiosk.lobby.counter_desk import CounterDesk, DeskError, DeskResult
from kiosk.queue.follower import Event, EventFollower
from kiosk.queue.models import CounterState
from kiosk.screens.lobby_base import LobbyScreen
from kiosk.widgets import theme
from kiosk.widgets.alerts import AlertStrip  # noqa: F401 (counter.kv draws it)
from kiosk.widgets.buttons import BigButton

REFRESH_S = 30.0  # safety net; events drive the refreshes
EVENT_TYPES = ("ticket.",)
SPACE = 32
KEYS = {282: "call_next", SPACE: "call_next", 283: "recall", 284: "skip", 285: "transfer",
        286: "finish"}  # fmt: skip


class CounterScreen(LobbyScreen):
    idle_home = False
    counter_id = NumericProperty(0)
    current_number = StringProperty("")
    current_service = StringProperty("")
    waiting_text = StringProperty("")
    served_text = StringProperty("")
    transferring = BooleanProperty(False)
    shortcuts = BooleanProperty(True)  # listen to F1-F5 (one counter per window)
    space_key = BooleanProperty(True)  # Space calls next too (off where Space types text)
    busy = BooleanProperty(False)
    print_mark = StringProperty("")  # the current ticket did not print

    def __init__(self, **kwargs: Any) -> None:
        self.desk: CounterDesk | None = None
        self.state: CounterState | None = None
        self._refresh_event = None
        self._follower: EventFollower | None = None
        self._hub_down = False
        super().__init__(**kwargs)
        self._refresh_soon = Clock.create_trigger(lambda _dt: self.refresh(), 0.15)

    def on_activate(self, **params: Any) -> None:
        if self.desk is None:
            counter_id = self.counter_to_work(self.counter_id or params.get("counter_id"))
            if counter_id is None:
                return
            self.counter_id = counter_id
            self.desk = CounterDesk(self.ctx.hub, counter_id, self.ctx.devices.led_board)
            Window.bind(on_key_down=self._key)
            self.app.bind(on_stop=lambda *_: self._stop())
            self.app.bind(lang=lambda *_: self._render())
        if self._refresh_event is None:
            self._refresh_event = Clock.schedule_interval(lambda _dt: self.refresh(), REFRESH_S)
        if self._follower is None:
            hub = self.ctx.hub
            self.alert_feed = AlertFeed(hub, self._alerts_changed).start()
            self._follower = EventFollower(hub.base_url, hub.token, self._on_event).start()
        self.refresh()

    def _on_event(self, event: Event) -> None:
        """On the follower's thread: any ticket change may change this counter's counts."""
        if self.alert_feed.on_event(event):
            return
        if event.type.startswith(EVENT_TYPES):
            self.ctx.background.deliver(self._refresh_soon)

    def _alerts_changed(self, alerts: list) -> None:  # on the feed's or follower's thread
        self.ctx.background.deliver(lambda: setattr(self.ids.alerts, "alerts", alerts))

    def _stop(self) -> None:
        Window.unbind(on_key_down=self._key)
        self.on_deactivate()

    def on_deactivate(self) -> None:
        if self._refresh_event is not None:
            self._refresh_event.cancel()
            self._refresh_event = None
        if self._follower is not None:
            self._follower.stop(timeout=1)
            self._follower = None

    # -- actions -------------------------------------------------------------------

    def refresh(self) -> None:
        if self.desk is not None:
            self.ctx.background.run(self.desk.refresh, self._show_state, self._failed,
                                    key=f"counter-{self.counter_id}-refresh")  # fmt: skip

    def act(self, action: str, *args: str) -> None:
        """Run one desk action (``call_next``, ``recall``, ``skip``, ``finish``,
        ``transfer`` with a service id) in the background."""
        if self.desk is None or self.busy:
            return
        if action == "transfer" and not args:
            self.open_transfer()
            return
        self.transferring = False
        self.busy = True
        task = self.ctx.background.run(lambda: getattr(self.desk, action)(*args),
                                       self._done, self._failed)  # fmt: skip
        task.add_finally(lambda: setattr(self, "busy", False))
        self.track(task)

    def _done(self, result: DeskResult) -> None:
        self.message = ""
        if result.nobody_waiting:
            self.say("counter.nobody_waiting", "info")
        elif result.led_problem:
            self.message, self.message_kind = f"LED: {result.led_problem}", "warn"
        self._show_state(result.state)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, DeskError):
            self._hub_down = error.code == "hub_down"
            self.message = self.text((error.message_vi, error.message_en))
            self.message_kind = "warn"
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
            button = BigButton(text=f"{service.prefix} · {service.name_vi}", bg=theme.PRIMARY,
                               size_hint_min_y=0, font_size=theme.SMALL)  # fmt: skip
            button.service_id = service.id
            button.bind(on_release=lambda b: self.act("transfer", b.service_id))
            box.add_widget(button)
        self.transferring = True

    def _key(self, _window: Any, key: int, *_args: Any) -> bool:
        if not self.shortcuts or self.manager is None or self.manager.current != self.name:
            return False
        action = KEYS.get(key)
        if action is None or (key == SPACE and not self.space_key):
            return False
        self.act(action)
        return True

    def on_transferring(self, _instance: Any, value: bool) -> None:
        if not value:
            self.ids.targets.clear_widgets()  # hidden buttons must not catch touches

    # -- showing -----------------------------------------------------------------

    def _show_state(self, state: CounterState) -> None:
        if self.state is None or self._hub_down:
            self.message, self._hub_down = "", False  # the hub answers again
        self.state = state
        self._render()

    def _render(self) -> None:
        state = self.state
        if state is None:
            return
        current = state.current
        self.current_number = current.number if current else ""
        service = self.ctx.site.service(current.service_id) if current else None
        self.current_service = (service.name_vi if self.app.lang == "vi" else service.name_en
                                ) if service else ""  # fmt: skip
        unprinted = current is not None and current.print_failed
        self.print_mark = self.tr("counter.print_failed") if unprinted else ""
        parts = []
        for service_id, n in state.waiting.items():
            s = self.ctx.site.service(service_id)
            parts.append(f"{s.prefix if s else service_id}: {n}")
        self.waiting_text = f"{self.tr('counter.waiting')}: " + "   ".join(parts)
        self.served_text = self.tr("counter.served", n=state.served_today)
