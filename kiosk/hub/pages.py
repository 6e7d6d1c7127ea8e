"""/t/{id}: the small mobile page a ticket's QR code opens (server-rendered, refreshes itself)."""

from __future__ import annotations

from html import escape
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse

from kiosk.api.errors import ApiError
from kiosk.api.models import Ticket
from kiosk.clock import local_time
from kiosk.config import Site
from kiosk.hub.guard import TicketViews, client_address, retry_after
from kiosk.hub.state import Hub, get_hub
from kiosk.queue import tickets

router = APIRouter()
REFRESH_S = 20

_STATUS = {
    "waiting": ("Đang chờ", "Waiting"),
    "called": ("Đã đến lượt, mời đến quầy", "Your turn: please go to the counter"),
    "finished": ("Đã phục vụ xong", "Served"),
    "skipped": ("Đã qua lượt", "Missed; please ask at the information desk"),
}

_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="{refresh}">
<title>Số {number} - {site}</title>
<style>
body{{font-family:system-ui,Roboto,Arial,sans-serif;margin:0;background:#f4f6f8;color:#1b2733}}
header{{background:#b71c1c;color:#fff;padding:12px 16px;font-size:15px}}
main{{padding:16px;max-width:480px;margin:auto}}
.num{{font-size:72px;font-weight:700;text-align:center;margin:8px 0;letter-spacing:2px}}
.card{{background:#fff;border-radius:12px;padding:16px;margin:12px 0;box-shadow:0 1px 3px #0002}}
.big{{font-size:22px;font-weight:600}} .en{{color:#5b6773;font-size:14px}}
.called{{background:#e8f5e9;border:2px solid #2e7d32}}
</style></head><body>
<header>{site}</header>
<main>
<div class="card {status_class}">
<div class="en">Số thứ tự / Your number</div>
<div class="num">{number}</div>
<div class="big">{status_vi}</div><div class="en">{status_en}</div>
{detail}
</div>
<div class="card"><div>{service_vi}</div><div class="en">{service_en}</div>
<div class="en">Lấy số lúc / Issued {issued}</div></div>
<p class="en">Trang tự cập nhật sau {refresh} giây / This page refreshes every {refresh} s.</p>
</main></body></html>"""


_BUSY = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Vui lòng thử lại sau / Please wait</title></head><body>
<p>Quá nhiều yêu cầu từ thiết bị này. Vui lòng thử lại sau {seconds} giây.</p>
<p>Too many requests from this device; please try again in {seconds} s.</p>
</body></html>"""


def render_ticket_page(site: Site, ticket: Ticket) -> str:
    service = site.service(ticket.service_id)
    vi, en = _STATUS[ticket.status]
    detail = ""
    if ticket.status == "waiting":
        eta = "" if ticket.eta_minutes is None else f"khoảng {ticket.eta_minutes} phút"
        detail = (
            f'<p class="big">Còn {ticket.waiting_ahead} người trước bạn</p>'
            f'<div class="en">{ticket.waiting_ahead} people ahead</div>'
            f"<p>Thời gian chờ dự kiến: {eta}</p>"
            f'<div class="en">Estimated wait: about {ticket.eta_minutes} min</div>'
        )
    elif ticket.status == "called" and ticket.counter_id:
        detail = (
            f'<p class="big">Quầy số {ticket.counter_id}</p>'
            f'<div class="en">Counter {ticket.counter_id}</div>'
        )
    issued = local_time(site.tz, ticket.issued_at).strftime("%H:%M %d/%m/%Y")
    return _PAGE.format(
        refresh=REFRESH_S,
        site=escape(site.name),
        number=escape(ticket.number),
        status_class="called" if ticket.status == "called" else "",
        status_vi=vi,
        status_en=en,
        detail=detail,
        service_vi=escape(service.name_vi if service else ticket.service_id),
        service_en=escape(service.name_en if service else ""),
        issued=issued,
    )


@router.get("/t/{ticket_id}", response_class=HTMLResponse, include_in_schema=False)
def ticket_page(
    ticket_id: Annotated[int, Path(ge=1, le=2**53)],
    hub: Annotated[Hub, Depends(get_hub)],
    request: Request,
) -> HTMLResponse:
    """Public: shows only the number, service, position and ETA; nothing personal.

    Limited per client address (:class:`TicketViews`), so ids cannot be enumerated.
    """
    views: TicketViews = request.app.state.ticket_views
    wait = views.take(client_address(request), ticket_id)
    if wait:
        seconds = retry_after(wait)
        return HTMLResponse(
            _BUSY.format(seconds=seconds), status_code=429, headers={"Retry-After": seconds}
        )

    def read(conn: Any) -> tuple[Site, Ticket]:
        site = hub.config.site(tickets.ticket_site(conn, ticket_id) or "")
        if site is None:
            raise ApiError(404, "unknown_ticket", "no such ticket")
        return site, tickets.get_ticket(conn, site, ticket_id, hub.clock.now())

    try:
        site, ticket = hub.read(read)
    except ApiError:
        return HTMLResponse(
            "<!doctype html><meta charset='utf-8'><p>Không tìm thấy số thứ tự này. "
            "/ No such ticket.</p>",
            status_code=404,
        )
    return HTMLResponse(render_ticket_page(site, ticket))
