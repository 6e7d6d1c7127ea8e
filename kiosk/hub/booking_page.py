"""/dat-lich: the phone page for booking an appointment (server-rendered forms, no script).

Three steps on one address, each a plain link or form: the service, the day, the slot;
then the appointment's own page ``/dat-lich/<CODE>`` with the code, its QR code (which
the kiosk's scanner reads) and a cancel button. Vietnamese first, English second; laid
out for a 390 px wide phone. Limited per client address like the API, and its forms
must come from the hub's own pages. Its words live here (hub pages keep their own).
"""

from __future__ import annotations

import base64
import datetime as dt
from html import escape
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode

import qrcode
import qrcode.image.svg
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from kiosk.api.appointments import PAGE_PATH, Appointment, BookingIn, SlotDay
from kiosk.api.errors import ApiError
from kiosk.config import Site
from kiosk.hub.routes_appointments import base_url, code_of, limit, public_site
from kiosk.hub.security import same_origin
from kiosk.hub.state import Hub, get_hub
from kiosk.queue import appointments

router = APIRouter(include_in_schema=False)
HubDep = Annotated[Hub, Depends(get_hub)]
WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
STATUS = {
    "booked": ("Đã đặt lịch", "Booked"),
    "checked_in": ("Đã đến và nhận số", "Checked in"),
    "cancelled": ("Đã hủy", "Cancelled"),
    "no_show": ("Đã quá giờ hẹn", "Missed"),
}
CSS = """
body{font-family:system-ui,Roboto,Arial,sans-serif;margin:0;background:#f4f6f8;color:#1b2733;
font-size:17px}
header{background:#b71c1c;color:#fff;padding:12px 16px}header h1{font-size:19px;margin:0}
header p{margin:4px 0 0;font-size:14px;opacity:.9}
main{padding:12px;max-width:480px;margin:auto;box-sizing:border-box}
.card{background:#fff;border-radius:12px;padding:14px;margin:10px 0;box-shadow:0 1px 3px #0002}
.en{color:#5b6773;font-size:14px;display:block}
a.pick,button,label.slot{display:block;box-sizing:border-box;width:100%;min-height:52px;
margin:8px 0;padding:10px 14px;border-radius:10px;border:2px solid #b71c1c;background:#fff;
color:#1b2733;text-decoration:none;font-size:17px;text-align:left}
button{background:#b71c1c;color:#fff;font-weight:600;text-align:center}
button.quiet{background:#fff;color:#b71c1c}button .en{color:#ffe9e9}button.quiet .en{color:#7f1010}
.slots{display:grid;grid-template-columns:repeat(3,1fr);gap:8px}
label.slot{margin:0;text-align:center;padding:12px 4px}
label.slot input{margin-right:4px}label.full{opacity:.4;border-color:#999}
.code{font-size:44px;font-weight:700;letter-spacing:6px;text-align:center;margin:6px 0}
.qr{display:block;margin:8px auto;width:220px;height:220px}
.error{background:#fdecea;border:2px solid #b71c1c;color:#7f1010}
.ok{background:#e8f5e9;border:2px solid #2e7d32}
h2{font-size:18px;margin:4px 0}
"""


def page(site: Site, body: str, status: int = 200) -> HTMLResponse:
    html = (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Đặt lịch hẹn - {escape(site.name)}</title><style>{CSS}</style></head><body>"
        f"<header><h1>Đặt lịch hẹn</h1><p>{escape(site.name)}</p>"
        f'<p lang="en">Book an appointment · {escape(site.name_en)}</p></header>'
        f"<main>{body}</main></body></html>"
    )
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


def words(vi: str, en: str) -> str:
    return f'{escape(vi)}<span class="en" lang="en">{escape(en)}</span>'


def day_label(iso: str) -> tuple[str, str]:
    day = dt.date.fromisoformat(iso)
    return (
        f"{WEEKDAYS_VI[day.weekday()]}, {day:%d/%m/%Y}",
        f"{WEEKDAYS_EN[day.weekday()]} {day:%d/%m/%Y}",
    )


def _link(site: Site, hub: Hub, **params: str) -> str:
    if site.id != hub.config.main.id:
        params = {"site": site.id, **params}
    return f"{PAGE_PATH}?{urlencode(params)}"


def _services(hub: Hub, site: Site) -> str:
    offered = hub.read(lambda c: appointments.bookable(c, site, hub.clock))
    if not offered:
        return '<div class="card">' + words(
            "Đơn vị chưa nhận đặt lịch hẹn.", "This office takes no bookings."
        ) + "</div>"  # fmt: skip
    links = "".join(
        f'<a class="pick" href="{escape(_link(site, hub, service=s.id))}">'
        f"{words(s.name_vi, s.name_en)}</a>"
        for s in offered
    )
    return (
        f'<div class="card"><h2>{words("1. Chọn dịch vụ", "1. Choose a service")}</h2>{links}</div>'
    )


