"""Appointments: free slots, booking with a short code, cancelling, check-in, no-shows.

Slots come from the site file (a service's ``[services.appointments]``, the site's
``[appointments]`` rules), in the site's time zone whatever this PC's zone is. A booked
appointment checked in within its window (``early_min`` before the slot's start to
``late_min`` after) becomes a ticket in the appointment lane (``tickets.booked``); one
whose window passed without a check-in is a no-show. Write functions run on the writer
thread (atomic); refusals are :class:`~kiosk.api.errors.ApiError`.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from kiosk.api import events
from kiosk.api.appointments import (
    CODE_ALPHABET,
    CODE_LENGTH,
    PAGE_PATH,
    Appointment,
    AppointmentStatus,
    BookableService,
    BookingIn,
    ClosedReason,
    Slot,
    SlotDay,
)
from kiosk.api.errors import ApiError
from kiosk.api.models import Ticket
from kiosk.clock import Clock
from kiosk.config import Service, Site, SlotPlan
from kiosk.queue import tickets
from kiosk.store.db import Tx

TAKEN = ("booked", "checked_in")  # statuses that hold a place in a slot


def slot_times(plan: SlotPlan) -> list[dt.time]:
    """Every slot start of a day: each ``slot_minutes`` step that ends within its hours."""
    times = []
    for window in plan.hours:
        start = window.start.hour * 60 + window.start.minute
        end = window.end.hour * 60 + window.end.minute + (1 if window.end.second else 0)
        for m in range(start, end - plan.slot_minutes + 1, plan.slot_minutes):
            times.append(dt.time(m // 60, m % 60))
    return times


def slot_start(site: Site, day: dt.date, at: dt.time) -> float:
    """A slot's start as epoch seconds: ``at`` on ``day`` in the site's time zone."""
    return dt.datetime.combine(day, at, tzinfo=site.tz).timestamp()


def _plan(site: Site, service_id: str) -> tuple[Service, SlotPlan]:
    service = site.service(service_id)
    if service is None or service.appointments is None:
        known = ", ".join(s.id for s in site.services if s.appointments is not None)
        raise ApiError(
            404,
            "unknown_service",
            f"Dịch vụ {service_id!r} không nhận đặt lịch / {service_id!r} takes no bookings"
            f" (these do: {known or 'none'})",
        )
    return service, service.appointments


def parse_day(text: str) -> dt.date:
    """A YYYY-MM-DD calendar day; 422 otherwise (and for the last day of the calendar)."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ApiError(
            422, "invalid", f"Ngày không hợp lệ / not a calendar date: {text!r}"
        ) from None
    if day >= dt.date.max - dt.timedelta(days=1):
        raise ApiError(422, "invalid", f"Ngày quá xa / date out of range: {text}")
    return day


def closed_reason(site: Site, plan: SlotPlan, day: dt.date, today: dt.date) -> ClosedReason | None:
    """Why ``day`` has no bookable slots (None: it has)."""
    if day < today:
        return "past"
    if day >= today + dt.timedelta(days=site.appointments.horizon_days):
        return "beyond_horizon"
    if day in site.appointments.holidays:
        return "holiday"
    if day.weekday() not in plan.weekdays:
        return "weekday"
    return None


def _taken(conn: Any, site: Site, service_id: str, day: str) -> dict[str, int]:
    rows = conn.execute(
        "SELECT slot, COUNT(*) FROM appointments WHERE site_id = ? AND service_id = ?"
        " AND day = ? AND status IN (?, ?) GROUP BY slot",
        (site.id, service_id, day, *TAKEN),
    ).fetchall()
    return {r[0]: r[1] for r in rows}


def slot_day(conn: Any, site: Site, clock: Clock, service_id: str, day: dt.date) -> SlotDay:
    """The slots of a service on a day with their free places; slots that have begun are
    not offered."""
    _service, plan = _plan(site, service_id)
    now = clock.now()
    reason = closed_reason(site, plan, day, clock.day(now))
    if reason is not None:
        return SlotDay(service_id=service_id, date=day.isoformat(), closed=reason, slots=[])
    taken = _taken(conn, site, service_id, day.isoformat())
    slots = [
        Slot(time=f"{t:%H:%M}", capacity=plan.capacity,
             free=max(0, plan.capacity - taken.get(f"{t:%H:%M}", 0)))
        for t in slot_times(plan)
        if slot_start(site, day, t) > now
    ]  # fmt: skip
    return SlotDay(service_id=service_id, date=day.isoformat(), slots=slots)


def bookable(conn: Any, site: Site, clock: Clock) -> list[BookableService]:
    """The services that take bookings, each with its days in the horizon that have a
    free slot."""
    today = clock.day()
    out = []
    for service in site.services:
        if service.appointments is None:
            continue
        days = []
        for i in range(site.appointments.horizon_days):
            day = today + dt.timedelta(days=i)
            if any(s.free for s in slot_day(conn, site, clock, service.id, day).slots):
                days.append(day.isoformat())
        out.append(
            BookableService(
                id=service.id,
                name_vi=service.name_vi,
                name_en=service.name_en,
                slot_minutes=service.appointments.slot_minutes,
                days=days,
            )
        )
    return out


