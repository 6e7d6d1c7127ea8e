"""Ticket life: issue, call next, recall, skip, finish, transfer; and the reads around them.

Write functions take a :class:`~kiosk.queue.db.Tx` and run on the single writer
thread, so each is atomic; they raise :class:`~kiosk.errors.ApiError` for a refused action.
"""

from __future__ import annotations

import json
from typing import Any

from kiosk.config import Counter, Service, Site
from kiosk.errors import ApiError
from kiosk.queue import eta
from kiosk.queue.clock import Clock
from kiosk.queue.db import Tx
from kiosk.queue.models import Call, Ticket, TicketIn


def format_number(prefix: str, seq: int) -> str:
    return f"{prefix}{seq:03d}"


def to_ticket(conn: Any, site: Site, row: Any, now: float) -> Ticket:
    """The API view of a ticket row, with position and ETA while it waits."""
    ahead, minutes = 0, None
    service = site.service(row["service_id"])
    if row["status"] == "waiting":
        ahead = eta.waiting_ahead(conn, row)
        if service is not None:
            minutes = eta.eta_minutes(conn, site, service, ahead, now)
    return Ticket(
        id=row["id"],
        number=row["number"],
        service_id=row["service_id"],
        origin_service_id=row["origin_service_id"],
        priority=bool(row["priority"]),
        priority_reason=row["priority_reason"],
        status=row["status"],
        issued_at=row["issued_at"],
        called_at=row["called_at"],
        finished_at=row["finished_at"],
        counter_id=row["counter_id"],
        recalls=row["recalls"],
        waiting_ahead=ahead,
        eta_minutes=minutes,
        day=row["day"],
        print_failed=bool(row["print_failed"]),
    )


def _event_ticket(row: Any) -> dict[str, Any]:
    return {
        "ticket_id": row["id"],
        "number": row["number"],
        "service_id": row["service_id"],
        "priority": bool(row["priority"]),
        "status": row["status"],
        "counter_id": row["counter_id"],
    }


def _row(conn: Any, ticket_id: int) -> Any:
    return conn.execute("SELECT * FROM tickets WHERE id = ?", (ticket_id,)).fetchone()


def _service(site: Site, service_id: str) -> Service:
    service = site.service(service_id)
    if service is None:
        raise ApiError(
            404,
            "unknown_service",
            f"Không có dịch vụ {service_id!r} / no such service "
            f"(known: {', '.join(s.id for s in site.services)})",
        )
    return service


def _counter(site: Site, counter_id: int) -> Counter:
    counter = site.counter(counter_id)
    if counter is None:
        raise ApiError(404, "unknown_counter", f"Không có quầy {counter_id} / no such counter")
    return counter


def issue(tx: Tx, site: Site, clock: Clock, data: TicketIn, device_id: str) -> Ticket:
    """Give the next number of the service for today, or refuse (closed, limit reached)."""
    service = _service(site, data.service_id)
    local = clock.local(tx.now)
    if not service.is_open(local.time()):
        hours = ", ".join(f"{w.start:%H:%M}-{w.end:%H:%M}" for w in service.open_hours)
        raise ApiError(
            409,
            "service_closed",
            f"Dịch vụ {service.name_vi} đang ngoài giờ nhận hồ sơ ({hours}) / "
            f"{service.name_en} is closed now (open {hours})",
        )
    day = local.date().isoformat()
    seq = tx.conn.execute(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM tickets"
        " WHERE site_id = ? AND day = ? AND origin_service_id = ?",
        (site.id, day, service.id),
    ).fetchone()[0]
    if seq > (service.daily_limit or 999):
        raise ApiError(
            409,
            "daily_limit",
            f"Hết số hôm nay cho dịch vụ {service.name_vi}, mời quay lại ngày mai / "
            f"no more numbers today for {service.name_en}",
        )
    row = tx.conn.execute(
        "INSERT INTO tickets (site_id, day, origin_service_id, service_id, seq, number, priority,"
        " priority_reason, status, lane_at, issued_at, issued_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?) RETURNING *",
        (
            site.id,
            day,
            service.id,
            service.id,
            seq,
            format_number(service.prefix, seq),
            int(data.priority is not None),
            data.priority,
            tx.now,
            tx.now,
            device_id,
        ),
    ).fetchone()
    tx.emit(site.id, "ticket.issued", _event_ticket(row))
    return to_ticket(tx.conn, site, row, tx.now)