def _days(hub: Hub, site: Site, service_id: str) -> str:
    offered = hub.read(lambda c: appointments.bookable(c, site, hub.clock))
    service = next((s for s in offered if s.id == service_id), None)
    if service is None:
        raise ApiError(404, "unknown_service", "no such service")
    links = (
        "".join(
            f'<a class="pick" href="{escape(_link(site, hub, service=service.id, date=d))}">'
            f"{words(*day_label(d))}</a>"
            for d in service.days
        )
        or "<p>"
        + words("Không còn chỗ trống trong thời gian đặt lịch.", "No free slot left.")
        + "</p>"
    )
    return (
        f'<div class="card">{words(service.name_vi, service.name_en)}</div>'
        f'<div class="card"><h2>{words("2. Chọn ngày", "2. Choose a day")}</h2>{links}</div>'
        f'<a class="pick" href="{escape(_link(site, hub))}">'
        f"{words('← Dịch vụ khác', '← Another service')}</a>"
    )


def _slots(hub: Hub, site: Site, service_id: str, date: str, error: str = "") -> str:
    day = appointments.parse_day(date)
    found: SlotDay = hub.read(lambda c: appointments.slot_day(c, site, hub.clock, service_id, day))
    service = site.service(service_id)
    assert service is not None  # slot_day refused an unknown one
    choices = "".join(
        f'<label class="slot{"" if s.free else " full"}"><input type="radio" name="time"'
        f' value="{s.time}" required{"" if s.free else " disabled"}>{s.time}</label>'
        for s in found.slots
    )
    notice = f'<div class="card error">{escape(error)}</div>' if error else ""
    if not any(s.free for s in found.slots):
        form = "<p>" + words("Ngày này không còn giờ trống.", "No free slot on this day.") + "</p>"
    else:
        hidden = "".join(
            f'<input type="hidden" name="{k}" value="{escape(v)}">'
            for k, v in (("service", service_id), ("date", date), ("site", site.id))
        )
        form = (
            f'<form method="post" action="{PAGE_PATH}">{hidden}<div class="slots">{choices}</div>'
            f"<button>{words('Đặt lịch', 'Book')}</button></form>"
        )
    return (
        f'{notice}<div class="card">{words(service.name_vi, service.name_en)}<br>'
        f"{words(*day_label(date))}</div>"
        f'<div class="card"><h2>{words("3. Chọn giờ", "3. Choose a time")}</h2>{form}</div>'
        f'<a class="pick" href="{escape(_link(site, hub, service=service_id))}">'
        f"{words('← Ngày khác', '← Another day')}</a>"
    )


def qr_data_uri(text: str) -> str:
    """``text`` as a QR code, an SVG data URI for an ``<img>``."""
    svg = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def render_appointment(site: Site, a: Appointment, note: str = "") -> str:
    vi, en = STATUS[a.status]
    kind = {"booked": "ok", "checked_in": "ok"}.get(a.status, "error")
    cancel = ""
    if a.status == "booked":
        cancel = (
            f'<form method="post" action="{PAGE_PATH}/{a.code}/huy">'
            f'<button class="quiet">{words("Hủy lịch hẹn", "Cancel the appointment")}</button>'
            "</form>"
        )
    ticket = ""
    if a.ticket_number:
        ticket = (
            "<p>" + words(f"Số thứ tự: {a.ticket_number}", f"Ticket {a.ticket_number}") + "</p>"
        )
    day_vi, day_en = day_label(a.date)
    return (
        (f'<div class="card ok">{escape(note)}</div>' if note else "")
        + f'<div class="card {kind}"><h2>{words(vi, en)}</h2>'
        f'{words("Mã lịch hẹn", "Booking code")}<div class="code">{a.code}</div>'
        f'<img class="qr" alt="QR {a.code}" src="{qr_data_uri(a.url)}">{ticket}</div>'
        f'<div class="card">{words(a.service_name_vi, a.service_name_en)}<br>'
        f"<b>{a.time}</b> · {words(day_vi, day_en)}</div>"
        '<div class="card">'
        + words(
            f"Đến máy lấy số (kiosk) từ {a.check_in_from} đến {a.check_in_until}, quét mã QR"
            " này hoặc nhập mã. Đến sớm hơn hay muộn hơn: lấy số thường.",
            f"At the ticket kiosk, between {a.check_in_from} and {a.check_in_until}, scan this"
            " QR code or type the code. Earlier or later: take a walk-in ticket.",
        )
        + f"</div>{cancel}"
    )