def _status(site: Site, row: Any, now: float) -> AppointmentStatus:
    if row["status"] == "booked" and now > row["slot_at"] + site.appointments.late_min * 60:
        return "no_show"
    status: AppointmentStatus = row["status"]
    return status


def _hhmm(site: Site, ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, site.tz).strftime("%H:%M")


def to_appointment(conn: Any, site: Site, row: Any, now: float, base_url: str) -> Appointment:
    service = site.service(row["service_id"])
    rules = site.appointments
    number = None
    if row["ticket_id"] is not None:
        ticket = conn.execute(
            "SELECT number FROM tickets WHERE id = ?", (row["ticket_id"],)
        ).fetchone()
        number = ticket[0] if ticket is not None else None
    return Appointment(
        code=row["code"],
        site_id=row["site_id"],
        service_id=row["service_id"],
        service_name_vi=service.name_vi if service else row["service_id"],
        service_name_en=service.name_en if service else row["service_id"],
        date=row["day"],
        time=row["slot"],
        status=_status(site, row, now),
        check_in_from=_hhmm(site, row["slot_at"] - rules.early_min * 60),
        check_in_until=_hhmm(site, row["slot_at"] + rules.late_min * 60),
        ticket_id=row["ticket_id"],
        ticket_number=number,
        url=f"{base_url.rstrip('/')}{PAGE_PATH}/{row['code']}",
    )