def _current(conn: Any, site_id: str, counter_id: int) -> Any:
    return conn.execute(
        "SELECT * FROM tickets WHERE site_id = ? AND counter_id = ? AND status = 'called'"
        " ORDER BY called_at DESC LIMIT 1",
        (site_id, counter_id),
    ).fetchone()


def _require_current(tx: Tx, site_id: str, counter_id: int, ticket_id: int | None) -> Any:
    row = _current(tx.conn, site_id, counter_id)
    if row is None:
        raise ApiError(
            409,
            "no_current_ticket",
            f"Quầy {counter_id} chưa gọi số nào / counter {counter_id} has no called ticket",
        )
    if ticket_id is not None and row["id"] != ticket_id:
        raise ApiError(
            409,
            "not_current",
            f"Vé {ticket_id} không phải số đang phục vụ ({row['number']}) / "
            f"ticket {ticket_id} is not the one being served",
        )
    return row


_FINISHED = "status = 'finished', finished_at = :now"


def _update(tx: Tx, change: str, ticket_id: int) -> Any:
    """Apply the SQL ``change`` (``SET ...``, bound to :now) to a ticket; its new row."""
    return tx.conn.execute(
        f"UPDATE tickets SET {change} WHERE id = :id RETURNING *", {"now": tx.now, "id": ticket_id}
    ).fetchone()


def call_next(tx: Tx, site: Site, clock: Clock, counter_id: int) -> Ticket | None:
    """Finish the counter's current ticket, then call the first waiting one of its services."""
    counter = _counter(site, counter_id)
    current = _current(tx.conn, site.id, counter_id)
    if current is not None:
        tx.emit(site.id, "ticket.finished", _event_ticket(_update(tx, _FINISHED, current["id"])))
    marks = ",".join("?" * len(counter.services))
    row = tx.conn.execute(
        "SELECT * FROM tickets WHERE site_id = ? AND status = 'waiting' AND day = ?"
        f" AND service_id IN ({marks}) ORDER BY priority DESC, front DESC, lane_at, id LIMIT 1",
        (site.id, clock.day(tx.now).isoformat(), *counter.services),
    ).fetchone()
    if row is None:
        return None
    row = tx.conn.execute(
        "UPDATE tickets SET status = 'called', called_at = ?, counter_id = ? WHERE id = ?"
        " RETURNING *",
        (tx.now, counter_id, row["id"]),
    ).fetchone()
    finished = {"finished_ticket_id": current["id"] if current is not None else None}
    tx.emit(site.id, "ticket.called", _event_ticket(row) | finished)
    return to_ticket(tx.conn, site, row, tx.now)


def _act_on_current(
    tx: Tx, site: Site, counter_id: int, ticket_id: int | None, change: str, event: str
) -> Ticket:
    """Apply the SQL ``change`` (``SET ...``, bound to :now) to the counter's current ticket."""
    _counter(site, counter_id)
    row = _update(tx, change, _require_current(tx, site.id, counter_id, ticket_id)["id"])
    tx.emit(site.id, event, _event_ticket(row))
    return to_ticket(tx.conn, site, row, tx.now)


def recall(tx: Tx, site: Site, counter_id: int, ticket_id: int | None) -> Ticket:
    """Announce the counter's current ticket again."""
    return _act_on_current(
        tx, site, counter_id, ticket_id, "recalls = recalls + 1", "ticket.recalled"
    )


def skip(tx: Tx, site: Site, counter_id: int, ticket_id: int | None) -> Ticket:
    """The called citizen did not come: mark the ticket skipped (no-show)."""
    return _act_on_current(
        tx, site, counter_id, ticket_id, "status = 'skipped', skipped_at = :now", "ticket.skipped"
    )


