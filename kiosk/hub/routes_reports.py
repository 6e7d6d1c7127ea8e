"""Report routes: JSON under /api/v1 (admin bearer token) and the printable HTML page.

The page accepts the admin bearer header, or the HttpOnly cookie that its sign-in form
sets after checking the token in constant time (tokens never travel in URLs).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kiosk.config import Device, Site
from kiosk.errors import ApiError
from kiosk.hub.auth import authenticate, require_roles
from kiosk.hub.errors import errors
from kiosk.hub.report_page import render_error, render_login, render_report
from kiosk.hub.state import Hub, get_hub
from kiosk.queue import reports

COOKIE = "kiosk_admin"
COOKIE_MAX_AGE_S = 8 * 3600
HubDep = Annotated[Hub, Depends(get_hub)]
Admin = Annotated[Device, Depends(require_roles("admin"))]


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
    return a, min(b, a + dt.timedelta(days=reports.MAX_DAYS - 1))  # the answer says where it ends


def _report(hub: Hub, first: str | None, last: str | None) -> dict[str, Any]:
    a, b = parse_range(first, last, hub.clock.day())
    return hub.read(lambda c: reports.range_report(c, hub.site, a, b))


@api.get("/reports/daily", responses=errors())
def daily_report(
    hub: HubDep, _: Admin, date: Annotated[str | None, _date_query()] = None
) -> dict[str, Any]:
    """One day's counts, waits (average, P90), service times, ratings, per service and counter."""
    day = parse_range(date, date, hub.clock.day())[0].isoformat()
    return hub.read(lambda c: reports.daily_report(c, hub.site, day))


@api.get("/reports", responses=errors())
def range_report(
    hub: HubDep,
    _: Admin,
    first: Annotated[str | None, _date_query("from")] = None,
    last: Annotated[str | None, _date_query("to")] = None,
) -> dict[str, Any]:
    """The report over the days from..to (inclusive; default today).

    A range longer than 366 days is cut at 366 days from ``from``; the answer's ``to``
    says where it ends.
    """
    return _report(hub, first, last)


def _is_admin(site: Site, header: str | None) -> bool:
    """True when ``header`` carries an admin token (compared in constant time)."""
    try:
        return authenticate(site, header).role == "admin"
    except ApiError:
        return False


def _page_admin(request: Request) -> bool:
    """The bearer header, or else the sign-in cookie, is an admin's."""
    header = request.headers.get("authorization")
    cookie = request.cookies.get(COOKIE)
    return _is_admin(request.app.state.site, header or (f"Bearer {cookie}" if cookie else None))


@page.get("/reports")
def report_page(request: Request, hub: HubDep) -> Response:
    first, last = request.query_params.get("from"), request.query_params.get("to")
    if not _page_admin(request):
        return HTMLResponse(render_login("", first or "", last or ""), status_code=401)
    try:
        report = _report(hub, first, last)
    except ApiError as e:
        return HTMLResponse(render_error(e.detail), status_code=e.status)
    html = render_report(report, hub.clock.local(), filters=True)
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


@page.post("/reports/login")
async def login(request: Request) -> Response:
    form = parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=8)
    token = (form.get("token") or [""])[0].strip()
    dates = {k: form[k][0] for k in ("from", "to") if form.get(k, [""])[0]}
    if not token or not _is_admin(request.app.state.site, f"Bearer {token}"):
        error = "Mã quản trị không đúng / wrong admin token"
        page_html = render_login(error, dates.get("from", ""), dates.get("to", ""))
        return HTMLResponse(page_html, status_code=401)
    target = "/reports" + (f"?{urlencode(dates)}" if dates else "")
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        COOKIE,
        token,
        max_age=COOKIE_MAX_AGE_S,
        path="/reports",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


@page.post("/reports/logout")
def logout() -> Response:
    response = RedirectResponse("/reports", status_code=303)
    response.delete_cookie(COOKIE, path="/reports")
    return response


router = APIRouter()
router.include_router(api)
router.include_router(page)
