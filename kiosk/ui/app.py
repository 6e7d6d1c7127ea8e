"""The Kivy touch application: the screens of some roles over one :class:`DeviceService`.

Roles map to screen names and screen names to classes in a :class:`ScreenRegistry`
(``"module:Class"`` strings, imported only when a role needs them). The app owns what
is shared by all screens: language, text size and colour palette (normal or high
contrast), navigation, the idle timeout with its countdown, the busy spinner, and input
devices (serial scanner, keyboard and keyboard-wedge scanners).

Call :func:`kiosk.commands.app.prepare_kivy` before importing this module: Kivy reads
its environment and configuration when first imported.
"""

from __future__ import annotations

import importlib
import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kivy.app import App
from kivy.base import stopTouchApp
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.properties import (
    BooleanProperty,
    DictProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.screenmanager import NoTransition, ScreenManager

from kiosk import i18n, sdnotify
from kiosk.clock import local_time
from kiosk.device.service import DeviceService
from kiosk.device.technician import CornerTaps
from kiosk.device.wedge import Scanned, WedgeParser
from kiosk.i18n import Phrase
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import load_kv, theme
from kiosk.ui.widgets.guide import FocusRing, GuideBar, choices, spoken_text
from kiosk.ui.widgets.status import BusySpinner, CountdownBanner

if TYPE_CHECKING:
    from kiosk.ui.widgets.confirm import ConfirmDialog
    from kiosk.ui.widgets.technician import TechnicianExit

log = logging.getLogger(__name__)

COUNTDOWN_S = 10  # the idle warning shows for the last seconds
LARGE_TEXT = 1.5
CORNER_PX = 90  # the hidden corner (top left) for the technician gesture
_KEY_BACKSPACE, _KEY_ENTER, _KEY_KP_ENTER = 8, 13, 271
# a guidance keypad's keys (arrows, Tab) move through the choices; a lone Enter chooses
_KEY_STEPS = {9: 1, 273: -1, 274: 1, 275: 1, 276: -1}


@dataclass
class ScreenRegistry:
    """Screen names -> "module:Class", and the screens each role shows (its first is its
    start screen). Copy :func:`default_registry` and :meth:`add` to extend it."""

    screens: dict[str, str] = field(default_factory=dict)
    roles: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, target: str, roles: tuple[str, ...] = ()) -> None:
        """Declare screen ``name`` (class at ``target``) and append it to ``roles``."""
        self.screens[name] = target
        for role in roles:
            names = self.roles.setdefault(role, [])
            if name not in names:
                names.append(name)

    def names_for(self, roles: tuple[str, ...]) -> list[str]:
        """The screens of ``roles`` in order, each once; the first is the start screen."""
        names: list[str] = []
        for role in roles:
            if role not in self.roles:
                raise ValueError(f"no screens for role {role!r} (known: {', '.join(self.roles)})")
            names += [n for n in self.roles[role] if n not in names]
        return names

    def screen_class(self, name: str) -> type[KioskScreen]:
        module_name, _, class_name = self.screens[name].partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as e:
            raise ValueError(f"screen {name!r} is not available ({e})") from None
        return getattr(module, class_name)


def default_registry() -> ScreenRegistry:
    """The product's screens and roles."""
    registry = ScreenRegistry()
    registry.add("home", "kiosk.ui.screens.home:HomeScreen", ("lookup", "ticket"))
    registry.add("procedure_search", "kiosk.ui.screens.procedure_search:ProcedureSearchScreen",
                 ("lookup",))  # fmt: skip
    registry.add("procedure_detail", "kiosk.ui.screens.procedure_detail:ProcedureDetailScreen",
                 ("lookup",))  # fmt: skip
    registry.add("dossier_status", "kiosk.ui.screens.dossier_status:DossierStatusScreen",
                 ("lookup",))  # fmt: skip
    registry.add("ticket", "kiosk.ui.screens.ticket:TicketScreen", ("ticket",))
    registry.add("hall_display", "kiosk.ui.screens.hall_display:HallDisplayScreen", ("display",))
    registry.add("counter", "kiosk.ui.screens.counter:CounterScreen", ("counter",))
    registry.add("rating", "kiosk.ui.screens.rating:RatingScreen", ("rating",))
    return registry


