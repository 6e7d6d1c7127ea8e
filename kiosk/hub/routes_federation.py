"""Federation routes: a province applies an office's batch; an office shows its forwarding.

``POST /federation/batch`` (the office's ``office`` device on the province hub) applies a
batch in one transaction and answers the acknowledgement the office advances on, or 409
``federation_gap`` with ``expected_after``. ``GET /federation/status`` (the office's
admin) says how far the office's forwarder has got.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from kiosk.api.errors import ApiError
from kiosk.api.federation import Batch, BatchAck
from kiosk.config import Device
from kiosk.hub.auth import require_roles
from kiosk.hub.errors import errors
from kiosk.hub.forwarder import Forwarder
from kiosk.hub.state import Hub, get_hub
from kiosk.queue import federation_in, federation_out

router = APIRouter(tags=["federation"])
HubDep = Annotated[Hub, Depends(get_hub)]
Office = Annotated[Device, Depends(require_roles("office"))]
Admin = Annotated[Device, Depends(require_roles())]


@router.post("/federation/batch", response_model=BatchAck, responses=errors(409))
async def apply_batch(body: Batch, hub: HubDep, device: Office) -> BatchAck:
    """Apply an office's batch of its site's events and records, idempotently, in order."""
    site = hub.site_of(device)
    return await hub.write(lambda tx: federation_in.apply(tx, site, body))


@router.get("/federation/status", responses=errors(404))
def forwarding_status(request: Request, hub: HubDep, device: Admin) -> dict[str, Any]:
    """This office hub's forwarding to the province: the cursor, what is still to send,
    the last acknowledgement and the last error since."""
    forwarder: Forwarder | None = getattr(request.app.state, "forwarder", None)
    if forwarder is None or hub.site_of(device).id != forwarder.site.id:
        raise ApiError(404, "not_federated", "Hub này không gửi dữ liệu lên tỉnh / not federated")
    status, site_id = forwarder.status, forwarder.site.id
    return {
        "upstream": forwarder.conf.upstream,
        "cursor": status.cursor,
        "pending": hub.read(lambda c: federation_out.pending(c, site_id, status.cursor)),
        "last_ok_at": status.last_ok_at,
        "last_error": status.last_error,
        "data_until": status.data_until,
    }
