"""The satisfaction rating at one counter, as a small state machine.

    idle --finished here / dossier code--> invited --level--> thanks --thanks_s--> idle
                                              |                  ^
                                              +--unsatisfied--> reasons (pick / skip / reasons_s)

The screen's touches, the physical pad's presses and the hub's events all feed the same
flow. A visit is counted once: a second press while thanking (or with nothing to rate)
is thanked but not counted. Ratings go to a :class:`~kiosk.device.outbox.RatingOutbox`,
which keeps them on disk until the hub has them. Every method is thread-safe;
``on_change`` runs on the caller's thread (the UI marshals it) and must return quickly.
"""

from __future__ import annotations

import enum
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from kiosk.api.models import RatingIn, RatingReason
from kiosk.api.rating_scale import SCALES, is_unsatisfied
from kiosk.catalog.dossier import normalize_code
from kiosk.device.event_stream import Event
from kiosk.device.outbox import RatingOutbox, new_client_id
from kiosk.i18n import Phrase


class Stage(enum.StrEnum):
    IDLE = "idle"
    INVITED = "invited"
    REASONS = "reasons"
    THANKS = "thanks"


@dataclass(frozen=True)
class RatingView:
    """What the rating screen shows. ``counted`` is False when a press was thanked only."""

    stage: Stage = Stage.IDLE
    number: str = ""  # the ticket number being rated ("" for a dossier)
    ticket_id: int | None = None
    dossier_code: str | None = None
    level: int | None = None
    counted: bool = True
    since: float = 0.0  # monotonic time the stage began


_RETURNED = (10, 9)  # Đã trả kết quả, Đã xử lý xong: what a citizen collects at a counter


def dossier_to_rate(answers: list[dict]) -> str | None:
    """The dossier a citizen who scanned their ID card at the rating screen is rating:
    their only dossier, else their only one returned or finished (the one they came to
    collect); None when that is not clear (the code is then typed)."""
    if len(answers) == 1:
        return str(answers[0]["code"])
    returned = [a for a in answers if a["status"]["id"] in _RETURNED]
    return str(returned[0]["code"]) if len(returned) == 1 else None


