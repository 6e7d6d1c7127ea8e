"""Report routes: JSON under /api/v1 (admin or province token) and the printable HTML page.

A site's admin sees its own site. A province viewer (``[[hub.viewers]]``) names a site
with ``?site=``, or reads the roll-up across every site. The page accepts the bearer
header, or the session of its sign-in form: the HttpOnly cookie holds a random session
id kept in the hub's memory (kiosk/hub/sessions.py), never the token; the forms check
their Origin (login CSRF), and wrong tokens count towards the address's lockout.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from kiosk.api.errors import ApiError
from kiosk.config import SITE_ID, Device, Site
from kiosk.hub.auth import guarded, require_roles
from kiosk.hub.errors import error_response, errors
from kiosk.hub.report_page import render_error, render_login, render_report
from kiosk.hub.rollup_page import render_rollup
from kiosk.hub.security import same_origin
from kiosk.hub.sessions import Sessions
from kiosk.hub.state import Hub, get_hub
from kiosk.queue import reports, rollup

COOKIE = "kiosk_admin"
HubDep = Annotated[Hub, Depends(get_hub)]
READERS = ("admin", "province")
Reader = Annotated[Device, Depends(require_roles(*READERS))]
SiteQuery = Annotated[str | None, Query(pattern=f"^{SITE_ID}$")]


def _date_query(alias: str | None = None) -> Any:
    return Query(alias=alias, pattern=r"^\d{4}-\d{2}-\d{2}$", json_schema_extra={"format": "date"})


api = APIRouter(prefix="/api/v1", tags=["reports"])
page = APIRouter(include_in_schema=False)


def _date(text: str) -> dt.date:
    """YYYY-MM-DD, or dd/mm/yyyy as the page's form is filled in."""
    if "/" in text:
        return dt.datetime.strptime(text.strip(), "%d/%m/%Y").date()
    return dt.date.fromisoformat(text.strip())


def parse_range(first: str | None, last: str | None, today: dt.date) -> tuple[dt.date, dt.date]:
    """The report's days (default today), at most MAX_DAYS from the first; 422 for a bad date."""
    try:
        a = _date(first) if first else today
        b = _date(last) if last else (a if first else today)
    except ValueError:
        raise ApiError(
            422,
            "invalid",
            f"Ngày không hợp lệ / not a calendar date: {first!r}..{last!r} "
            "(dd/mm/yyyy or YYYY-MM-DD)",
        ) from None
    a, b = min(a, b), max(a, b)  # either order
    if a > reports.LAST_DAY:
        raise ApiError(
            422,
            "invalid",
            f"Ngày quá xa / date out of range: {a.isoformat()} (the last is {reports.LAST_DAY})",
        )
    if (b - a).days >= reports.MAX_DAYS:  # cut, without adding past the calendar's end
        b = a + dt.timedelta(days=reports.MAX_DAYS - 1)
    return a, min(b, reports.LAST_DAY)  # the answer's "to" says where it ends


def report_site(hub: Hub, device: Device, site_id: str | None) -> Site:
    """The site a report is about: an admin's own, or the one a province viewer names."""
    if device.role != "province":
        site = hub.site_of(device)
        if site_id not in (None, site.id):
            raise ApiError(403, "forbidden", f"{device.id!r} reads the reports of {site.id} only")
        return site
    known = ", ".join(s.id for s in hub.config.sites)
    if site_id is None:
        raise ApiError(422, "invalid", f"site: name one with ?site= (one of {known})")
    named = hub.config.site(site_id)
    if named is None:
        raise ApiError(404, "unknown_site", f"Không có đơn vị {site_id!r} / no such site ({known})")
    return named


def _report(
    hub: Hub, device: Device, site_id: str | None, first: str | None, last: str | None
) -> dict[str, Any]:
    site = report_site(hub, device, site_id)
    a, b = parse_range(first, last, hub.clock.day())
    return hub.read(lambda c: reports.range_report(c, site, a, b, hub.clock.now()))


@api.get("/reports/daily", responses=errors(404))
def daily_report(
    hub: HubDep,
    device: Reader,
    date: Annotated[str | None, _date_query()] = None,
    site: SiteQuery = None,
) -> dict[str, Any]:
    """One day's counts, waits (average, P90), service times, ratings, per service and counter."""
    chosen = report_site(hub, device, site)
    day = parse_range(date, date, hub.clock.day())[0].isoformat()
    return hub.read(lambda c: reports.daily_report(c, chosen, day, hub.clock.now()))


