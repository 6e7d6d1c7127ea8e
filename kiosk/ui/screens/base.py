"""The base of every screen: kv loading, activation hooks, background calls, scans.

A screen module ``kiosk/ui/screens/<name>.py`` defines one :class:`KioskScreen` subclass
whose rules live in ``<name>.kv`` beside it (loaded once, before the first instance).
Screens know nothing of each other: they navigate by name with :meth:`KioskScreen.go`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from kivy.app import App
from kivy.clock import Clock, ClockEvent
from kivy.lang import Builder
from kivy.properties import OptionProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.api.appointments import normalize_code as appointment_code
from kiosk.catalog.dossier import normalize_code
from kiosk.device.background import Task
from kiosk.device.cccd import CardRejected, CardScan, is_card_payload
from kiosk.i18n import Phrase
from kiosk.ui.widgets import load_kv as load_widget_kv

if TYPE_CHECKING:
    from kiosk.device.service import DeviceService, Problem
    from kiosk.ui.app import KioskApp

SPINNER_DELAY_S = 0.3
_PROCEDURE_CODE = re.compile(r"(?<![\d.])(\d{1,2}\.\d{6})(?![\d.])")
_loaded_kv: set[str] = set()


def procedure_code_in(text: str) -> str | None:
    """A procedure code (1.001193) in scanned text, e.g. inside a portal URL; else None."""
    found = _PROCEDURE_CODE.search(text)
    return found.group(1) if found else None


class KioskScreen(Screen):
    """A screen with ``on_activate(**params)`` / ``on_deactivate()``, ``reset()`` for idle,
    ``track(task)`` for background calls, and ``on_scan`` / ``on_typed`` for input devices."""

    #: go back to the home screen after the site's idle timeout (off for displays, counters)
    idle_home: ClassVar[bool] = True
    #: the word-table key spoken guidance says when the screen opens ("": none)
    guide_title: ClassVar[str] = ""
    #: a message shown on the screen (set with :meth:`say`); ``message_kind`` colours it
    message = StringProperty("")
    message_kind = OptionProperty("info", options=("info", "ok", "warn", "error"))

    def __init__(self, **kwargs: Any) -> None:
        self.load_kv()
        self._tasks: set[Task] = set()
        self._timers: list[ClockEvent] = []
        self.params: dict[str, Any] = {}
        super().__init__(**kwargs)

    @classmethod
    def load_kv(cls) -> None:
        """Load ``<module>.kv`` beside the class's module, once per file."""
        load_widget_kv()
        path = Path(sys.modules[cls.__module__].__file__ or "").with_suffix(".kv")
        if path.exists() and str(path) not in _loaded_kv:
            Builder.load_file(str(path))
            _loaded_kv.add(str(path))

    # -- what screens use ------------------------------------------------------

    @property
    def app(self) -> KioskApp:
        return App.get_running_app()

    @property
    def ctx(self) -> DeviceService:
        return self.app.context

    def tr(self, key: str, **values: Any) -> str:
        """A string in the current language."""
        return self.app.tr(key, **values)

    def spoken_title(self) -> Phrase | str:
        """What spoken guidance says when this screen opens."""
        return Phrase(self.guide_title) if self.guide_title else ""

    def words(self, phrase: Phrase) -> str:
        """What a desk said (a :class:`~kiosk.i18n.Phrase`), in the current language."""
        return phrase.text(self.app.lang)

    def go(self, name: str, **params: Any) -> None:
        """Show the screen called ``name``; it receives ``params`` in ``on_activate``."""
        self.app.go(name, **params)

    def back(self) -> None:
        self.app.back()

    def say(self, key: str, kind: str = "info", **values: Any) -> None:
        """Show the i18n string ``key`` as this screen's message ("" clears it)."""
        self.message = self.tr(key, **values) if key else ""
        self.message_kind = kind

    def say_problem(self, problem: Problem) -> None:
        self.say(problem.key, "warn" if problem.key.startswith("error.") else "error")

    def track(self, task: Task | None, spinner: bool = True) -> Task | None:
        """Follow a background task: the spinner shows if it runs over 300 ms, and the
        task is cancelled when the screen is left (its result then never arrives)."""
        if task is None or task.done:
            return task
        self._tasks.add(task)
        token = object()
        show = Clock.schedule_once(lambda _dt: self.app.busy_begin(token), SPINNER_DELAY_S)

        def finished() -> None:
            self._tasks.discard(task)
            show.cancel()
            self.app.busy_end(token)

        if not spinner:
            show.cancel()
        task.add_finally(finished)
        return task

    def every(self, seconds: float, callback: Callable[[float], None]) -> ClockEvent:
        """``Clock.schedule_interval`` that stops with the app (:meth:`stop_timers`)."""
        event = Clock.schedule_interval(callback, seconds)
        self._timers.append(event)
        return event

    def stop_timers(self) -> None:
        """Cancel the timers of :meth:`every` and pending tasks (the app calls it on stop)."""
        for event in self._timers:
            event.cancel()
        self._timers.clear()
        for task in list(self._tasks):
            task.cancel()

    # -- hooks -------------------------------------------------------------------

    def on_activate(self, **params: Any) -> None:
        """The screen is about to show, with the ``params`` it was opened with."""

    def on_deactivate(self) -> None:
        """The screen was left."""

    def reset(self) -> None:
        """Forget what a citizen typed or saw here (idle timeout, going home)."""
        self.message = ""

    def on_typed(self, keys: str) -> None:
        """Keys from a physical keyboard (``"\\b"`` is backspace, ``"\\r"`` Enter)."""

    def on_scan(self, text: str) -> None:
        """A code from a scanner: an ID card's QR is read (:meth:`on_card`); by default a
        dossier code opens its status, a procedure code its details and an appointment's
        QR its check-in, when this app has those screens."""
        if is_card_payload(text):
            self.read_card(text)
            return
        dossier = normalize_code(text)
        procedure = procedure_code_in(text)  # also inside a portal URL (our checklist QR)
        booking = appointment_code(text)
        if dossier and self.app.has_screen("dossier_status"):
            self.go("dossier_status", code=dossier)
        elif procedure and self.app.has_screen("procedure_detail"):
            self.go("procedure_detail", code=procedure)
        elif booking and self.app.has_screen("ticket"):
            self.go("ticket", appointment=booking)
        else:
            self.say("error.scan_unknown", "warn")

    def read_card(self, text: str) -> None:
        """Read an ID card's QR into the session (``ctx.card``), then :meth:`on_card`; a
        payload that cannot be read is said plainly, never repeated."""
        try:
            scan = self.ctx.card.read(text)
        except CardRejected as e:
            self.message, self.message_kind = self.words(e.words), "warn"
            return
        self.on_card(scan)

    def on_card(self, scan: CardScan) -> None:
        """An ID card was read: by default take a ticket with it, else find its dossiers."""
        if self.app.has_screen("ticket"):
            self.go("ticket")
        elif self.app.has_screen("dossier_status"):
            self.go("dossier_status", card=True)
        else:
            self.say("cccd.read", "ok")

    # -- Kivy events -----------------------------------------------------------

    def on_pre_enter(self, *_args: Any) -> None:
        self.on_activate(**self.params)

    def on_leave(self, *_args: Any) -> None:
        for task in list(self._tasks):
            task.cancel()
        self.on_deactivate()
