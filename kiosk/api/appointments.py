"""Appointments (đặt lịch hẹn) on the wire: the booking code, and the API's shapes.

A booking code is six signs of :data:`CODE_ALPHABET` (no 0/O, 1/I/L, 2/Z, 5/S, 8/B, which
a citizen reading a phone or a slip confuses). The QR of an appointment holds its page's
address, ``…/dat-lich/<CODE>``; the kiosk's scanner reads the code out of it.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, StringConstraints

from kiosk.api.models import ServiceId, Strict

CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6
CODE_PATTERN = f"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$"
PAGE_PATH = "/dat-lich"
_IN_URL = re.compile(rf"{PAGE_PATH}/([{CODE_ALPHABET}]{{{CODE_LENGTH}}})(?![A-Za-z0-9])", re.I)
_TYPED = re.compile(CODE_PATTERN)

AppointmentStatus = Literal["booked", "checked_in", "cancelled", "no_show"]
ClosedReason = Literal["holiday", "weekday", "past", "beyond_horizon"]


def normalize_code(text: str) -> str | None:
    """A code as typed (any case, stray spaces or dashes) or scanned (the page's URL);
    None when it is not one."""
    found = _IN_URL.search(text)
    if found:
        return found.group(1).upper()
    typed = re.sub(r"[\s-]", "", text).upper()
    return typed if _TYPED.match(typed) else None


class BookingIn(Strict):
    """Book one slot: a service, a local day and the slot's start time."""

    service_id: ServiceId
    date: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]
    time: Annotated[str, StringConstraints(pattern=r"^\d{2}:\d{2}$")]


class Appointment(BaseModel):
    """A booking as its holder and the portal see it (nothing personal is kept)."""

    code: str
    site_id: str
    service_id: str
    service_name_vi: str
    service_name_en: str
    date: str  # the local day, YYYY-MM-DD
    time: str  # the slot's start, HH:MM site time
    status: AppointmentStatus  # no_show: booked, and the check-in window has passed
    check_in_from: str  # HH:MM: the kiosk takes the code from then...
    check_in_until: str  # ...until then (site time, that day)
    ticket_id: int | None = None  # the queue ticket check-in gave
    ticket_number: str | None = None
    url: str  # the appointment's page: what its QR code holds


class Slot(BaseModel):
    time: str  # HH:MM site time
    capacity: int
    free: int


class SlotDay(BaseModel):
    """One service's slots on one day; ``closed`` says why there are none to book."""

    service_id: str
    date: str
    closed: ClosedReason | None = None
    slots: list[Slot]


class BookableService(BaseModel):
    """A service that takes bookings, and its days with a free slot in the horizon."""

    id: str
    name_vi: str
    name_en: str
    slot_minutes: int
    days: list[str]
