"""The ``kiosk demo`` window: every role of the lobby side by side, plus a simulator panel.

The kiosk (lookup and ticket), the hall display, two counters and a rating screen each
run with their own device context (own token, own simulated peripherals), drawn at their
design size and scaled into a pane. The simulator panel shows the last printed ticket as
paper, the hall's announcements and the counters' LED boards, and has buttons for paper
out, printer offline, scanning a dossier receipt and pressing the rating pad.

Call :func:`kiosk.commands.app.prepare_kivy` before importing this module.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from kivy.clock import Clock
from kivy.core.image import Image as CoreImage
from kivy.lang import Builder
from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.scatter import Scatter
from kivy.uix.screenmanager import NoTransition, ScreenManager
from kivy.uix.widget import Widget

from kiosk.api.rating_scale import SCALES, level_label
from kiosk.catalog.dossier_sources import sample_dossier_codes
from kiosk.clock import local_time
from kiosk.device.cccd import sample_card
from kiosk.device.service import DeviceService
from kiosk.i18n import tr
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.counter import CounterScreen
from kiosk.ui.screens.hall_display import HallDisplayScreen
from kiosk.ui.screens.rating import RatingScreen
from kiosk.ui.widgets.buttons import BigButton

if TYPE_CHECKING:
    from kiosk.devices.announcer import Announcement

PANEL_REFRESH_S = 0.4
_kv_loaded = False


class ScaledPane(FloatLayout):
    """Shows ``content`` laid out at ``design_size`` and scaled to fit the pane."""

    def __init__(self, content: Widget, design_size: tuple[int, int], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.design_size = design_size
        self.content = content
        self.scatter = Scatter(do_rotation=False, do_scale=False, do_translation=False,
                               size_hint=(None, None), size=design_size)  # fmt: skip
        content.size_hint = (None, None)
        content.size = design_size
        self.scatter.add_widget(content)
        self.add_widget(self.scatter)
        self.bind(size=self._fit, pos=self._fit)

    def _fit(self, *_args: Any) -> None:
        dw, dh = self.design_size
        scale = max(0.05, min(self.width / dw, self.height / dh))
        self.scatter.scale = scale
        self.scatter.pos = (self.x + (self.width - dw * scale) / 2,
                            self.y + (self.height - dh * scale) / 2)  # fmt: skip


def single_screen(screen: Widget) -> ScreenManager:
    """A screen in a manager of its own, so it gets its activation events."""
    manager = ScreenManager(transition=NoTransition())
    manager.add_widget(screen)
    return manager


# What the panel drives and shows of the simulated peripherals (SimScanner, SimRatingPad,
# SimAnnouncer, SimLedBoard in kiosk.devices), which the UI does not import: the demo's
# example site uses them; a peripheral that is not one is left out of the panel.
@runtime_checkable
class ScannerSim(Protocol):
    def scan(self, code: str) -> None: ...


@runtime_checkable
class RatingPadSim(Protocol):
    def press(self, n: int) -> None: ...


@runtime_checkable
class AnnouncerSim(Protocol):
    history: list[Announcement]


@runtime_checkable
class SpeakerSim(Protocol):
    def texts(self) -> list[str]: ...


@runtime_checkable
class LedBoardSim(Protocol):
    text: str

    @property
    def blinking(self) -> bool: ...


class SimButton(BigButton):
    """A small button of the simulator panel."""


class SimulatorPanel(BoxLayout):
    """The simulated devices, their state and the buttons that drive them."""

    log_text = StringProperty("")
    speech_text = StringProperty("")
    led_text = StringProperty("")
    printer_text = StringProperty("")
    printer = ObjectProperty(None, allownone=True)

    def __init__(self, contexts: dict[str, DeviceService], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.contexts = contexts
        kiosk = contexts["kiosk-1"].devices
        self.printer = kiosk.printer
        scanner = kiosk.scanner
        self.scanner = scanner if isinstance(scanner, ScannerSim) else None
        self.speech = kiosk.speech if isinstance(kiosk.speech, SpeakerSim) else None
        audio = contexts["display-1"].devices.audio
        self.audio = audio if isinstance(audio, AnnouncerSim) else None
        pad = contexts["rating-1"].devices.rating_pad
        self.pad = pad if isinstance(pad, RatingPadSim) else None
        self.boards: dict[int, LedBoardSim | None] = {}
        for n in (1, 2):
            board = contexts[f"counter-{n}"].devices.led_board
            self.boards[n] = board if isinstance(board, LedBoardSim) else None
        self._jobs_seen = -1
        for code in sample_dossier_codes(2):
            self.ids.scans.add_widget(
                self._button(tr("demo.scan", "vi", code=code[-11:]), lambda c=code: self.scan(c))
            )
        for age in (70, 35):  # made-up ID cards: the elderly lane, and a normal ticket
            label = tr("demo.scan_card", "vi", age=age)
            self.ids.scans.add_widget(self._button(label, lambda a=age: self.scan_card(a)))
        scale = contexts["rating-1"].site.rating_levels
        for button, level in enumerate(SCALES[scale], start=1):
            label = f"{button}. {level_label(scale, level, 'vi')}"
            self.ids.pad.add_widget(self._button(label, lambda b=button: self.press(b)))
        self._refresh_event = Clock.schedule_interval(self.refresh, PANEL_REFRESH_S)

    def stop(self) -> None:
        self._refresh_event.cancel()

    @staticmethod
    def _button(text: str, action: Any) -> Widget:
        button = SimButton(text=text)
        button.bind(on_release=lambda *_: action())
        return button

    # -- actions -------------------------------------------------------------------

    def set_fault(self, name: str, on: bool) -> None:
        if self.printer is not None:
            self.printer.set_fault(name, on)
            self.refresh(0)

    def scan(self, code: str) -> None:
        if self.scanner is not None:
            self.scanner.scan(code)

    def scan_card(self, age: int) -> None:
        self.scan(sample_card(age, local_time(self.contexts["kiosk-1"].site.tz).date()))

    def press(self, button: int) -> None:
        if self.pad is not None:
            self.pad.press(button)

    # -- state ---------------------------------------------------------------------

    def refresh(self, _dt: float) -> None:
        printer = self.printer
        if printer is not None:
            faults = [name for name, on in printer.faults().items() if on]
            state = ", ".join(faults) or tr("demo.printer_ready", "vi")
            self.printer_text = tr("demo.printed", "vi", n=len(printer.jobs), state=state)
            if len(printer.jobs) != self._jobs_seen:
                self._jobs_seen = len(printer.jobs)
                self._show_paper()
        if self.audio is not None:
            lines = [tr("demo.call", "vi", seq=a.seq, number=a.number, counter=a.counter,
                        clips=" ".join(a.clips)) for a in self.audio.history[-5:]]  # fmt: skip
            self.log_text = "\n".join(reversed(lines)) or tr("demo.no_calls", "vi")
        if self.speech is not None:
            said = self.speech.texts()[-3:]
            self.speech_text = "\n".join(reversed(said)) or tr("demo.no_speech", "vi")
        leds = []
        for n, board in self.boards.items():
            if board is not None:
                shown = board.text or "—"
                key = "demo.led_blinking" if board.blinking else "demo.led"
                leds.append(tr(key, "vi", n=n, shown=shown))
        self.led_text = "   ".join(leds)

    def _show_paper(self) -> None:
        try:
            image = self.printer.render_last().image
        except LookupError:
            self.ids.paper.texture = None
            return
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="png")
        buffer.seek(0)
        self.ids.paper.texture = CoreImage(buffer, ext="png").texture


class DemoRoot(BoxLayout):
    """The window: the kiosk, the hall and counters, the rating screen and the simulator.
    ``manager``, ``spinner`` and ``banner`` are the kiosk's, for :class:`KioskApp`."""

    manager = ObjectProperty(None)
    spinner = ObjectProperty(None)
    banner = ObjectProperty(None)


