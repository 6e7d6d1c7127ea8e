"""Appointment endpoints of the hub API v1: slots, booking, look-up and cancelling for
citizens and the province's portal (public, limited per client address), and check-in
by a ticket kiosk (its device token).

A public call names its office with ``?site=`` (default: the hub's own site). The
booking code is the holder's key: whoever has it may see or cancel the appointment.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from kiosk.api.appointments import (
    Appointment,
    BookableService,
    BookingIn,
    SlotDay,
    normalize_code,
)
from kiosk.api.errors import ApiError
from kiosk.api.models import ServiceId, Ticket
from kiosk.config import SITE_ID, Device, Site
from kiosk.hub.auth import require_roles
from kiosk.hub.errors import errors
from kiosk.hub.guard import Buckets, client_address, refuse
from kiosk.hub.state import Hub, get_hub
from kiosk.queue import appointments

router = APIRouter(prefix="/api/v1", tags=["appointments"])
HubDep = Annotated[Hub, Depends(get_hub)]
SiteQuery = Annotated[str | None, Query(pattern=f"^{SITE_ID}$", description="the office")]
CodePath = Annotated[str, Path(max_length=200, description="the booking code, e.g. K4M7QA")]
BOOKINGS_BURST, BOOKINGS_PER_S = 5, 1 / 60  # new bookings per address
VIEWS_BURST, VIEWS_PER_S = 30, 1.0  # slots, look-ups and cancels per address


def public_site(hub: Hub, site_id: str | None) -> Site:
    """The office a public call names (default the hub's own); 404 for an unknown one."""
    if site_id is None:
        return hub.config.main
    site = hub.config.site(site_id)
    if site is None:
        known = ", ".join(s.id for s in hub.config.sites)
        raise ApiError(404, "unknown_site", f"Không có đơn vị {site_id!r} / no such site ({known})")
    return site


def limit(request: Request, buckets: str) -> None:
    """Spend one of the client address's ``buckets`` (``app.state``); 429 when empty."""
    bucket: Buckets = getattr(request.app.state, buckets)
    wait = bucket.take(client_address(request))
    if wait:
        raise refuse(wait, "Quá nhiều yêu cầu đặt lịch từ địa chỉ này", "too many requests")


def code_of(code: str) -> str:
    """The normalized code of a path; 404 ``invalid_code`` (never echoed) otherwise."""
    found = normalize_code(code)
    if found is None:
        raise ApiError(
            404, "invalid_code", "Mã lịch hẹn gồm 6 ký tự / a booking code has 6 letters or digits"
        )
    return found


def base_url(hub: Hub) -> str:
    return hub.config.settings.base_url


@router.get(
    "/appointments/services", response_model=list[BookableService], responses=errors(404, 429)
)
def bookable_services(request: Request, hub: HubDep, site: SiteQuery = None) -> Any:
    """The office's services that take bookings, with their days that have a free slot."""
    limit(request, "appointment_views")
    chosen = public_site(hub, site)
    return hub.read(lambda c: appointments.bookable(c, chosen, hub.clock))


@router.get("/appointments/slots", response_model=SlotDay, responses=errors(404, 429))
def slots(
    request: Request,
    hub: HubDep,
    service_id: Annotated[ServiceId, Query()],
    date: Annotated[
        str, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", json_schema_extra={"format": "date"})
    ],
    site: SiteQuery = None,
) -> Any:
    """A service's slots on a day with their free places (none, with the reason, on a
    holiday, a day without slots, a past day or beyond the booking horizon)."""
    limit(request, "appointment_views")
    chosen = public_site(hub, site)
    day = appointments.parse_day(date)
    return hub.read(lambda c: appointments.slot_day(c, chosen, hub.clock, service_id, day))


@router.post(
    "/appointments",
    status_code=201,
    response_model=Appointment,
    responses=errors(404, 409, 429),
)
async def book(request: Request, body: BookingIn, hub: HubDep, site: SiteQuery = None) -> Any:
    """Book a slot: 201 with the code and the page its QR code opens; 409 ``slot_full``,
    ``slot_past`` or ``day_<why>`` (holiday, weekday, past, beyond_horizon)."""
    limit(request, "bookings")
    chosen = public_site(hub, site)
    return await hub.write(lambda tx: appointments.book(tx, chosen, hub.clock, body, base_url(hub)))


@router.get(
    "/appointments/{appointment_code}", response_model=Appointment, responses=errors(404, 429)
)
def look_up(request: Request, appointment_code: CodePath, hub: HubDep) -> Any:
    """An appointment by its code, with its status (``no_show`` once its window passed)."""
    limit(request, "appointment_views")
    found = code_of(appointment_code)

    def read(conn: Any) -> Appointment:
        row = appointments.find(conn, found)
        site = public_site(hub, row["site_id"])
        return appointments.to_appointment(conn, site, row, hub.clock.now(), base_url(hub))

    return hub.read(read)


@router.post(
    "/appointments/{appointment_code}/cancel",
    response_model=Appointment,
    responses=errors(404, 409, 429),
)
async def cancel(request: Request, appointment_code: CodePath, hub: HubDep) -> Any:
    """Give the slot back (the same answer again for a cancelled one); 409 once checked in."""
    limit(request, "appointment_views")
    found = code_of(appointment_code)
    site_id = hub.read(lambda c: appointments.find(c, found)["site_id"])
    site = public_site(hub, site_id)
    return await hub.write(lambda tx: appointments.cancel(tx, site, found, base_url(hub)))


@router.post(
    "/appointments/{appointment_code}/check-in",
    status_code=201,
    response_model=Ticket,
    responses={200: {"model": Ticket, "description": "already checked in"}, **errors(404, 409)},
)
async def check_in(
    appointment_code: CodePath,
    hub: HubDep,
    response: Response,
    device: Annotated[Device, Depends(require_roles("kiosk"))],
) -> Any:
    """The kiosk's check-in: 201 a ticket in the appointment lane (200 the same one again);
    409 ``too_early`` / ``too_late`` with the window (``slot``, ``from``, ``until``,
    ``day``) and ``service_id`` (for a walk-in ticket instead), ``cancelled`` or
    ``other_site``."""
    site = hub.site_of(device)
    found = code_of(appointment_code)
    ticket, new = await hub.write(lambda tx: appointments.check_in(tx, site, found, device.id))
    if not new:
        response.status_code = 200
    return ticket
