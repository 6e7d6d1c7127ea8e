"""The citizen's rating screen at one counter: big faces, optional reasons, thanks.

Driven by :class:`~kiosk.device.rating_flow.RatingFlow`: the hub's event stream invites
(a ticket finished at this counter), the physical pad (if any) presses the same levels,
a dossier code (typed or scanned) rates a dossier returned without a ticket; a receipt
number ("261008-0975") is completed by the hub first; a scanned ID card (CCCD) finds
the citizen's dossier by its keyed hash, so nothing is typed. The device service owns the flow,
the event stream, the pad and the durable outbox (``rating-outbox.sqlite3`` in the
device's cache folder), so none is lost while the hub is down. The code entry has a
way back and closes itself after the site's idle time.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import (
    BooleanProperty,
    ListProperty,
    NumericProperty,
    StringProperty,
)

from kiosk.api.models import RatingReason
from kiosk.catalog.dossier import lookup_key, normalize_code
from kiosk.device.cccd import CardScan, is_card_payload
from kiosk.device.rating_flow import RatingFlow, RatingView, Stage, dossier_to_rate
from kiosk.device.service import IdleClock, Problem
from kiosk.ui.screens.lobby_base import LobbyScreen
from kiosk.ui.widgets import theme
from kiosk.ui.widgets.buttons import Chip
from kiosk.ui.widgets.faces import FaceButton, smile_of
from kiosk.ui.widgets.keyboard import apply_key

# the faces' discs, best (green) to worst (red), per scale size
FACE_COLOURS = {
    3: [theme.OK, theme.PRIMARY, theme.ERROR],
    4: [theme.OK, theme.PRIMARY, theme.WARN, theme.ERROR],
    5: [theme.OK, theme.OK_SOFT, theme.PRIMARY, theme.WARN, theme.ERROR],
}
TICK_S = 0.5


class RatingScreen(LobbyScreen):
    idle_home = False
    stage = StringProperty(Stage.IDLE.value)
    subject = StringProperty("")
    counted = BooleanProperty(True)
    chosen_reasons = ListProperty([])
    entering_code = BooleanProperty(False)
    code_entry = StringProperty("")
    pending = NumericProperty(0)
    rejected = NumericProperty(0)  # refused by the hub on their merits: staff should know
    counter_id = NumericProperty(0)

    def __init__(self, **kwargs: Any) -> None:
        self.flow: RatingFlow | None = None
        self.face_buttons: list[FaceButton] = []
        self.idle: IdleClock | None = None
        self.reason_chips: list[Chip] = []
        super().__init__(**kwargs)

    def on_kv_post(self, base_widget: Any) -> None:
        # strong references (ids are weak): the sections live while detached
        self.sections = {"faces": self.ids.faces.__self__,
                         "reasons": self.ids.reasons_box.__self__,
                         "code": self.ids.code_box.__self__}  # fmt: skip
        for section in self.sections.values():
            section.parent.remove_widget(section)
        self.bind(stage=self._sync, entering_code=self._sync)

    def _sync(self, *_args: Any) -> None:
        """Only the current section is in the tree (hidden widgets must not catch touches)."""
        name = {"invited": "faces", "reasons": "reasons"}.get(self.stage)
        if self.stage == "idle" and self.entering_code:
            name = "code"
        self.ids.body.clear_widgets()
        if name is not None:
            self.ids.body.add_widget(self.sections[name])

    def on_activate(self, **params: Any) -> None:
        if self.flow is None:
            self._start(params)

    def _start(self, params: dict[str, Any]) -> None:
        ctx = self.ctx
        counter_id = self.counter_to_work(self.counter_id or params.get("counter_id"))
        if counter_id is None:
            return
        self.counter_id = counter_id
        self.flow = ctx.rating_flow(counter_id, self._show)
        self.idle = IdleClock(ctx.site.idle_timeout_s)
        self._build_buttons()
        self._tick_event = Clock.schedule_interval(self._tick, TICK_S)
        self.app.bind(on_stop=lambda *_: self._stop(), lang=lambda *_: self._label())

    def _stop(self) -> None:
        self._tick_event.cancel()

    def _build_buttons(self) -> None:
        assert self.flow is not None
        faces = self.ids.faces
        colours = FACE_COLOURS[self.flow.scale]
        for (level, _words), colour in zip(self.flow.levels(), colours, strict=True):
            button = FaceButton(level=level, smile=smile_of(level, self.flow.scale), face=colour)
            button.bind(on_release=lambda b: self.choose(b.level))
            faces.add_widget(button)
            self.face_buttons.append(button)
        for reason in RatingReason:
            chip = Chip(key=reason.value, size_hint_y=None, height=theme.TOUCH)
            chip.bind(on_release=lambda c: self.toggle_reason(c.key))
            self.ids.reasons.add_widget(chip)
            self.reason_chips.append(chip)
        self._label()

    def _label(self) -> None:
        if self.flow is None:
            return
        labels = dict(self.flow.levels())
        for button in self.face_buttons:
            button.text = self.words(labels[button.level])
        for chip in self.reason_chips:
            chip.text = self.tr(f"rating.reason.{chip.key}")
            chip.selected_key = chip.key if chip.key in self.chosen_reasons else ""
        self._show(self.flow.view)

    def face(self, level: int) -> FaceButton:
        """The button of ``level`` (tests touch it)."""
        return next(b for b in self.face_buttons if b.level == level)

    # -- inputs --------------------------------------------------------------------

    def choose(self, level: int) -> None:
        if self.flow is not None:
            self.flow.choose(level)

    def toggle_reason(self, key: str) -> None:
        reasons = [r for r in self.chosen_reasons if r != key]
        if len(reasons) == len(self.chosen_reasons):
            reasons.append(key)
        self.chosen_reasons = reasons
        for chip in self.reason_chips:
            chip.selected_key = chip.key if chip.key in reasons else ""

    def send_reasons(self) -> None:
        if self.flow is not None:
            self.flow.give_reasons(RatingReason(r) for r in self.chosen_reasons)

    def skip_reasons(self) -> None:
        if self.flow is not None:
            self.flow.skip_reasons()

    def open_code(self) -> None:
        self.entering_code, self.code_entry, self.message = True, "", ""
        self._touched()

    def close_code(self) -> None:
        """Back to the start: the back button, or the idle time passed."""
        self.entering_code, self.code_entry, self.message = False, "", ""

    def key(self, key: str) -> None:
        self.code_entry = apply_key(self.code_entry, key, 40, upper=True)
        self.message = ""
        self._touched()

    def submit_code(self) -> None:
        self.rate_dossier(self.code_entry)

    def rate_dossier(self, raw: str) -> None:
        """Invite for a full code at once (works offline); a receipt number asks the hub."""
        if self.flow is None:
            return
        if normalize_code(raw) is not None:
            self._invite(raw)
        elif lookup_key(raw) is not None:
            self.track(
                self.ctx.lookup_dossier(raw, lambda a: self._invite(a["code"]), self._refused)
            )
        else:
            self.say("dossier.invalid", "error")

    def _invite(self, code: str) -> None:
        if self.flow is not None and self.flow.invite_dossier(code):
            self.entering_code, self.code_entry = False, ""

    def _refused(self, problem: Problem) -> None:
        self.say_problem(problem)

    def _touched(self) -> None:
        if self.idle is not None:
            self.idle.touch()

    def on_touch_down(self, touch: Any) -> bool:
        if self.collide_point(*touch.pos):
            self._touched()
        return super().on_touch_down(touch)

    def on_card(self, scan: CardScan) -> None:
        """An ID card scanned: rate its dossier without typing the code (used once, then
        forgotten)."""
        if self.flow is None:
            return
        self.track(self.ctx.dossiers_of_card(self._card_dossiers, self._card_failed))

    def _card_dossiers(self, found: dict) -> None:
        self.ctx.card.forget()
        code = dossier_to_rate(found["items"])
        if code is not None:
            self._invite(code)
        elif not found["supported"]:
            self.say("cccd.unsupported", "warn")
        elif not found["items"]:
            self.say("cccd.none_found", "warn")
        else:  # several dossiers, none clearly the one collected now: the code is typed
            self.open_code()
            self.say("cccd.several", "info")

    def _card_failed(self, problem: Problem) -> None:
        self.ctx.card.forget()
        self.say_problem(problem)

    def on_scan(self, text: str) -> None:
        if is_card_payload(text):
            self.read_card(text)  # then on_card
        elif normalize_code(text):
            self.rate_dossier(text)
        else:
            self.say("error.scan_unknown", "warn")

    def on_typed(self, keys: str) -> None:
        if not self.entering_code:
            return
        self._touched()
        for ch in keys:
            if ch == "\r":
                self.submit_code()
            elif ch == "\b" or ch.isalnum() or ch in ".-":
                self.key(ch)

    # -- showing -----------------------------------------------------------------

    def _tick(self, _dt: float) -> None:
        if self.flow is not None:
            self.flow.tick()
        if self.entering_code and self.idle is not None and self.idle.remaining() <= 0:
            self.close_code()
        outbox = self.ctx.outbox
        if outbox is not None:
            self.pending = outbox.pending()
            self.rejected = outbox.rejected_count()

    def _show(self, view: RatingView) -> None:
        if view.stage is not Stage.REASONS and self.chosen_reasons:
            self.chosen_reasons = []
            for chip in self.reason_chips:
                chip.selected_key = ""
        self.stage = view.stage.value
        self.counted = view.counted
        if view.number:
            self.subject = self.tr("rating.for_ticket", number=view.number)
        elif view.dossier_code:
            self.subject = self.tr("rating.for_dossier", code=view.dossier_code)
        else:
            self.subject = ""
        if view.stage is not Stage.IDLE:
            self.entering_code = False
            self.message = ""
