"""Offline issue endpoints of the hub API v1: number leases for ticket kiosks, and the
upload of the tickets a kiosk issued from its lease while it could not reach the hub."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from kiosk.api.models import Lease, LeaseIn, OfflineTicketIn, Ticket
from kiosk.config import Device
from kiosk.hub.auth import require_roles
from kiosk.hub.errors import errors
from kiosk.hub.state import Hub, get_hub
from kiosk.queue import leases

router = APIRouter()
HubDep = Annotated[Hub, Depends(get_hub)]
KioskDevice = Annotated[Device, Depends(require_roles("kiosk"))]


@router.post(
    "/leases", status_code=201, response_model=Lease, tags=["queue"], responses=errors(404, 409)
)
async def take_lease(body: LeaseIn, hub: HubDep, device: KioskDevice) -> Lease:
    """Reserve the next ``size`` numbers of a service today for this kiosk, to issue while
    the hub cannot be reached; the hub never gives them itself. ``release`` gives back the
    unused rest of an older lease (those numbers stay skipped today)."""
    site = hub.site_of(device)
    return await hub.write(lambda tx: leases.lease(tx, site, hub.clock, body, device.id))


@router.post(
    "/offline-tickets",
    status_code=201,
    response_model=Ticket,
    tags=["queue"],
    responses={200: {"model": Ticket, "description": "already uploaded"}, **errors(404, 409)},
)
async def upload_offline_ticket(
    body: OfflineTicketIn, hub: HubDep, device: KioskDevice, response: Response
) -> Ticket:
    """A ticket this kiosk printed from its lease while offline joins the queue at the time
    it was issued; the same ``client_id`` again answers 200 with the same ticket. 409
    ``not_leased`` for a number outside this kiosk's leases of that day."""
    site = hub.site_of(device)
    ticket, new = await hub.write(lambda tx: leases.upload(tx, site, body, device.id))
    if not new:
        response.status_code = 200
    return ticket
