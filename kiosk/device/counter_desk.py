"""A counter's staff actions through the hub, mirrored on the counter's LED number board.

Every method blocks (run it off the UI thread) and returns a :class:`DeskResult`: the
ticket acted on and the counter's fresh state (current ticket, waiting per service,
served today). A call or recall blinks the number on the board; finish, skip and
transfer clear it. A board that fails is reported in the result and to the hub, and
never stops the action. A refused action raises :class:`DeskError` with plain words.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from kiosk import i18n
from kiosk.api.models import CounterState, Ticket
from kiosk.device.errors import LobbyError
from kiosk.device.hub_client import HubClient, HubError, HubRefused, HubUnreachable
from kiosk.devices.base import DeviceError
from kiosk.devices.led_board import LedBoard
from kiosk.i18n import Phrase

log = logging.getLogger(__name__)

CALLS = ("call_next", "call_ticket", "recall", "undo_skip")  # the board shows the number


class DeskError(LobbyError):
    """A counter action that did not happen."""


@dataclass(frozen=True)
class DeskResult:
    """After an action: the ticket it touched (None: nobody waited) and the counter's state."""

    action: str
    ticket: Ticket | None
    state: CounterState
    led_problem: str = ""

    @property
    def nobody_waiting(self) -> bool:
        return self.action == "call_next" and self.ticket is None


def desk_error(error: HubError) -> DeskError:
    """The refusal in the officer's words: ``counter.refused.<code>`` of the word table."""
    if isinstance(error, HubUnreachable):
        return DeskError("hub_down", Phrase("counter.refused.hub_down"))
    code = error.code if isinstance(error, HubRefused) else "error"
    if i18n.known(key := f"counter.refused.{code}"):
        return DeskError(code, Phrase(key))
    detail = error.detail if isinstance(error, HubRefused) else str(error)
    return DeskError(code, Phrase("counter.refused.other", {"detail": detail}))


class CounterDesk:
    """The actions of counter ``counter_id``, as its counter device ``hub``."""

    def __init__(
        self,
        hub: HubClient,
        counter_id: int,
        led_board: LedBoard | None = None,
        *,
        blink_s: int = 5,
    ) -> None:
        self.hub = hub
        self.counter_id = counter_id
        self.led_board = led_board
        self.blink_s = blink_s
        self.state: CounterState | None = None
        self._board_reported = "ok"  # the LED board's state as last told to the hub

    def refresh(self) -> CounterState:
        """The counter's state now (current ticket, waiting counts, served today)."""
        try:
            self.state = self.hub.counter(self.counter_id)
        except HubError as e:
            raise desk_error(e) from e
        return self.state

    def call_next(self) -> DeskResult:
        """Finish the current ticket (if any) and call the next one; refused (``stale``,
        nothing changes) when the counter's current ticket is not the one shown."""
        shown = self._current_id()
        return self._do("call_next", lambda: self.hub.call_next(self.counter_id, shown))

    def call_ticket(self, ticket_id: int) -> DeskResult:
        """Call a chosen waiting number, or a skipped one whose citizen came back."""
        return self._do("call_ticket", lambda: self.hub.call_ticket(self.counter_id, ticket_id))

    def undo_skip(self) -> DeskResult:
        return self._do("undo_skip", lambda: self.hub.undo_skip(self.counter_id))

    def pause(self) -> DeskResult:
        """A break (the current ticket is finished), or back from it."""
        paused = self.state is not None and self.state.paused
        action = "resume" if paused else "pause"
        return self._do(action, lambda: self.hub.counter_session(self.counter_id, action))

    def sign_in(self, officer_id: str, pin: str) -> DeskResult:
        return self._do("sign_in", lambda: self.hub.sign_in(self.counter_id, officer_id, pin))

    def sign_out(self) -> DeskResult:
        return self._do("sign_out", lambda: self.hub.counter_session(self.counter_id, "sign-out"))

    def recall(self) -> DeskResult:
        return self._do("recall", lambda: self.hub.recall(self.counter_id, self._current_id()))

    def skip(self) -> DeskResult:
        return self._do("skip", lambda: self.hub.skip(self.counter_id, self._current_id()))

    def finish(self) -> DeskResult:
        return self._do("finish", lambda: self.hub.finish(self.counter_id, self._current_id()))

    def transfer(self, service_id: str) -> DeskResult:
        """Send the current ticket to ``service_id``'s queue (front of its lane)."""
        return self._do(
            "transfer",
            lambda: self.hub.transfer(self.counter_id, service_id, self._current_id()),
        )

    def _current_id(self) -> int | None:
        """Guard actions with the ticket the officer sees, so a stale screen cannot act on
        another ticket."""
        current = self.state.current if self.state is not None else None
        return current.id if current is not None else None

    def _do(self, action: str, call: Callable[[], Ticket | None]) -> DeskResult:
        try:
            ticket = call()
        except HubError as e:
            if isinstance(e, HubRefused) and e.code in ("not_current", "stale"):
                self._refresh_quietly()
            raise desk_error(e) from e
        led_problem = self._board(action, ticket)
        state = self.refresh()
        return DeskResult(action, ticket, state, led_problem)

    def _refresh_quietly(self) -> None:
        with contextlib.suppress(DeskError):
            self.refresh()

    def _board(self, action: str, ticket: Ticket | None) -> str:
        board = self.led_board
        if board is None:
            return ""
        try:
            if action in CALLS and ticket is not None:
                board.call(ticket.number, self.blink_s)
            else:
                board.clear()
        except (DeviceError, ValueError) as e:
            log.warning("counter %d: LED board: %s", self.counter_id, e)
            self._report_board("offline", f"counter {self.counter_id}: {e}")
            return str(e)
        self._report_board("ok")
        return ""

    def _report_board(self, status: str, message: str = "") -> None:
        """Tell the hub when the board's state changes (the hub ignores a repeat anyway)."""
        if status != self._board_reported:
            with contextlib.suppress(HubError):
                self.hub.alert("led_board", status, message)
                self._board_reported = status
