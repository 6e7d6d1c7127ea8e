"""The hub's live events: their names, what each role's stream carries, one event.

Every event's data carries the ticket number, service, priority reason, counter and
officer id where they apply, and nothing personal of a citizen (see the README).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TICKET_ISSUED = "ticket.issued"
TICKET_CALLED = "ticket.called"
TICKET_RECALLED = "ticket.recalled"
TICKET_SKIPPED = "ticket.skipped"
TICKET_UNSKIPPED = "ticket.unskipped"
TICKET_FINISHED = "ticket.finished"
TICKET_TRANSFERRED = "ticket.transferred"
TICKET_PRINT_FAILED = "ticket.print_failed"
TICKET_POSTPONED = "ticket.postponed"  # the citizen delayed their turn from the phone page
COUNTER_PAUSED = "counter.paused"
COUNTER_RESUMED = "counter.resumed"
COUNTER_SIGNED_IN = "counter.signed_in"
COUNTER_SIGNED_OUT = "counter.signed_out"
RATING_CREATED = "rating.created"
DEVICE_ALERT = "device.alert"
APPOINTMENT_BOOKED = "appointment.booked"  # no code in the data: it is the holder's key
APPOINTMENT_CANCELLED = "appointment.cancelled"
APPOINTMENT_CHECKED_IN = "appointment.checked_in"

# what each role's stream carries (type prefixes); admin gets everything
ROLE_EVENTS: dict[str, tuple[str, ...]] = {
    "kiosk": ("ticket.", "counter."),
    "display": ("ticket.", "counter.", DEVICE_ALERT),
    "counter": ("ticket.", "counter.", DEVICE_ALERT),
    "rating": ("ticket.",),
    "admin": ("",),
}


@dataclass(frozen=True)
class Event:
    """One event as a device receives it: its monotonic id, type and data."""

    id: int
    type: str
    data: dict[str, Any]

    def matches(self, prefixes: tuple[str, ...]) -> bool:
        """Whether the type starts with one of ``prefixes`` ("" matches every event)."""
        return self.type.startswith(prefixes)