def _new_code(conn: Any) -> str:
    """A random code no appointment has (244 million of them: a clash is rare)."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if conn.execute("SELECT 1 FROM appointments WHERE code = ?", (code,)).fetchone() is None:
            return code


def book(tx: Tx, site: Site, clock: Clock, data: BookingIn, base_url: str) -> Appointment:
    """Book a place in a slot, or refuse: not a slot (422), a closed day or a full or
    past slot (409)."""
    service, plan = _plan(site, data.service_id)
    day = parse_day(data.date)
    times = {f"{t:%H:%M}": t for t in slot_times(plan)}
    if data.time not in times:
        shown = ", ".join(list(times)[:4])
        raise ApiError(
            422,
            "invalid",
            f"{data.time} không phải giờ hẹn của dịch vụ {service.name_vi} / not a slot of"
            f" {service.name_en} (slots every {plan.slot_minutes} min: {shown}, ...)",
        )
    reason = closed_reason(site, plan, day, clock.day(tx.now))
    if reason is not None:
        raise ApiError(409, f"day_{reason}", _CLOSED[reason].format(day=f"{day:%d/%m/%Y}",
                       n=site.appointments.horizon_days))  # fmt: skip
    at = slot_start(site, day, times[data.time])
    if at <= tx.now:
        raise ApiError(409, "slot_past", "Giờ hẹn này đã qua / this slot has begun")
    taken = _taken(tx.conn, site, service.id, day.isoformat()).get(data.time, 0)
    if taken >= plan.capacity:
        raise ApiError(
            409,
            "slot_full",
            f"Giờ {data.time} ngày {day:%d/%m/%Y} đã kín chỗ, mời chọn giờ khác / "
            f"the {data.time} slot is full; please choose another",
        )
    row = tx.conn.execute(
        "INSERT INTO appointments (site_id, code, service_id, day, slot, slot_at, status,"
        " booked_at) VALUES (?, ?, ?, ?, ?, ?, 'booked', ?) RETURNING *",
        (site.id, _new_code(tx.conn), service.id, day.isoformat(), data.time, at, tx.now),
    ).fetchone()
    tx.emit(site.id, events.APPOINTMENT_BOOKED, _event(row))
    return to_appointment(tx.conn, site, row, tx.now, base_url)


_CLOSED = {
    "past": "Ngày {day} đã qua / that day has passed",
    "beyond_horizon": "Chỉ đặt lịch trước tối đa {n} ngày / bookings open {n} days ahead",
    "holiday": "Ngày {day} là ngày nghỉ lễ, không nhận lịch hẹn / {day} is a public holiday",
    "weekday": "Ngày {day} không có lịch hẹn cho dịch vụ này / no slots for it on that day",
}


def _event(row: Any) -> dict[str, Any]:
    """What an appointment's event says: no code (it is the holder's key)."""
    return {
        "appointment_id": row["id"],
        "service_id": row["service_id"],
        "day": row["day"],
        "slot": row["slot"],
        "status": row["status"],
        "ticket_id": row["ticket_id"],
    }


def find(conn: Any, code: str) -> Any:
    """The appointment row of ``code``; 404 when there is none."""
    row = conn.execute("SELECT * FROM appointments WHERE code = ?", (code,)).fetchone()
    if row is None:
        raise ApiError(
            404,
            "unknown_appointment",
            "Không tìm thấy lịch hẹn với mã này, mời kiểm tra lại / no appointment has this code",
        )
    return row


def cancel(tx: Tx, site: Site, code: str, base_url: str) -> Appointment:
    """Give the place back; a cancelled one again is the same answer; 409 once checked in."""
    row = find(tx.conn, code)
    if row["status"] == "checked_in":
        raise ApiError(409, "checked_in", "Lịch hẹn đã được sử dụng / already checked in")
    if row["status"] == "booked":
        row = tx.conn.execute(
            "UPDATE appointments SET status = 'cancelled', cancelled_at = ? WHERE id = ?"
            " RETURNING *",
            (tx.now, row["id"]),
        ).fetchone()
        tx.emit(site.id, events.APPOINTMENT_CANCELLED, _event(row))
    return to_appointment(tx.conn, site, row, tx.now, base_url)


def check_in(tx: Tx, site: Site, code: str, device_id: str) -> tuple[Ticket, bool]:
    """The citizen is at the kiosk: within the window, a ticket in the appointment lane
    (the same ticket again for a kiosk that asks twice); else 409 saying when to come.
    Returns the ticket and whether it is new."""
    row = find(tx.conn, code)
    if row["site_id"] != site.id:
        raise ApiError(
            409,
            "other_site",
            "Lịch hẹn này thuộc đơn vị khác / this appointment is for another office",
        )
    rules, at = site.appointments, row["slot_at"]
    opens, closes = at - rules.early_min * 60, at + rules.late_min * 60
    when = {
        "day": dt.datetime.fromtimestamp(at, site.tz).strftime("%d/%m/%Y"),
        "slot": row["slot"],
        "from": _hhmm(site, opens),
        "until": _hhmm(site, closes),
    }
    if row["status"] == "checked_in":
        return tickets.get_ticket(tx.conn, site, row["ticket_id"], tx.now), False
    if row["status"] == "cancelled":
        raise ApiError(409, "cancelled", "Lịch hẹn này đã bị hủy / this appointment was cancelled")
    if tx.now < opens:
        raise ApiError(
            409,
            "too_early",
            f"Lịch hẹn lúc {when['slot']} ngày {when['day']}: mời quay lại từ {when['from']} đến"
            f" {when['until']} / your appointment is at {when['slot']} on {when['day']}:"
            f" please check in between {when['from']} and {when['until']}",
            service_id=row["service_id"],
            **when,
        )
    if tx.now > closes:
        raise ApiError(
            409,
            "too_late",
            f"Đã quá giờ nhận lịch hẹn ({when['slot']}, đến {when['until']}); mời lấy số thứ tự"
            f" thường / too late for the {when['slot']} appointment (check-in closed at"
            f" {when['until']}); please take a walk-in ticket",
            service_id=row["service_id"],
            **when,
        )
    service = tickets.service_of(site, row["service_id"])
    today = dt.datetime.fromtimestamp(tx.now, site.tz).date().isoformat()
    ticket = tickets.new_ticket(tx, site, service, today, None, device_id, booked=True)
    row = tx.conn.execute(
        "UPDATE appointments SET status = 'checked_in', checked_in_at = ?, ticket_id = ?"
        " WHERE id = ? RETURNING *",
        (tx.now, ticket.id, row["id"]),
    ).fetchone()
    tx.emit(site.id, events.APPOINTMENT_CHECKED_IN, _event(row))
    return ticket, True


def report(conn: Any, site: Site, first: str, last: str, now: float) -> dict[str, Any]:
    """Bookings of the days first..last (by the slot's day): made, cancelled, checked in,
    no-shows, still to come; and the waits (check-in or issue to call) of booked tickets
    against walk-ins of the services that take bookings."""
    rows = conn.execute(
        "SELECT * FROM appointments WHERE site_id = ? AND day BETWEEN ? AND ?",
        (site.id, first, last),
    ).fetchall()
    statuses = [_status(site, r, now) for r in rows]
    bookable_ids = [s.id for s in site.services if s.appointments is not None]
    waits: dict[bool, list[float]] = {True: [], False: []}
    if bookable_ids:
        marks = ",".join("?" * len(bookable_ids))
        for t in conn.execute(
            "SELECT booked, issued_at, called_at FROM tickets WHERE site_id = ? AND day BETWEEN"
            f" ? AND ? AND called_at IS NOT NULL AND origin_service_id IN ({marks})",
            (site.id, first, last, *bookable_ids),
        ):
            waits[bool(t["booked"])].append(t["called_at"] - t["issued_at"])

    def avg(values: list[float]) -> float | None:
        return round(sum(values) / len(values), 1) if values else None

    return {
        "booked": len(rows),
        "cancelled": statuses.count("cancelled"),
        "checked_in": statuses.count("checked_in"),
        "no_show": statuses.count("no_show"),
        "pending": statuses.count("booked"),
        "avg_wait_booked_s": avg(waits[True]),
        "avg_wait_walk_in_s": avg(waits[False]),
        "called_booked": len(waits[True]),
        "called_walk_in": len(waits[False]),
    }
