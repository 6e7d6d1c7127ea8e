"""Queue endpoints of the hub API v1: services, tickets, counter actions, calls, ratings.

Device alerts and print marks are in kiosk/hub/routes_devices.py.
"""

from __future__ import annotations

import hashlib
import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic.json_schema import SkipJsonSchema

from kiosk import __version__
from kiosk.api.errors import ApiError
from kiosk.api.models import (
    ActionIn,
    Call,
    CallIn,
    CallNextIn,
    CounterBoard,
    CounterState,
    Health,
    Rating,
    RatingIn,
    ServiceInfo,
    SignInIn,
    Ticket,
    TicketIn,
    TransferIn,
)
from kiosk.catalog.dossier import normalize_code
from kiosk.catalog.dossier_sources import DossierSource, DossierSourceError
from kiosk.config import Device
from kiosk.hub.auth import require_roles
from kiosk.hub.errors import errors
from kiosk.hub.events import EventStreamResponse
from kiosk.hub.state import Hub, get_hub
from kiosk.queue import counters, eta, notify_outbox, ratings, tickets
from kiosk.store.db import Tx

router = APIRouter()
HubDep = Annotated[Hub, Depends(get_hub)]
AnyDevice = Annotated[Device, Depends(require_roles("kiosk", "display", "counter", "rating"))]
CounterDevice = Annotated[Device, Depends(require_roles("counter"))]
CounterId = Annotated[int, Path(ge=1, le=999)]
TicketId = Annotated[int, Path(ge=1, le=2**53)]
DATE = r"^\d{4}-\d{2}-\d{2}$"


@router.get("/health", response_model=Health, tags=["hub"])
def health(hub: HubDep) -> Health:
    """Liveness and identity; no token needed."""
    return Health(
        status="ok",
        site=hub.config.main.name,
        sites=[s.id for s in hub.config.sites],
        time=hub.clock.now(),
        day=hub.today(),
        last_event_id=hub.broadcaster.last_id,
        version=__version__,
    )


@router.get("/services", response_model=list[ServiceInfo], tags=["queue"], responses=errors())
def services(hub: HubDep, device: AnyDevice) -> list[ServiceInfo]:
    """Every service of the device's site with its waiting count, ETA and numbers left today."""
    site = hub.site_of(device)
    now, day = hub.clock.now(), hub.today()
    local_time = hub.clock.local(now).time()

    def read(conn: Any) -> list[ServiceInfo]:
        waiting = tickets.waiting_counts(conn, site.id, day)
        issued = tickets.issued_counts(conn, site.id, day)
        out = []
        for s in site.services:
            n = waiting.get(s.id, 0)
            limit = s.daily_limit
            out.append(
                ServiceInfo(
                    id=s.id,
                    name_vi=s.name_vi,
                    name_en=s.name_en,
                    prefix=s.prefix,
                    waiting=n,
                    eta_minutes=eta.eta_minutes(conn, site, s, n, now),
                    open=s.is_open(local_time),
                    issued_today=issued.get(s.id, 0),
                    daily_limit=limit,
                    remaining_today=None if limit is None else max(0, limit - issued.get(s.id, 0)),
                    counters=[c.id for c in site.counters_for(s.id)],
                )
            )
        return out

    return hub.read(read)


IdempotencyKey = Annotated[
    str | SkipJsonSchema[None],
    Header(
        alias="Idempotency-Key",
        max_length=200,
        description="the kiosk's opaque key for this request (any text up to 200 characters):"
        " a retry with it gives the same ticket",
    ),
]


def _key(value: str | None) -> str | None:
    """The stored form of an opaque idempotency key: a digest, whatever its characters."""
    return None if value is None else hashlib.sha256(value.encode()).hexdigest()[:32]