@api.get("/reports", responses=errors(404))
def range_report(
    hub: HubDep,
    device: Reader,
    first: Annotated[str | None, _date_query("from")] = None,
    last: Annotated[str | None, _date_query("to")] = None,
    site: SiteQuery = None,
) -> dict[str, Any]:
    """The report of a site over the days from..to (inclusive; default today).

    A range longer than 366 days is cut at 366 days from ``from``; the answer's ``to``
    says where it ends.
    """
    return _report(hub, device, site, first, last)


def _rollup(hub: Hub, device: Device, first: str | None, last: str | None) -> dict[str, Any]:
    """The roll-up for a province viewer, or an admin of the hub's first site."""
    if device.role == "admin" and device.site != hub.config.main.id:
        raise ApiError(403, "forbidden", f"{device.id!r} may not read the provincial roll-up")
    a, b = parse_range(first, last, hub.clock.day())
    now = hub.clock.now()
    return hub.read(lambda c: rollup.rollup_report(c, hub.config.sites, a, b, now))


@api.get("/reports/rollup", responses=errors())
def rollup_report(
    hub: HubDep,
    device: Reader,
    first: Annotated[str | None, _date_query("from")] = None,
    last: Annotated[str | None, _date_query("to")] = None,
) -> dict[str, Any]:
    """Every site's totals side by side, each service across sites, and the province's total.

    For province viewers and the admins of the hub's first site.
    """
    return _rollup(hub, device, first, last)


def _reader(request: Request, header: str) -> Device | None:
    """The admin or province device of a bearer ``header``, checked against the lockout."""
    try:
        device = guarded(request, header)
    except ApiError:
        return None
    return device if device.role in READERS else None


def _page_reader(request: Request) -> Device | None:
    """The bearer header's, or else the sign-in session's, admin or province device."""
    header = request.headers.get("authorization")
    if header:
        return _reader(request, header)
    sessions: Sessions = request.app.state.sessions
    return sessions.device(request.cookies.get(COOKIE))


@page.get("/reports")
def report_page(request: Request, hub: HubDep) -> Response:
    """A site's report; a province viewer without ?site= gets the roll-up of every site."""
    query = request.query_params
    first, last, site = query.get("from"), query.get("to"), query.get("site")
    device = _page_reader(request)
    if device is None:
        return HTMLResponse(render_login("", first or "", last or ""), status_code=401)
    try:
        if device.role == "province" and not site:
            rolled = _rollup(hub, device, first, last)
            html = render_rollup(rolled, hub.clock.local())
            return HTMLResponse(html, headers={"Cache-Control": "no-store"})
        report = _report(hub, device, site, first, last)
    except ApiError as e:
        return HTMLResponse(render_error(e.detail), status_code=e.status)
    html = render_report(report, hub.clock.local(), filters=True)
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


def _cross_site() -> Response:
    return error_response(
        403,
        "cross_site",
        "Biểu mẫu phải gửi từ trang của hub / the form must be sent from the hub's own page",
    )


@page.post("/reports/login")
async def login(request: Request) -> Response:
    """Trade the admin token for a session: the cookie holds only the session's random id."""
    if not same_origin(request):
        return _cross_site()
    try:
        form = parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=8)
    except ValueError:
        return error_response(400, "bad_request", "Biểu mẫu không hợp lệ / too many form fields")
    token = (form.get("token") or [""])[0].strip()
    dates = {k: form[k][0] for k in ("from", "to") if form.get(k, [""])[0]}
    try:
        device = _reader(request, f"Bearer {token}") if token else None
    except HTTPException as e:  # this address is locked out
        page_html = render_login(str(e.detail), dates.get("from", ""), dates.get("to", ""))
        return HTMLResponse(page_html, status_code=429, headers=e.headers)
    if device is None:
        error = "Mã quản trị không đúng / wrong admin token"
        page_html = render_login(error, dates.get("from", ""), dates.get("to", ""))
        return HTMLResponse(page_html, status_code=401)
    sessions: Sessions = request.app.state.sessions
    target = "/reports" + (f"?{urlencode(dates)}" if dates else "")
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        COOKIE,
        sessions.start(device),
        max_age=int(sessions.ttl_s),
        path="/reports",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


@page.post("/reports/logout")
def logout(request: Request) -> Response:
    """End the session on the hub, and forget the cookie."""
    if not same_origin(request):
        return _cross_site()
    request.app.state.sessions.end(request.cookies.get(COOKIE))
    response = RedirectResponse("/reports", status_code=303)
    response.delete_cookie(COOKIE, path="/reports")
    return response


router = APIRouter()
router.include_router(api)
router.include_router(page)