class DemoApp(KioskApp):
    """One window with every role; the kiosk's context is the app's own."""

    def __init__(self, contexts: dict[str, DeviceService], **kwargs: Any) -> None:
        super().__init__(contexts["kiosk-1"], **kwargs)
        self.contexts = contexts
        self.title = f"kiosk demo — {contexts['kiosk-1'].site.name}"

    def build(self) -> DemoRoot:
        global _kv_loaded
        kiosk_root = super().build()
        if not _kv_loaded:
            Builder.load_file(str(Path(__file__).with_name("demo_window.kv")))
            _kv_loaded = True
        c = self.contexts
        self.hall = HallDisplayScreen(name="hall_display", context=c["display-1"])
        self.counters = [
            CounterScreen(name="counter", context=c["counter-1"], counter_id=1, space_key=False),
            CounterScreen(name="counter", context=c["counter-2"], counter_id=2, shortcuts=False),
        ]
        self.rating = RatingScreen(name="rating", context=c["rating-1"], counter_id=1)
        root = DemoRoot(manager=kiosk_root.manager, spinner=kiosk_root.spinner,
                        banner=kiosk_root.banner)  # fmt: skip
        root.ids.kiosk.add_widget(ScaledPane(kiosk_root, (1080, 1920)))
        root.ids.hall.add_widget(ScaledPane(single_screen(self.hall), (1920, 1080)))
        for box, screen in zip((root.ids.counter1, root.ids.counter2), self.counters, strict=True):
            box.add_widget(ScaledPane(single_screen(screen), (1000, 1150)))
        root.ids.rating.add_widget(ScaledPane(single_screen(self.rating), (1080, 1000)))
        self.panel = SimulatorPanel(c)
        root.ids.simulator.add_widget(self.panel)
        return root

    def on_stop(self) -> None:
        self.panel.stop()
        super().on_stop()
        for device_id, context in self.contexts.items():
            if device_id != "kiosk-1":
                context.close()