@router.post(
    "/tickets",
    status_code=201,
    response_model=Ticket,
    tags=["queue"],
    responses={200: {"model": Ticket, "description": "already given"}, **errors(404, 409)},
)
async def issue_ticket(
    body: TicketIn,
    hub: HubDep,
    response: Response,
    device: Annotated[Device, Depends(require_roles("kiosk"))],
    idempotency_key: IdempotencyKey = None,
) -> Ticket:
    """Take a number for a service (normal or priority lane), with the phone number a
    message goes to when few are ahead and when called (ignored by a hub that sends no
    messages; never in an answer). With an ``Idempotency-Key``
    (per kiosk), the same request again answers 200 with the same ticket; another body under
    the key is 409 idempotency_conflict."""
    site = hub.site_of(device)

    def issue(tx: Tx) -> tuple[Ticket, bool]:
        ticket, new = tickets.issue(tx, site, hub.clock, body, device.id, _key(idempotency_key))
        if body.phone is not None and hub.notify is not None:
            notify_outbox.register(tx, ticket.id, site.id, body.phone)
        return ticket, new

    ticket, new = await hub.write(issue)
    if not new:
        response.status_code = 200
    return ticket


@router.get("/tickets/{ticket_id}", response_model=Ticket, tags=["queue"], responses=errors(404))
def get_ticket(ticket_id: TicketId, hub: HubDep, device: AnyDevice) -> Ticket:
    """A ticket of the device's site with its status, people ahead and ETA."""
    site = hub.site_of(device)
    return hub.read(lambda c: tickets.get_ticket(c, site, ticket_id, hub.clock.now()))


def _own_counter(device: Device, counter_id: int) -> None:
    if device.role == "counter" and device.counter != counter_id:
        raise ApiError(
            403, "forbidden", f"device {device.id!r} works counter {device.counter} only"
        )


@router.get(
    "/counters/{counter_id}", response_model=CounterState, tags=["counter"], responses=errors(404)
)
def counter_state(counter_id: CounterId, hub: HubDep, device: CounterDevice) -> CounterState:
    """The counter's current ticket, its officer and pause, the waiting list of its
    services (priority marked), today's skipped tickets, and served today."""
    _own_counter(device, counter_id)
    site = hub.site_of(device)
    counter = site.counter(counter_id)
    if counter is None:
        raise ApiError(404, "unknown_counter", f"no counter {counter_id}")
    day, now = hub.today(), hub.clock.now()

    def read(conn: Any) -> CounterState:
        waiting = tickets.waiting_counts(conn, site.id, day)
        session = counters.session(conn, site.id, counter_id)
        officer = site.officer(session.officer_id) if session.officer_id else None
        return CounterState(
            id=counter.id,
            name=counter.name,
            services=list(counter.services),
            current=tickets.current_ticket(conn, site, counter_id, now),
            waiting={s: waiting.get(s, 0) for s in counter.services},
            served_today=tickets.served_today(conn, site.id, counter_id, day),
            paused=session.paused,
            sign_in_required=bool(site.officers) and officer is None,
            officer_id=officer.id if officer else None,
            officer_name=officer.name if officer else None,
            waiting_list=tickets.queue_list(conn, site.id, counter.services, day, "waiting"),
            skipped_list=tickets.queue_list(conn, site.id, counter.services, day, "skipped", 20),
            undo_skip=tickets.undoable_skip(conn, site.id, counter_id, now),
        )

    return hub.read(read)


@router.get("/counters", response_model=list[CounterBoard], tags=["display"], responses=errors())
def counters_board(hub: HubDep, device: AnyDevice) -> list[CounterBoard]:
    """Every counter: the ticket being served there now, or that it is on a break."""
    site = hub.site_of(device)
    return hub.read(lambda c: tickets.board(c, site))


@router.post(
    "/counters/{counter_id}/call-next",
    response_model=Ticket,
    tags=["counter"],
    responses={204: {"description": "nobody is waiting"}, **errors(404, 409)},
)
async def call_next(
    counter_id: CounterId, hub: HubDep, device: CounterDevice, body: CallNextIn | None = None
) -> Ticket | Response:
    """Finish the current ticket (if any) and call the next: priority lane first, then oldest.
    With ``{"ticket_id": <shown current or null>}``, a counter whose current ticket is not
    that one answers 409 ``stale`` with its actual ``current`` and changes nothing."""
    _own_counter(device, counter_id)
    site = hub.site_of(device)
    expected = body.ticket_id if body is not None else tickets.NO_GUARD
    ticket = await hub.write(
        lambda tx: tickets.call_next(tx, site, hub.clock, counter_id, expected)
    )
    return Response(status_code=204) if ticket is None else ticket