class RatingFlow:
    """The rating flow of counter ``counter_id`` on a ``scale``-level site scale.

    :param thanks_s: how long "thank you" stays before idle.
    :param invite_s: an invitation nobody answers goes back to idle after this.
    :param reasons_s: the reasons step gives up (keeping the level) after this.
    """

    def __init__(
        self,
        counter_id: int,
        outbox: RatingOutbox,
        scale: int = 3,
        *,
        on_change: Callable[[RatingView], None] | None = None,
        thanks_s: float = 5.0,
        invite_s: float = 180.0,
        reasons_s: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if scale not in SCALES:
            raise ValueError(f"rating scale must be one of {sorted(SCALES)}, not {scale}")
        self.counter_id = counter_id
        self.outbox = outbox
        self.scale = scale
        self.on_change = on_change or (lambda _: None)
        self.thanks_s = thanks_s
        self.invite_s = invite_s
        self.reasons_s = reasons_s
        self.clock = clock
        self._lock = threading.RLock()
        self._view = RatingView(since=clock())
        self._rated: set[str] = set()  # "t:<ticket id>" or "d:<dossier code>"
        self.submitted: list[RatingIn] = []

    @property
    def view(self) -> RatingView:
        with self._lock:
            return self._view

    def levels(self) -> list[tuple[int, Phrase]]:
        """(level, its words) best first, as the buttons are laid out."""
        return [
            (level, Phrase(f"rating.level.{word}")) for level, word in SCALES[self.scale].items()
        ]

    # -- inputs ------------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        """A hub event: a ticket finished here invites; a new call here ends the thanks."""
        data = event.data
        if data.get("counter_id") != self.counter_id:
            return
        if event.type == "ticket.finished":
            self.invite_ticket(int(data["ticket_id"]), str(data.get("number", "")))
        elif event.type == "ticket.called" and self.view.stage is Stage.THANKS:
            finished = data.get("finished_ticket_id")  # what the same press finished
            if finished is None or finished != self.view.ticket_id:
                self._set(RatingView())

    def invite_ticket(self, ticket_id: int, number: str) -> None:
        """Ask the citizen of ``ticket_id`` to rate (ignored once it is rated)."""
        with self._lock:
            if f"t:{ticket_id}" in self._rated:
                return
            self._finish_reasons()
            self._set(RatingView(Stage.INVITED, number, ticket_id=ticket_id))

    def invite_dossier(self, raw: str) -> bool:
        """Rate a dossier returned without a ticket; False (nothing changes) for a bad code."""
        code = normalize_code(raw)
        if code is None:
            return False
        with self._lock:
            self._finish_reasons()
            if f"d:{code}" in self._rated:
                self._set(RatingView(Stage.THANKS, dossier_code=code, counted=False))
            else:
                self._set(RatingView(Stage.INVITED, dossier_code=code))
        return True

    def choose(self, level: int) -> None:
        """The citizen picked ``level`` (1 = worst .. scale = best)."""
        if level not in SCALES[self.scale]:
            raise ValueError(f"level must be 1-{self.scale}, not {level}")
        with self._lock:
            view = self._view
            if view.stage is not Stage.INVITED:
                # nothing to rate, or already rated: thank, count nothing
                self._set(replace(view, stage=Stage.THANKS, counted=False))
                return
            if is_unsatisfied(level, self.scale):
                self._set(replace(view, stage=Stage.REASONS, level=level))
            else:
                self._submit(replace(view, level=level), [])

    def press(self, button: int) -> None:
        """A physical pad button: 1 is the leftmost face, which is the best, as on screen."""
        self.choose(self.scale + 1 - button)

    def give_reasons(self, reasons: Iterable[RatingReason]) -> None:
        """Finish the reasons step with ``reasons`` (may be empty)."""
        with self._lock:
            if self._view.stage is Stage.REASONS:
                self._submit(self._view, list(reasons))

    def skip_reasons(self) -> None:
        self.give_reasons([])

    def cancel(self) -> None:
        """Back to idle (the citizen walked away); a chosen level is still kept."""
        with self._lock:
            self._finish_reasons()
            self._set(RatingView())

    def tick(self) -> None:
        """Advance timeouts; call it every second or so."""
        with self._lock:
            view = self._view
            age = self.clock() - view.since
            if view.stage is Stage.THANKS and age >= self.thanks_s:
                self._set(RatingView())
            elif view.stage is Stage.REASONS and age >= self.reasons_s:
                self._submit(view, [])
            elif view.stage is Stage.INVITED and age >= self.invite_s:
                self._set(RatingView())

    # -- inside ------------------------------------------------------------------

    def _finish_reasons(self) -> None:
        if self._view.stage is Stage.REASONS:
            self._submit(self._view, [], announce=False)

    def _submit(self, view: RatingView, reasons: list[RatingReason], announce: bool = True) -> None:
        assert view.level is not None
        fields = {"ticket_id": view.ticket_id, "dossier_code": view.dossier_code}
        rating = RatingIn.model_validate(
            {k: v for k, v in fields.items() if v is not None}
            | {
                "counter_id": self.counter_id,
                "level": view.level,
                "reasons": reasons,
                "client_id": new_client_id(),
            }
        )
        self.outbox.submit(rating)
        self.submitted.append(rating)
        key = f"t:{view.ticket_id}" if view.ticket_id is not None else f"d:{view.dossier_code}"
        self._rated.add(key)
        if announce:
            self._set(replace(view, stage=Stage.THANKS, counted=True))

    def _set(self, view: RatingView) -> None:
        with self._lock:
            self._view = replace(view, since=self.clock())
            current = self._view
        self.on_change(current)
