"""The federation contract: what an office hub sends its provincial hub, and the answer.

A batch carries a run of the office site's committed events in id order, chained to the
last one the province acknowledged (``after``), and the records they touch as the office
holds them when it reads (tickets, ratings, device alerts), each under its office id. The
province applies a batch in one transaction, idempotently: a record is keyed by (site,
office id), an event at or below the site's last applied id is skipped. A batch whose
``after`` is past what the province holds is a gap: 409 ``federation_gap`` with the
``expected_after`` the office resends from.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    model_validator,
)

from kiosk.api.models import (
    CONTROL,
    ClientId,
    DossierCode,
    Note,
    PriorityReason,
    RatingReason,
    ServiceId,
    TicketStatus,
    no_control,
)

PATH = "/api/v1/federation/batch"
MAX_EVENTS = 500
MAX_RECORDS = 500

Id = Annotated[int, Field(ge=1, le=2**53, strict=True)]
Count = Annotated[int, Field(ge=0, le=2**31 - 1, strict=True)]
CounterId = Annotated[int, Field(ge=1, le=999, strict=True)]
# epoch seconds up to 9999-12-31
Time = Annotated[float, Field(ge=0, le=253402300799, allow_inf_nan=False, strict=True)]


Word = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200),
    AfterValidator(no_control),
    Field(json_schema_extra={"pattern": f"^[^{CONTROL.pattern[1:-1]}]+$"}),
]
Kind = Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,32}$")]
EventType = Annotated[str, StringConstraints(pattern=r"^[a-z]{1,32}\.[a-z_]{1,32}$")]


class Record(BaseModel):
    """A forwarded row: unknown fields are an error; absent optional values are null."""

    model_config = ConfigDict(extra="forbid")


class TicketRecord(Record):
    id: Id  # the office's ticket id
    day: dt.date
    origin_service_id: ServiceId
    service_id: ServiceId
    seq: int = Field(ge=1, le=9999)
    number: Annotated[str, StringConstraints(pattern=r"^[A-Z][0-9]{3,4}$")]
    priority_reason: PriorityReason | None
    status: TicketStatus
    front: int = Field(ge=0, le=1)
    lane_at: Time
    issued_at: Time
    issued_by: Word | None
    called_at: Time | None
    counter_id: CounterId | None
    recalls: Count
    finished_at: Time | None
    skipped_at: Time | None
    transferred_at: Time | None
    transfers: Count
    officer_id: ServiceId | None
    print_failed: StrictBool
    booked: StrictBool = False  # in the appointment lane
    postponed: StrictBool = False  # its citizen delayed the turn once


class RatingRecord(Record):
    id: Id  # the office's rating id
    client_id: ClientId
    ticket_id: Id | None  # the office's ticket id
    dossier_code: DossierCode | None
    counter_id: CounterId
    service_id: ServiceId | None
    level: int = Field(ge=1, le=5)
    scale: int = Field(ge=3, le=5)
    reasons: list[RatingReason] = Field(max_length=5)
    device_id: Word
    created_at: Time
    day: dt.date
    officer_id: ServiceId | None


class AlertRecord(Record):
    """One report that changed a device's state (the history row; "ok" cleared it)."""

    id: Id  # the office's alert id
    device_id: Word
    kind: Kind
    status: Kind
    message: Note
    created_at: Time


class EventRecord(Record):
    """One committed event and the record it is about (by office id), if any."""

    id: Id
    ts: Time
    type: EventType
    ticket_id: Id | None = None
    rating_id: Id | None = None
    alert_id: Id | None = None


class Batch(Record):
    """Events after ``after`` in id order, the records they touch, and the office's time.

    ``complete``: the office had no event after these when it read them at ``as_of``, so
    the province holds the site's data up to that time.
    """

    after: int = Field(ge=0, le=2**53, strict=True)
    events: list[EventRecord] = Field(max_length=MAX_EVENTS)
    tickets: list[TicketRecord] = Field(default_factory=list, max_length=MAX_RECORDS)
    ratings: list[RatingRecord] = Field(default_factory=list, max_length=MAX_RECORDS)
    alerts: list[AlertRecord] = Field(default_factory=list, max_length=MAX_RECORDS)
    as_of: Time
    complete: StrictBool  # true or false, not 0/1 (the schema says boolean)

    @model_validator(mode="after")
    def _in_order(self) -> Batch:
        """The events in id order, each once (the office sends them so)."""
        self.events = sorted({e.id: e for e in self.events}.values(), key=lambda e: e.id)
        return self


class BatchAck(BaseModel):
    """The province's acknowledgement: the site's last applied event id (the office's new
    cursor) and how far its data reaches."""

    site_id: str
    applied: int  # events of this batch that were new
    last_event_id: int
    data_until: float | None


def gap_extra(expected_after: int) -> dict[str, Any]:
    """The fields a 409 ``federation_gap`` carries beside its detail."""
    return {"expected_after": expected_after}
