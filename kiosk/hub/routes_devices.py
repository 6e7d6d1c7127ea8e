"""Device endpoints of the hub API v1: peripheral alerts, and tickets whose printing failed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response

from kiosk.api.models import Alert, AlertIn, Ticket
from kiosk.config import Device
from kiosk.hub.auth import require_roles
from kiosk.hub.errors import errors
from kiosk.hub.state import Hub, get_hub
from kiosk.queue import alerts, printing

router = APIRouter()
HubDep = Annotated[Hub, Depends(get_hub)]
AnyDevice = Annotated[Device, Depends(require_roles("kiosk", "display", "counter", "rating"))]
StaffDevice = Annotated[Device, Depends(require_roles("counter", "display"))]
KioskDevice = Annotated[Device, Depends(require_roles("kiosk"))]
TicketId = Annotated[int, Path(ge=1, le=2**53)]


@router.post(
    "/devices/alerts",
    status_code=201,
    response_model=Alert,
    tags=["devices"],
    responses={200: {"model": Alert, "description": "already in force"}, **errors(403)},
)
async def report_alert(body: AlertIn, hub: HubDep, device: AnyDevice, response: Response) -> Alert:
    """A device reports one of its peripherals' state (status "ok" clears an alert). A
    change answers 201 and reaches staff screens as a ``device.alert`` event; the state
    already in force answers 200 and changes nothing."""
    alert, changed = await hub.write(lambda tx: alerts.report(tx, device, body))
    if not changed:
        response.status_code = 200
    return alert


@router.get("/devices/alerts", response_model=list[Alert], tags=["devices"], responses=errors())
def active_alerts(hub: HubDep, device: StaffDevice) -> list[Alert]:
    """The site's alerts in force, oldest first (for a counter or hall screen that starts)."""
    site = hub.site_of(device)
    return hub.read(lambda c: alerts.active(c, site.id))


def _print_mark(failed: bool):
    async def endpoint(ticket_id: TicketId, hub: HubDep, device: KioskDevice) -> Ticket:
        site = hub.site_of(device)
        return await hub.write(lambda tx: printing.mark(tx, site, device, ticket_id, failed))

    return endpoint


router.post(
    "/tickets/{ticket_id}/print-failed",
    response_model=Ticket,
    tags=["queue"],
    responses=errors(403, 404, 409),
    summary="Mark a ticket this kiosk issued as not printed",
    description="The citizen may hold no paper; the counter shows the mark when it calls.",
)(_print_mark(True))
router.delete(
    "/tickets/{ticket_id}/print-failed",
    response_model=Ticket,
    tags=["queue"],
    responses=errors(403, 404, 409),
    summary="Clear the mark: the ticket was reprinted",
)(_print_mark(False))
