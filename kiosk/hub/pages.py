"""/t/{token}: the phone page a ticket's QR code opens, its live stream, "Hoãn lượt" and
the rating from the phone.

The token is a ticket's random ``page_token`` (never its id): a link cannot be guessed,
and an old integer link shows nothing. Every route is limited per client address by
:class:`TicketViews` (a token the address used lately is free).
"""

from __future__ import annotations

import asyncio
import re
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kiosk.api.errors import ApiError
from kiosk.config import Site
from kiosk.hub import phone_page
from kiosk.hub.events import EventStreamResponse
from kiosk.hub.guard import TicketViews, client_address, retry_after
from kiosk.hub.phone_page import PhoneView
from kiosk.hub.security import same_origin
from kiosk.hub.state import Hub, get_hub
from kiosk.hub.ticket_follow import PhoneStreams, View, follow
from kiosk.queue import postpone, ratings, tickets

router = APIRouter()
HubDep = Annotated[Hub, Depends(get_hub)]
TOKEN = re.compile(r"[A-Za-z0-9_-]{16}")

NOTICES = {  # what a refused form says on the page (the hub's reason, bilingual)
    "already_postponed",
    "not_waiting",
    "nobody_behind",
    "already_rated",
    "rating_closed",
    "not_served",
    "invalid",
}


def read_view(conn: Any, hub: Hub, token: str) -> tuple[Site, int, PhoneView] | None:
    """The site, id and view of the ticket whose page is ``token`` (None: no such page)."""
    row = tickets.by_page_token(conn, token)
    site = hub.config.site(row["site_id"]) if row is not None else None
    if row is None or site is None:
        return None
    now = hub.clock.now()
    ticket = tickets.to_ticket(conn, site, row, now)
    waiting = row["status"] == "waiting"
    view = PhoneView(
        ticket=ticket,
        today=hub.clock.day(now).isoformat(),
        behind=len(postpone.behind(conn, row, site.postpone_places)) if waiting else 0,
        rated=ratings.is_rated(conn, row["id"]),
        rate_open=row["status"] == "finished" and ratings.rating_open(site, hub.clock, row, now),
    )
    return site, row["id"], view


def _limited(request: Request, token: str) -> HTMLResponse | None:
    """The 429 page when the address asks too many new tokens, else None."""
    views: TicketViews = request.app.state.ticket_views
    wait = views.take(client_address(request), token)
    if not wait:
        return None
    seconds = retry_after(wait)
    return HTMLResponse(
        phone_page.busy_page(seconds), status_code=429, headers={"Retry-After": seconds}
    )


def _not_found() -> HTMLResponse:
    return HTMLResponse(phone_page.NOT_FOUND, status_code=404)


async def _find(request: Request, hub: Hub, token: str) -> tuple[Site, int, PhoneView] | Response:
    """The ticket of ``token``, or the answer that refuses it (429, 404)."""
    busy = _limited(request, token)
    if busy is not None:
        return busy
    if TOKEN.fullmatch(token) is None:
        return _not_found()
    found = await asyncio.to_thread(hub.read, lambda c: read_view(c, hub, token))
    return _not_found() if found is None else found


@router.get("/t/{token}", response_class=HTMLResponse, include_in_schema=False)
async def ticket_page(token: str, hub: HubDep, request: Request) -> Response:
    """Public: number, service, position, ETA, counter; nothing personal."""
    found = await _find(request, hub, token)
    if isinstance(found, Response):
        return found
    site, _, view = found
    return HTMLResponse(phone_page.render_page(site, view))


@router.get("/t/{token}/events", include_in_schema=False)
async def ticket_events(token: str, hub: HubDep, request: Request) -> Response:
    """The page's live stream: ``event: ticket`` with the public view, on every change."""
    found = await _find(request, hub, token)
    if isinstance(found, Response):
        return found
    site, ticket_id, view = found
    if view.ended:  # nothing more will change: 204 tells EventSource not to come back
        return Response(status_code=204)
    streams: PhoneStreams = request.app.state.phone_streams
    address = client_address(request)
    if streams.full(address):
        return Response(
            "Quá nhiều trang đang theo dõi từ thiết bị này / too many live pages from this address",
            status_code=429,
            media_type="text/plain; charset=utf-8",
            headers={"Retry-After": "60"},
        )

    def read() -> View:
        again = hub.read(lambda c: read_view(c, hub, token))
        if again is None:  # the day was folded into the reports meanwhile
            raise ApiError(404, "unknown_ticket", "no such ticket")
        s, _, view = again
        html = phone_page.render_live(s, view)
        return phone_page.state(s, view, html), view.ticket.service_id

    stream = follow(hub.broadcaster, streams, address, site.id, ticket_id, read)
    return EventStreamResponse(
        stream, hub.broadcaster, headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    )


async def _form(request: Request) -> dict[str, str] | None:
    """The fields of a small urlencoded form (None: not one)."""
    try:
        fields = parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=4)
    except ValueError:
        return None
    return {k: v[0] for k, v in fields.items()}


async def _act(request: Request, hub: Hub, token: str, action: Any) -> Response:
    """Run ``action(tx, site, ticket_id, form)`` for the page's form: 303 back to the page
    when done, else the page with the hub's reason (4xx)."""
    if not same_origin(request):
        return HTMLResponse(phone_page.CROSS_SITE, status_code=403)
    found = await _find(request, hub, token)
    if isinstance(found, Response):
        return found
    site, ticket_id, _ = found
    form = await _form(request)
    try:
        if form is None:
            raise ApiError(400, "invalid", "Biểu mẫu không hợp lệ / malformed form")
        await hub.write(lambda tx: action(tx, site, ticket_id, form))
    except ApiError as e:
        if e.code not in NOTICES:
            raise
        again = await asyncio.to_thread(hub.read, lambda c: read_view(c, hub, token))
        if again is None:
            return _not_found()
        page = phone_page.render_page(again[0], again[2], notice=e.detail, refused=True)
        return HTMLResponse(page, status_code=e.status)
    return RedirectResponse(f"/t/{token}", status_code=303)


@router.post("/t/{token}/postpone", include_in_schema=False)
async def postpone_turn(token: str, hub: HubDep, request: Request) -> Response:
    """ "Hoãn lượt": once per ticket, ``site.postpone_places`` places back in its lane."""

    def act(tx: Any, site: Site, ticket_id: int, _form: dict[str, str]) -> None:
        postpone.postpone(tx, site, hub.clock, ticket_id)

    return await _act(request, hub, token, act)


@router.post("/t/{token}/rating", include_in_schema=False)
async def rate_from_phone(token: str, hub: HubDep, request: Request) -> Response:
    """A rating of the served visit (``level=`` of the site's scale), once per ticket."""

    def act(tx: Any, site: Site, ticket_id: int, form: dict[str, str]) -> None:
        level = form.get("level", "")
        if not (level.isascii() and level.isdigit() and 1 <= int(level) <= site.rating_levels):
            raise ApiError(
                400, "invalid", f"Mức đánh giá phải từ 1 đến {site.rating_levels} / invalid level"
            )
        ratings.add_phone_rating(tx, site, hub.clock, ticket_id, int(level))

    return await _act(request, hub, token, act)