@router.post(
    "/counters/{counter_id}/call",
    response_model=Ticket,
    tags=["counter"],
    responses=errors(404, 409),
)
async def call_ticket(
    counter_id: CounterId, body: CallIn, hub: HubDep, device: CounterDevice
) -> Ticket:
    """Call a chosen number from the waiting list, or a skipped one whose citizen came back."""
    _own_counter(device, counter_id)
    site = hub.site_of(device)
    return await hub.write(
        lambda tx: tickets.call_ticket(tx, site, hub.clock, counter_id, body.ticket_id)
    )


@router.post(
    "/counters/{counter_id}/undo-skip",
    response_model=Ticket,
    tags=["counter"],
    responses=errors(404, 409),
)
async def undo_skip(counter_id: CounterId, hub: HubDep, device: CounterDevice) -> Ticket:
    """Take back the last skip: that ticket is the counter's current one again."""
    _own_counter(device, counter_id)
    site = hub.site_of(device)
    return await hub.write(lambda tx: tickets.undo_skip(tx, site, counter_id))


def _session_action(name: str, summary: str, change: Any) -> None:
    async def endpoint(counter_id: CounterId, hub: HubDep, device: CounterDevice) -> Response:
        _own_counter(device, counter_id)
        site = hub.site_of(device)
        tickets.counter_of(site, counter_id)
        await hub.write(lambda tx: change(tx, site, counter_id))
        return Response(status_code=204)

    endpoint.__name__ = name.replace("-", "_")
    endpoint.__doc__ = summary
    router.post(
        f"/counters/{{counter_id}}/{name}",
        status_code=204,
        tags=["counter"],
        responses=errors(404, 409),
    )(endpoint)


def _pause(tx: Any, site: Any, counter_id: int) -> None:
    tickets.finish_current(tx, site, counter_id)
    counters.pause(tx, site, counter_id)


def _sign_out(tx: Any, site: Any, counter_id: int) -> None:
    tickets.finish_current(tx, site, counter_id)
    counters.sign_out(tx, site, counter_id)


_session_action("pause", "A break: the current ticket is finished; no calls until resume.", _pause)
_session_action("resume", "Back from a break: the counter takes calls again.", counters.resume)
_session_action("sign-out", "The officer leaves; the current ticket is finished.", _sign_out)


@router.post(
    "/counters/{counter_id}/sign-in",
    status_code=204,
    tags=["counter"],
    responses=errors(404, 429),
)
async def sign_in(
    counter_id: CounterId, body: SignInIn, hub: HubDep, device: CounterDevice
) -> Response:
    """An officer of the site file signs in at the counter with a PIN (five tries, then one
    a minute); calls, finishes and ratings from now record the officer."""
    _own_counter(device, counter_id)
    site = hub.site_of(device)
    tickets.counter_of(site, counter_id)
    wait = hub.pin_tries.take(f"{site.id}/{counter_id}")
    if wait:
        seconds = hub.pin_tries.retry_after(wait)
        raise ApiError(
            429,
            "rate_limited",
            f"Nhập sai nhiều lần; thử lại sau {seconds} giây / too many tries; wait {seconds} s",
        )
    officer = counters.check_pin(site, counter_id, body.officer_id, body.pin)
    await hub.write(lambda tx: counters.sign_in(tx, site, counter_id, officer))
    return Response(status_code=204)


def _action(name: str, summary: str) -> None:
    fn = getattr(tickets, name)

    async def endpoint(
        counter_id: CounterId,
        hub: HubDep,
        device: CounterDevice,
        body: ActionIn | None = None,
    ) -> Ticket:
        _own_counter(device, counter_id)
        ticket_id = body.ticket_id if body else None
        site = hub.site_of(device)
        return await hub.write(lambda tx: fn(tx, site, counter_id, ticket_id))

    endpoint.__name__ = name
    endpoint.__doc__ = summary
    router.post(
        f"/counters/{{counter_id}}/{name}",
        response_model=Ticket,
        tags=["counter"],
        responses=errors(404, 409),
    )(endpoint)