def _form(body: bytes) -> dict[str, str]:
    try:
        parsed = parse_qs(body.decode("utf-8", "replace"), max_num_fields=8)
    except ValueError:
        raise ApiError(400, "bad_request", "Biểu mẫu không hợp lệ / malformed form") from None
    return {k: v[0] for k, v in parsed.items()}


def _refused(site: Site, e: ApiError) -> HTMLResponse:
    back = f'<a class="pick" href="{PAGE_PATH}">{words("← Đặt lịch", "← Book")}</a>'
    return page(site, f'<div class="card error">{escape(e.detail)}</div>{back}', e.status)


def _busy(hub: Hub, e: HTTPException) -> HTMLResponse:
    response = page(hub.config.main, f'<div class="card error">{escape(str(e.detail))}</div>', 429)
    response.headers.update(e.headers or {})
    return response


@router.get(PAGE_PATH)
def booking_page(request: Request, hub: HubDep) -> Response:
    """Step by step: ?service= then &date=; the slots form posts to the same address."""
    q = request.query_params
    try:
        limit(request, "appointment_views")
        site = public_site(hub, q.get("site"))
    except HTTPException as e:
        return _busy(hub, e)
    except ApiError as e:
        return _refused(hub.config.main, e)
    service, date = q.get("service"), q.get("date")
    try:
        if not service:
            return page(site, _services(hub, site))
        if not date:
            return page(site, _days(hub, site, service))
        return page(site, _slots(hub, site, service, date))
    except ApiError as e:
        return _refused(site, e)


@router.post(PAGE_PATH)
async def book(request: Request, hub: HubDep) -> Response:
    """Book the chosen slot, then show the appointment (303 to its page)."""
    main = hub.config.main
    if not same_origin(request):
        return _refused(main, ApiError(403, "cross_site", "Biểu mẫu phải gửi từ trang này"))
    try:
        limit(request, "bookings")
        form = _form(await request.body())
        site = public_site(hub, form.get("site") or None)
        data = BookingIn(
            service_id=form.get("service", ""), date=form.get("date", ""), time=form.get("time", "")
        )
    except HTTPException as e:
        return _busy(hub, e)
    except ApiError as e:
        return _refused(main, e)
    except ValueError:  # pydantic: a field missing or malformed
        return _refused(main, ApiError(422, "invalid", "Thiếu dịch vụ, ngày hoặc giờ / "
                                       "choose a service, a day and a time"))  # fmt: skip
    try:
        made = await hub.write(
            lambda tx: appointments.book(tx, site, hub.clock, data, base_url(hub))
        )
    except ApiError as e:
        if e.status == 409 and e.code in ("slot_full", "slot_past"):  # choose another time
            return page(site, _slots(hub, site, data.service_id, data.date, e.detail), 409)
        return _refused(site, e)
    return RedirectResponse(f"{PAGE_PATH}/{made.code}?new=1", status_code=303)


def _shown(hub: Hub, code: str) -> tuple[Site, Appointment]:
    def read(conn: Any) -> tuple[Site, Appointment]:
        row = appointments.find(conn, code)
        site = public_site(hub, row["site_id"])
        return site, appointments.to_appointment(conn, site, row, hub.clock.now(), base_url(hub))

    return hub.read(read)


@router.get(PAGE_PATH + "/{code}")
def appointment_page(request: Request, code: str, hub: HubDep) -> Response:
    """The appointment: its code and QR, when to come, its status, and cancelling."""
    try:
        limit(request, "appointment_views")
        site, shown = _shown(hub, code_of(code))
    except HTTPException as e:
        return _busy(hub, e)
    except ApiError as e:
        return _refused(hub.config.main, e)
    note = ""
    if request.query_params.get("new"):
        note = "Đặt lịch thành công. Hãy lưu mã hoặc chụp màn hình. / Booked: keep the code."
    return page(site, render_appointment(site, shown, note))


@router.post(PAGE_PATH + "/{code}/huy")
async def cancel(request: Request, code: str, hub: HubDep) -> Response:
    """Cancel, then show the appointment again (303)."""
    main = hub.config.main
    if not same_origin(request):
        return _refused(main, ApiError(403, "cross_site", "Biểu mẫu phải gửi từ trang này"))
    try:
        limit(request, "appointment_views")
        site, shown = _shown(hub, code_of(code))
        await hub.write(lambda tx: appointments.cancel(tx, site, shown.code, base_url(hub)))
    except HTTPException as e:
        return _busy(hub, e)
    except ApiError as e:
        return _refused(main, e)
    return RedirectResponse(f"{PAGE_PATH}/{shown.code}", status_code=303)