def finish(tx: Tx, site: Site, counter_id: int, ticket_id: int | None) -> Ticket:
    """Service done: the ticket is finished (and may now be rated)."""
    return _act_on_current(tx, site, counter_id, ticket_id, _FINISHED, "ticket.finished")


def transfer(tx: Tx, site: Site, counter_id: int, service_id: str, ticket_id: int | None) -> Ticket:
    """Send the current ticket to another service, keeping its number, at the front of its lane."""
    _counter(site, counter_id)
    target = _service(site, service_id)
    row = _require_current(tx, site.id, counter_id, ticket_id)
    if row["service_id"] == target.id:
        raise ApiError(409, "same_service", f"Vé {row['number']} đã thuộc dịch vụ {target.name_vi}")
    row = tx.conn.execute(
        "UPDATE tickets SET status = 'waiting', service_id = ?, front = 1, lane_at = ?,"
        " transferred_at = ?, transfers = transfers + 1, counter_id = NULL, called_at = NULL"
        " WHERE id = ? RETURNING *",
        (target.id, tx.now, tx.now, row["id"]),
    ).fetchone()
    data = _event_ticket(row) | {"from_counter_id": counter_id}
    tx.emit(site.id, "ticket.transferred", data)
    return to_ticket(tx.conn, site, row, tx.now)


def ticket_site(conn: Any, ticket_id: int) -> str | None:
    """The site a ticket belongs to (None: no such ticket)."""
    row = conn.execute("SELECT site_id FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
    return None if row is None else row[0]


def get_ticket(conn: Any, site: Site, ticket_id: int, now: float) -> Ticket:
    """A ticket of ``site``; 404 for an unknown ticket or one of another site."""
    row = _row(conn, ticket_id)
    if row is None or row["site_id"] != site.id:
        raise ApiError(404, "unknown_ticket", f"Không có vé {ticket_id} / no such ticket")
    return to_ticket(conn, site, row, now)


def current_ticket(conn: Any, site: Site, counter_id: int, now: float) -> Ticket | None:
    row = _current(conn, site.id, counter_id)
    return None if row is None else to_ticket(conn, site, row, now)


def waiting_counts(conn: Any, site_id: str, day: str) -> dict[str, int]:
    rows = conn.execute(
        "SELECT service_id, COUNT(*) FROM tickets"
        " WHERE site_id = ? AND status = 'waiting' AND day = ? GROUP BY service_id",
        (site_id, day),
    ).fetchall()
    return {r[0]: r[1] for r in rows}


def issued_counts(conn: Any, site_id: str, day: str) -> dict[str, int]:
    rows = conn.execute(
        "SELECT origin_service_id, MAX(seq) FROM tickets WHERE site_id = ? AND day = ?"
        " GROUP BY origin_service_id",
        (site_id, day),
    ).fetchall()
    return {r[0]: r[1] for r in rows}


def served_today(conn: Any, site_id: str, counter_id: int, day: str) -> int:
    return conn.execute(
        "SELECT COUNT(*) FROM tickets"
        " WHERE site_id = ? AND counter_id = ? AND day = ? AND status = 'finished'",
        (site_id, counter_id, day),
    ).fetchone()[0]


def recent_calls(conn: Any, site_id: str, limit: int) -> list[Call]:
    """A site's last calls and recalls, newest first (for a display that starts)."""
    rows = conn.execute(
        "SELECT id, ts, type, data FROM events WHERE site_id = ?"
        " AND type IN ('ticket.called', 'ticket.recalled') ORDER BY id DESC LIMIT ?",
        (site_id, limit),
    ).fetchall()
    calls = []
    for r in rows:
        d = json.loads(r["data"])
        calls.append(
            Call(
                event_id=r["id"],
                ticket_id=d["ticket_id"],
                number=d["number"],
                counter_id=d["counter_id"],
                service_id=d["service_id"],
                at=r["ts"],
                recall=r["type"] == "ticket.recalled",
            )
        )
    return calls