class KioskRoot(FloatLayout):
    """The window's root: the screens, with the spinner and idle banner above them."""

    manager = ObjectProperty(None)
    spinner = ObjectProperty(None)
    banner = ObjectProperty(None)
    guide_bar = ObjectProperty(None)
    focus_ring = ObjectProperty(None)


class KioskApp(App):
    """The app of one device. ``t`` holds the current language's strings for .kv rules,
    ``palette`` the current :class:`~kiosk.ui.widgets.theme.Palette` (``app.palette.TEXT``)."""

    lang = StringProperty("vi")
    t = DictProperty()
    font_scale = NumericProperty(1.0)
    palette = ObjectProperty(theme.NORMAL, rebind=True)
    busy = BooleanProperty(False)
    guide_on = BooleanProperty(False)  # spoken guidance, for this citizen's session
    hub_online = BooleanProperty(True)
    clock_text = StringProperty("")

    def __init__(
        self,
        context: DeviceService,
        *,
        registry: ScreenRegistry | None = None,
        kiosk_mode: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.context = context
        self.registry = registry or default_registry()
        self.kiosk_mode = kiosk_mode
        self.title = context.site.name
        self.t = i18n.texts(self.lang)
        self.history: list[str] = []
        self.screen_names: list[str] = []
        self.wedge = WedgeParser()
        self.corner_taps = CornerTaps()
        self.technician: TechnicianExit | None = None
        self.quit_dialog: ConfirmDialog | None = None
        self._busy_tokens: set[object] = set()
        self._focus: Any = None  # the choice spoken guidance has in focus

    # -- building ------------------------------------------------------------------

    def build(self) -> KioskRoot:
        load_kv()
        Window.clearcolor = self.palette.BACKGROUND
        self.bind(palette=lambda _app, p: setattr(Window, "clearcolor", p.BACKGROUND))
        names = self.screen_names = self.registry.names_for(self.context.roles)
        manager = ScreenManager(transition=NoTransition())
        for name in names:
            manager.add_widget(self.registry.screen_class(name)(name=name))
        self.home_name = names[0]
        root = KioskRoot(manager=manager)
        root.add_widget(manager)
        root.spinner = BusySpinner(pos_hint={"center_x": 0.5, "top": 0.97})
        root.banner = CountdownBanner(pos_hint={"x": 0, "y": 0})
        root.add_widget(root.spinner)
        root.add_widget(root.banner)
        root.guide_bar = GuideBar(pos_hint={"x": 0, "y": 0})
        root.focus_ring = FocusRing()
        manager.bind(current=lambda *_: self._guide_screen())
        for screen in manager.screens:
            screen.bind(message=lambda _s, text: self.guide_say(text))
        self.root = root  # Kivy sets it after build(); the calls below need it now
        self.bind(lang=lambda *_: setattr(root.spinner, "text", self.t["common.loading"]))
        root.spinner.text = self.t["common.loading"]
        self.context.subscribe(self._context_changed)
        Window.bind(
            on_touch_down=self._activity,
            on_key_down=self._key_down,
            on_request_close=self._request_close,
        )
        self._events = [
            Clock.schedule_interval(self._tick, 0.25),
            Clock.schedule_interval(self._poll_wedge, 0.05),
        ]
        period = sdnotify.watchdog_period()
        if period:  # fed from the UI thread: a hung UI stops the pings and systemd restarts us
            self._events.append(
                Clock.schedule_interval(lambda _dt: sdnotify.notify("WATCHDOG=1"), period)
            )
        Clock.schedule_once(lambda _dt: sdnotify.notify("READY=1"))  # after the first frame
        self._tick(0)
        self.context.start_scanner(self.scanned)
        self.context.watch_printer()
        manager.current_screen.on_activate()
        return root

    def stop(self, *_args: Any) -> None:
        """Leave the main loop; :meth:`run` then dispatches ``on_stop`` once (Kivy's own
        ``stop()`` dispatches it here and again when ``run()`` returns, without the app)."""
        stopTouchApp()

    def on_stop(self) -> None:
        """Stop timers, let go of the window's events, close the context (devices, threads)."""
        for event in getattr(self, "_events", ()):
            event.cancel()
        if self.root is not None:
            for screen in self.manager.screens:
                screen.stop_timers()
        Window.unbind(
            on_touch_down=self._activity,
            on_key_down=self._key_down,
            on_request_close=self._request_close,
        )
        self.context.close()

    # -- navigation --------------------------------------------------------------

    @property
    def manager(self) -> ScreenManager:
        return self.root.manager

    @property
    def screen(self) -> KioskScreen:
        return self.manager.current_screen

    def has_screen(self, name: str) -> bool:
        return name in self.screen_names

    def go(self, name: str, **params: Any) -> None:
        """Show screen ``name`` with ``params`` (going home clears the history)."""
        self.context.idle.touch()
        if name == self.home_name:
            self.history.clear()
        elif self.manager.current != name:
            self.history.append(self.manager.current)
        target = self.manager.get_screen(name)
        target.params = params
        if self.manager.current == name:  # same screen, new params: activate again
            target.on_activate(**params)
        else:
            self.manager.current = name

    def back(self) -> None:
        """The previous screen, or home."""
        self.context.idle.touch()
        self.manager.current = self.history.pop() if self.history else self.home_name

    def go_home(self) -> None:
        """Clear every screen and forget the ID card scanned, return to the start screen in
        Vietnamese, normal text and the normal palette."""
        for screen in self.manager.screens:
            screen.reset()
        self.context.card.forget()  # the citizen's ID card scan ends with their session
        self.set_language(self.context.site.languages[0])
        self.font_scale = 1.0
        self._guide_off()
        self.palette = theme.NORMAL
        self.go(self.home_name)

    # -- language, text size, palette, spinner ---------------------------------

    def tr(self, key: str, **values: Any) -> str:
        return i18n.tr(key, self.lang, **values)

    def set_language(self, lang: str) -> None:
        if lang != self.lang:
            self.lang = lang
            self.t = i18n.texts(lang)

    def toggle_large_text(self) -> None:
        self.font_scale = 1.0 if self.font_scale > 1 else LARGE_TEXT

    def toggle_high_contrast(self) -> None:
        high = self.palette is theme.HIGH_CONTRAST
        self.palette = theme.NORMAL if high else theme.HIGH_CONTRAST

    # -- spoken guidance -----------------------------------------------------------

    def toggle_guide(self) -> None:
        """Spoken guidance on (the bar of large Back / Next / Choose areas shows) or off."""
        if self.guide_on:
            self._guide_off()
            return
        if not self.context.guide.available:
            return
        root = self.root
        self.guide_on = True
        root.manager.size_hint_y = None
        root.manager.pos_hint = {"top": 1}
        root.bind(height=self._fit_manager)
        self._fit_manager()
        root.add_widget(root.guide_bar)
        root.add_widget(root.focus_ring)
        self.context.guide.start(self.lang)
        self._guide_screen()

    def _guide_off(self) -> None:
        root = self.root
        if not self.guide_on:
            return
        self.guide_on = False
        self.context.guide.stop()
        self._focus = None
        root.focus_ring.follow(None)
        root.remove_widget(root.guide_bar)
        root.remove_widget(root.focus_ring)
        root.unbind(height=self._fit_manager)
        root.manager.size_hint_y, root.manager.pos_hint = 1, {}

    def _fit_manager(self, *_args: Any) -> None:
        self.root.manager.height = self.root.height - self.root.guide_bar.height

    def guide_say(self, words: Phrase | str) -> None:
        """Say ``words`` aloud when spoken guidance is on (a no-op otherwise)."""
        if self.guide_on:
            self.context.guide.say(words, self.lang)

    def _guide_screen(self) -> None:
        """A new screen: say its title; the focus starts before its first choice."""
        if not self.guide_on:
            return
        self._focus = None
        self.root.focus_ring.follow(None)
        self.guide_say(self.screen.spoken_title())

    def guide_move(self, step: int) -> None:
        """Move the focus ``step`` choices on (wrapping round) and say the choice."""
        found = choices(self.screen)
        if not self.guide_on or not found:
            return
        self.context.idle.touch()
        at = found.index(self._focus) if self._focus in found else (-1 if step > 0 else 0)
        self._focus = found[(at + step) % len(found)]
        self.root.focus_ring.follow(self._focus)
        self.guide_say(spoken_text(self._focus))

    def guide_choose(self) -> None:
        """Press the choice in focus, as a touch would."""
        target = self._focus
        if not self.guide_on or target is None or target not in choices(self.screen):
            return
        self._focus = None
        self.root.focus_ring.follow(None)
        target.trigger_action(0)

    def busy_begin(self, token: object) -> None:
        self._busy_tokens.add(token)
        self.busy = self.root.spinner.active = True

    def busy_end(self, token: object) -> None:
        self._busy_tokens.discard(token)
        self.busy = self.root.spinner.active = bool(self._busy_tokens)

    # -- idle timeout, clock, context changes -----------------------------------

    def _activity(self, *args: Any) -> bool:
        self.context.idle.touch()
        self.root.banner.seconds = 0
        touch = args[1] if len(args) > 1 else None
        if touch is not None and touch.x < CORNER_PX and touch.y > Window.height - CORNER_PX:
            self._corner_tap()
        return False  # let the touch reach the widgets

    def _corner_tap(self) -> None:
        """Five quick taps in the top-left corner open the technician's PIN pad."""
        pin = self.context.site.technician_pin
        if pin and self.corner_taps.tap(time.monotonic()):
            from kiosk.ui.widgets.technician import TechnicianExit

            self.technician = TechnicianExit(pin, self.stop)
            self.technician.open()

    def _tick(self, _dt: float) -> None:
        self.clock_text = local_time(self.context.site.tz).strftime("%H:%M")
        self.context.keep_catalog_fresh()
        screen = self.screen
        if not screen.idle_home or (screen.name == self.home_name and not self._dirty()):
            self.context.idle.touch()
            self.root.banner.seconds = 0
            return
        left = self.context.idle.remaining()
        if left <= 0:
            self.root.banner.seconds = 0
            self.go_home()
        elif left <= COUNTDOWN_S:
            self.root.banner.seconds = int(left + 0.999)
            self.root.banner.text = self.tr("common.idle", s=self.root.banner.seconds)
        else:
            self.root.banner.seconds = 0

    def _dirty(self) -> bool:
        """Home is "dirty" in another language, text size or palette, or with an ID card
        read: idle time resets those too."""
        return (
            self.context.card.current is not None
            or self.lang != self.context.site.languages[0]
            or self.font_scale != 1.0
            or self.palette is not theme.NORMAL
        )

    def _context_changed(self, what: str) -> None:
        if what == "hub":
            self.hub_online = self.context.hub_online is not False

    # -- input devices ---------------------------------------------------------

    def scanned(self, text: str) -> None:
        """A code from any scanner, on the UI thread: the current screen handles it."""
        self._activity()
        self.screen.on_scan(text)

    def _key_down(self, _window: Any, key: int, _scancode: int, codepoint: str | None,
                  _modifiers: list[str]) -> bool:  # fmt: skip
        self._activity()  # Escape: Kivy then asks on_request_close (see there)
        now = time.monotonic()
        if self.guide_on and key in _KEY_STEPS:
            self.guide_move(_KEY_STEPS[key])
            return True
        if key in (_KEY_ENTER, _KEY_KP_ENTER):
            self._wedge_events(self.wedge.feed("\r", now))
        elif key == _KEY_BACKSPACE:
            self._wedge_events(self.wedge.poll(now + 1))
            self.screen.on_typed("\b")
        elif codepoint and len(codepoint) == 1 and codepoint.isprintable():
            self._wedge_events(self.wedge.feed(codepoint, now))
        return False

    def _request_close(self, *_args: Any, source: str = "", **_kwargs: Any) -> bool:
        """Escape or the window manager wants to close (True refuses): never in kiosk mode;
        a windowed counter app asks first when it is Escape."""
        if self.kiosk_mode:
            return True
        if source == "keyboard" and "counter" in self.context.roles:
            if self.quit_dialog is None:
                from kiosk.ui.widgets.confirm import ConfirmDialog

                self.quit_dialog = ConfirmDialog(self.tr("app.quit_counter"), self.stop)
                self.quit_dialog.bind(on_dismiss=lambda *_: setattr(self, "quit_dialog", None))
                self.quit_dialog.open()
            return True
        return False

    def _poll_wedge(self, _dt: float) -> None:
        self._wedge_events(self.wedge.poll(time.monotonic()))

    def _wedge_events(self, events: list) -> None:
        for event in events:
            if isinstance(event, Scanned):
                self.scanned(event.code)
            elif self.guide_on and event.keys == "\r":
                self.guide_choose()
            else:
                self.screen.on_typed(event.keys)