_action("recall", "Announce the current ticket again.")
_action("skip", "The called citizen did not come: mark the ticket as skipped.")
_action("finish", "Service done; the ticket may now be rated.")


@router.post(
    "/counters/{counter_id}/transfer",
    response_model=Ticket,
    tags=["counter"],
    responses=errors(404, 409),
)
async def transfer(
    counter_id: CounterId, body: TransferIn, hub: HubDep, device: CounterDevice
) -> Ticket:
    """Send the current ticket to another service; it keeps its number and goes to the front."""
    _own_counter(device, counter_id)
    site = hub.site_of(device)
    return await hub.write(
        lambda tx: tickets.transfer(tx, site, counter_id, body.service_id, body.ticket_id)
    )


@router.get("/calls/recent", response_model=list[Call], tags=["display"], responses=errors())
def recent_calls(
    hub: HubDep, device: AnyDevice, limit: Annotated[int, Query(ge=1, le=50)] = 8
) -> list[Call]:
    """The site's last calls and recalls, newest first, for a display that starts."""
    site = hub.site_of(device)
    return hub.read(lambda c: tickets.recent_calls(c, site.id, limit))


@router.get(
    "/events",
    tags=["display"],
    responses={200: {"content": {"text/event-stream": {}}}, **errors()},
)
async def events(
    hub: HubDep,
    device: AnyDevice,
    last_event_id: Annotated[str | None, Header()] = None,
    since: Annotated[int | None, Query(ge=0, le=2**53)] = None,
) -> EventStreamResponse:
    """The site's server-sent events that the device's role reads (README: events per
    role); resume with Last-Event-ID (or ?since=) to get every missed event. Without
    either, the stream starts at the newest event. Four streams per device at most: a
    fifth ends the oldest.
    """
    site = hub.site_of(device)
    start = hub.broadcaster.last_id
    if last_event_id is not None:
        if re.fullmatch(r"[ \t]*[0-9]{1,16}[ \t]*", last_event_id) is None:  # ASCII digits
            raise ApiError(422, "invalid", "Last-Event-ID must be an event id (digits)")
        start = int(last_event_id)
    elif since is not None:
        start = since
    return EventStreamResponse(
        hub.broadcaster.stream(start, site.id, device.role, device.id),
        hub.broadcaster,
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


def _known_dossier(source: DossierSource, code: str) -> None:
    """Refuse a rating of a dossier the dossier source does not know, or that cannot exist
    (a filing date that is not a real day)."""
    if normalize_code(code) != code:
        raise ApiError(404, "unknown_dossier", f"Không có hồ sơ {code} / no dossier {code}")
    try:
        record = source.get(code)
    except DossierSourceError as e:
        raise ApiError(503, "source_unavailable", f"Chưa kiểm tra được hồ sơ / {e}") from None
    if record is None:
        raise ApiError(404, "unknown_dossier", f"Không có hồ sơ {code} / no dossier {code}")


@router.post(
    "/ratings",
    status_code=201,
    response_model=Rating,
    tags=["rating"],
    responses={200: {"model": Rating, "description": "already stored"}, **errors(403, 404, 409)},
)
async def rate(
    body: RatingIn,
    hub: HubDep,
    request: Request,
    response: Response,
    device: Annotated[Device, Depends(require_roles("rating", "kiosk"))],
) -> Rating:
    """Store a satisfaction rating of a served ticket (counter and officer taken from it) or
    of a known dossier; ``client_id`` is the device's idempotency key (a repeat answers 200,
    another body under it 409 idempotency_conflict)."""
    site = hub.site_of(device)
    ratings.check_level(site, body)
    if body.dossier_code is not None:
        await run_in_threadpool(_known_dossier, request.app.state.dossiers, body.dossier_code)
    rating = await hub.write(lambda tx: ratings.add_rating(tx, site, hub.clock, body, device))
    if rating.duplicate:
        response.status_code = 200
    return rating
