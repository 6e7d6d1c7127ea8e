"""The hub API's shapes (pydantic), shared by the hub and its client."""

from __future__ import annotations

import datetime
import enum
import re
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from kiosk.api.phone import PATTERN as PHONE_PATTERN
from kiosk.catalog.citizen_key import CITIZEN_KEY
from kiosk.catalog.dossier import CANONICAL_CODE


class Strict(BaseModel):
    """Request bodies: unknown fields are an error; optional fields are left out, not null."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _no_nulls(cls, data: Any) -> Any:
        if isinstance(data, dict):
            nulls = [k for k, v in data.items() if v is None]
            if nulls:
                raise ValueError(f"{nulls[0]}: null is not allowed; leave the field out")
        return data


class TicketStatus(enum.StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    FINISHED = "finished"
    SKIPPED = "skipped"


class PriorityReason(enum.StrEnum):
    """Who may use the priority lane (recorded with the ticket)."""

    ELDERLY = "elderly"  # người cao tuổi
    DISABLED = "disabled"  # người khuyết tật
    PREGNANT = "pregnant"  # phụ nữ mang thai
    MERIT = "merit"  # người có công với cách mạng
    CHILD = "child"  # trẻ em dưới 6 tuổi đi cùng


class RatingReason(enum.StrEnum):
    """Optional reasons given with a low rating."""

    ATTITUDE = "attitude"  # thái độ
    WAITING_TIME = "waiting_time"  # thời gian chờ
    UNCLEAR_GUIDANCE = "unclear_guidance"  # hướng dẫn chưa rõ
    COMPLEX_PROCEDURE = "complex_procedure"  # thủ tục phức tạp
    OTHER = "other"  # khác


ServiceId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,31}$")]
ClientId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._:-]{8,64}$")]


# A dossier code as kiosk.catalog.dossier.normalize_code gives it: H15.50.05.13-261008-0975
# (one whose date is not a real day is a dossier that cannot exist: the hub's 404).
DossierCode = Annotated[str, StringConstraints(pattern=CANONICAL_CODE)]
# The keyed hash of a scanned ID card (kiosk.catalog.citizen_key), 64 hex digits.
CitizenKey = Annotated[str, StringConstraints(pattern=CITIZEN_KEY)]
# Free text a device sends that reaches the store: no control characters but tab and line
# breaks (PostgreSQL refuses NUL in text; the others only hide things from whoever reads it).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def no_control(text: str) -> str:
    found = CONTROL.search(text)
    if found:
        raise ValueError(
            f"Ký tự điều khiển không được phép / control character U+{ord(found.group()):04X} "
            f"at {found.start()} is not allowed"
        )
    return text


Note = Annotated[
    str,
    StringConstraints(max_length=500),
    AfterValidator(no_control),
    Field(json_schema_extra={"pattern": f"^[^{CONTROL.pattern[1:-1]}]*$"}),
]


# A Vietnamese mobile number (kiosk.api.phone): 10 digits from 0, or +84 and 9 digits
Phone = Annotated[str, StringConstraints(pattern=PHONE_PATTERN)]


class TicketIn(Strict):
    """A ticket request; ``priority`` names why the priority lane applies (absent: normal);
    ``citizen_key`` is the keyed hash of the ID card the citizen scanned, if any (kept on
    the ticket to find their dossiers and appointments; never the card's number).
    ``phone``, where the citizen left one, gets a message when few are ahead and when
    called (kept apart from the ticket, deleted when it ends, never answered back)."""

    service_id: ServiceId
    priority: PriorityReason | SkipJsonSchema[None] = None
    citizen_key: CitizenKey | SkipJsonSchema[None] = None
    phone: Phone | SkipJsonSchema[None] = None

    def __repr_args__(self) -> Any:  # a number must not reach a log through a repr
        for name, value in super().__repr_args__():
            yield name, ("***" if name in ("phone", "citizen_key") and value else value)


class CitizenIn(Strict):
    """Look up by a scanned ID card: its keyed hash (never the card's number)."""

    citizen_key: CitizenKey


class Ticket(BaseModel):
    id: int
    number: str
    service_id: str
    origin_service_id: str
    priority: bool
    priority_reason: PriorityReason | None = None
    status: TicketStatus
    issued_at: float
    called_at: float | None = None
    finished_at: float | None = None
    counter_id: int | None = None
    recalls: int = 0
    officer_id: str | None = None  # who served it (sites with [[officers]])
    waiting_ahead: int = 0
    eta_minutes: int | None = None
    day: str
    print_failed: bool = False  # the kiosk could not print it: the citizen may have no paper
    page_token: str | None = None  # its phone page is /t/{page_token} (the printed QR)
    postponed: bool = False  # the citizen delayed their turn once from the phone page
    booked: bool = False  # an appointment checked in: the appointment lane


LEASE_MAX = 200  # the most numbers one lease may hold


def _real_day(text: str) -> str:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a day (YYYY-MM-DD)") from None
    return text


DayText = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"),
    AfterValidator(_real_day),
    Field(json_schema_extra={"format": "date"}),
]


class LeaseRelease(Strict):
    """A lease the kiosk gives back from ``next_seq`` on (it will not issue those numbers)."""

    lease_id: Annotated[int, Field(ge=1, le=2**53)]
    next_seq: Annotated[int, Field(ge=1, le=10_000)]


class LeaseIn(Strict):
    """Lease the next ``size`` numbers of a service for today (issued while offline);
    ``release`` gives back the unused rest of an older lease at the same time."""

    service_id: ServiceId
    size: Annotated[int, Field(ge=1, le=LEASE_MAX)]
    release: LeaseRelease | SkipJsonSchema[None] = None


class Lease(BaseModel):
    """Numbers ``first``..``last`` of a service on ``day``, reserved for one kiosk."""

    id: int
    service_id: str
    day: str
    first: int
    last: int
    returned_from: int | None = None


class OfflineTicketIn(Strict):
    """A ticket a kiosk issued from its lease while the hub was unreachable; ``client_id``
    (the kiosk's ticket uuid) makes a repeated upload harmless."""

    client_id: ClientId
    service_id: ServiceId
    priority: PriorityReason | SkipJsonSchema[None] = None
    day: DayText
    seq: Annotated[int, Field(ge=1, le=10_000)]
    issued_at: Annotated[float, Field(ge=0, le=253_402_214_400)]  # up to 9999-12-30
    print_failed: bool = False  # the kiosk cannot tell whether the paper came out


class ServiceInfo(BaseModel):
    id: str
    name_vi: str
    name_en: str
    prefix: str
    waiting: int
    eta_minutes: int
    open: bool
    issued_today: int
    daily_limit: int | None
    remaining_today: int | None
    counters: list[int]


class QueueEntry(BaseModel):
    """A ticket as a counter's lists show it (waiting or skipped)."""

    id: int
    number: str
    service_id: str
    priority: bool
    priority_reason: PriorityReason | None = None
    status: TicketStatus
    issued_at: float
    skipped_at: float | None = None
    booked: bool = False  # the appointment lane


class CallNextIn(BaseModel):
    """Optional guard of call-next: the ticket the screen shows as current (null: none).
    When the counter's current ticket is another one, nothing changes (409 ``stale``)."""

    model_config = ConfigDict(extra="forbid")
    ticket_id: Annotated[int, Field(ge=1, le=2**53)] | None


class CallIn(Strict):
    """Call this ticket (waiting, or skipped and come back) instead of the next one."""

    ticket_id: int = Field(ge=1, le=2**53)


class SignInIn(Strict):
    officer_id: ServiceId
    pin: Annotated[str, StringConstraints(pattern=r"^\d{4,12}$")]


class ActionIn(Strict):
    """Optional guard on a counter action: act only if this is still the current ticket."""

    ticket_id: int | SkipJsonSchema[None] = None


class TransferIn(Strict):
    service_id: ServiceId
    ticket_id: int | SkipJsonSchema[None] = None


class CounterState(BaseModel):
    id: int
    name: str
    services: list[str]
    current: Ticket | None
    waiting: dict[str, int]
    served_today: int
    paused: bool = False
    sign_in_required: bool = False  # the site has officers and nobody is signed in here
    officer_id: str | None = None
    officer_name: str | None = None
    waiting_list: list[QueueEntry] = Field(default_factory=list)  # calling order
    skipped_list: list[QueueEntry] = Field(default_factory=list)  # today's, newest first
    undo_skip: QueueEntry | None = None  # the skip that can be taken back now


class CounterBoard(BaseModel):
    """A counter as the hall sees it: who is being served there, or on a break."""

    id: int
    name: str
    paused: bool
    current: QueueEntry | None


class Call(BaseModel):
    """One announcement of a ticket at a counter (a call or a recall)."""

    event_id: int
    ticket_id: int
    number: str
    counter_id: int
    service_id: str
    at: float
    recall: bool
    priority: bool = False


class RatingIn(Strict):
    """A rating of a ticket's visit, or of a dossier returned without a ticket (or both)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"anyOf": [{"required": ["ticket_id"]}, {"required": ["dossier_code"]}]},
    )
    ticket_id: Annotated[int, Field(ge=1, le=2**53)] | SkipJsonSchema[None] = None
    dossier_code: DossierCode | SkipJsonSchema[None] = None
    counter_id: int = Field(ge=1, le=999)
    level: int = Field(ge=1, le=5)
    reasons: list[RatingReason] = Field(default_factory=list, max_length=5)
    client_id: ClientId

    @field_validator("reasons")
    @classmethod
    def _distinct(cls, reasons: list[RatingReason]) -> list[RatingReason]:
        return list(dict.fromkeys(reasons))

    @model_validator(mode="after")
    def _has_subject(self) -> RatingIn:
        if self.ticket_id is None and self.dossier_code is None:
            raise ValueError("give ticket_id or dossier_code")
        return self


class Rating(BaseModel):
    id: int
    client_id: str
    ticket_id: int | None
    dossier_code: str | None
    counter_id: int
    officer_id: str | None = None
    service_id: str | None
    level: int
    scale: int
    reasons: list[str]
    created_at: float
    duplicate: bool = False


# What a device may say about each kind of peripheral: a fixed vocabulary, so staff screens
# show words from their own tables (kiosk/i18n.py), never text a device sent. "ok" clears.
PrinterStatus = Literal["ok", "paper_low", "paper_out", "cover_open", "offline", "error", "unknown"]
PeripheralStatus = Literal["ok", "offline", "error"]
PeripheralKind = Literal["scanner", "rating_pad", "led_board", "audio", "media"]
ALERT_STATUSES: dict[str, tuple[str, ...]] = {
    "printer": get_args(PrinterStatus),
    **dict.fromkeys(get_args(PeripheralKind), get_args(PeripheralStatus)),
}


class PrinterAlertIn(Strict):
    """The printer's state now; ``message`` is kept for technicians, never shown to staff."""

    kind: Literal["printer"]
    status: PrinterStatus
    message: Note = ""


class PeripheralAlertIn(Strict):
    """Another peripheral's state now (``message`` as for the printer)."""

    kind: PeripheralKind
    status: PeripheralStatus
    message: Note = ""


AlertIn = Annotated[PrinterAlertIn | PeripheralAlertIn, Field(discriminator="kind")]
ALERT_IN: TypeAdapter[PrinterAlertIn | PeripheralAlertIn] = TypeAdapter(AlertIn)


class Alert(BaseModel):
    """The state in force for one device's peripheral: ``active`` until a status "ok".

    ``id`` is the report that set it (0: never reported), ``since`` when it was set.
    """

    id: int
    device_id: str
    kind: str
    status: str
    active: bool
    since: float


class Health(BaseModel):
    status: Literal["ok"]
    site: str  # the name of the hub's first site
    sites: list[str]  # the ids of every site it serves
    time: float
    day: str
    last_event_id: int
    version: str
