"""Ticket life: issue, call next, recall, skip, finish, transfer; and the reads around them.

Write functions take a :class:`~kiosk.store.db.Tx` and run on the single writer
thread, so each is atomic; they raise :class:`~kiosk.api.errors.ApiError` for a refused action.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from kiosk.api.errors import ApiError
from kiosk.api.models import Call, CounterBoard, QueueEntry, Ticket, TicketIn
from kiosk.clock import Clock
from kiosk.config import Counter, Service, Site
from kiosk.queue import counters, eta
from kiosk.store.db import Tx

UNDO_SKIP_S = 600.0  # how long after a skip the officer may take it back
NO_GUARD = object()  # call-next sent without a body: act whatever the screen showed
# the calling order: the priority lane, the appointment lane, transfers, then by arrival
CALL_ORDER = "priority DESC, booked DESC, front DESC, lane_at, id"


PAGE_TOKEN_BYTES = 12  # 96 random bits: the phone page's link, 16 URL-safe characters


def new_page_token() -> str:
    """The random token of a ticket's phone page (/t/{token}); unrelated to its id."""
    return secrets.token_urlsafe(PAGE_TOKEN_BYTES)


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
        officer_id=row["officer_id"],
        waiting_ahead=ahead,
        eta_minutes=minutes,
        day=row["day"],
        print_failed=bool(row["print_failed"]),
        page_token=row["page_token"],
        postponed=bool(row["postponed"]),
        booked=bool(row["booked"]),
    )


def _event_ticket(row: Any) -> dict[str, Any]:
    return {
        "ticket_id": row["id"],
        "number": row["number"],
        "service_id": row["service_id"],
        "priority": bool(row["priority"]),
        "priority_reason": row["priority_reason"],
        "status": row["status"],
        "counter_id": row["counter_id"],
        "officer_id": row["officer_id"],
        "booked": bool(row["booked"]),
    }


def _row(conn: Any, ticket_id: int) -> Any:
    return conn.execute("SELECT * FROM tickets WHERE id = ?", (ticket_id,)).fetchone()


def service_of(site: Site, service_id: str) -> Service:
    """The service of the site; 404 naming the known ones."""
    service = site.service(service_id)
    if service is None:
        raise ApiError(
            404,
            "unknown_service",
            f"Không có dịch vụ {service_id!r} / no such service "
            f"(known: {', '.join(s.id for s in site.services)})",
        )
    return service


def counter_of(site: Site, counter_id: int) -> Counter:
    counter = site.counter(counter_id)
    if counter is None:
        raise ApiError(404, "unknown_counter", f"Không có quầy {counter_id} / no such counter")
    return counter


def _replay(tx: Tx, site: Site, data: TicketIn, device_id: str, key: str) -> Ticket | None:
    """The ticket this kiosk already took under ``key`` (None: none); 409 for another body."""
    row = tx.conn.execute(
        "SELECT * FROM tickets WHERE site_id = ? AND issued_by = ? AND idem_key = ?",
        (site.id, device_id, key),
    ).fetchone()
    if row is None:
        return None
    asked = (data.service_id, data.priority, data.citizen_key)
    if (row["origin_service_id"], row["priority_reason"], row["citizen_key"]) != asked:
        raise ApiError(
            409,
            "idempotency_conflict",
            f"Idempotency-Key {key} was used for another ticket by this kiosk",
        )
    return to_ticket(tx.conn, site, row, tx.now)


def issue(
    tx: Tx, site: Site, clock: Clock, data: TicketIn, device_id: str, key: str | None = None
) -> tuple[Ticket, bool]:
    """Give the next number of the service for today, or refuse (closed, limit reached).

    With an idempotency ``key`` of this kiosk, a request already answered gives the same
    ticket again. Returns the ticket and whether it is new.
    """
    if key is not None and (same := _replay(tx, site, data, device_id, key)) is not None:
        return same, False
    service = service_of(site, data.service_id)
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
    ticket = new_ticket(
        tx, site, service, day, data.priority, device_id, key, citizen_key=data.citizen_key
    )
    return ticket, True


def new_ticket(
    tx: Tx,
    site: Site,
    service: Service,
    day: str,
    priority: str | None,
    device_id: str,
    key: str | None = None,
    *,
    booked: bool = False,
    citizen_key: str | None = None,
) -> Ticket:
    """Give the next number of ``service`` on the local ``day`` (refused past its daily
    limit, unless ``booked``: a booked visit has its slot); ``booked`` puts it in the
    appointment lane, called after the priority lane and before walk-ins; ``citizen_key``
    is the keyed hash of the ID card scanned for it."""
    seq = tx.conn.execute(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM tickets"
        " WHERE site_id = ? AND day = ? AND origin_service_id = ?",
        (site.id, day, service.id),
    ).fetchone()[0]
    if seq > (service.daily_limit or 999) and not (booked and seq <= 999):
        raise ApiError(
            409,
            "daily_limit",
            f"Hết số hôm nay cho dịch vụ {service.name_vi}, mời quay lại ngày mai / "
            f"no more numbers today for {service.name_en}",
        )
    row = tx.conn.execute(
        "INSERT INTO tickets (site_id, day, origin_service_id, service_id, seq, number, priority,"
        " priority_reason, status, lane_at, issued_at, issued_by, idem_key, page_token,"
        " citizen_key, booked)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?, ?, ?) RETURNING *",
        (
            site.id,
            day,
            service.id,
            service.id,
            seq,
            format_number(service.prefix, seq),
            int(priority is not None),
            priority,
            tx.now,
            tx.now,
            device_id,
            key,
            new_page_token(),
            citizen_key,
            int(booked),
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


def finish_current(tx: Tx, site: Site, counter_id: int, officer_id: str | None = None) -> Any:
    """Finish the counter's current ticket, if any (by ``officer_id`` when one works there)."""
    current = _current(tx.conn, site.id, counter_id)
    if current is not None:
        row = tx.conn.execute(
            "UPDATE tickets SET status = 'finished', finished_at = ?,"
            " officer_id = COALESCE(?, officer_id) WHERE id = ? RETURNING *",
            (tx.now, officer_id, current["id"]),
        ).fetchone()
        tx.emit(site.id, "ticket.finished", _event_ticket(row))
    return current


def _call(
    tx: Tx, site: Site, counter_id: int, officer_id: str | None, row: Any, finished: Any, **why: Any
) -> Ticket:
    row = tx.conn.execute(
        "UPDATE tickets SET status = 'called', called_at = ?, counter_id = ?, officer_id = ?"
        " WHERE id = ? RETURNING *",
        (tx.now, counter_id, officer_id, row["id"]),
    ).fetchone()
    data = _event_ticket(row) | {"finished_ticket_id": finished["id"] if finished else None}
    tx.emit(site.id, "ticket.called", data | why)
    return to_ticket(tx.conn, site, row, tx.now)


def _check_guard(tx: Tx, site: Site, counter_id: int, expected: Any) -> None:
    """Refuse (409 ``stale``, nothing changed) when the screen that pressed showed another
    current ticket than the counter has: a double press, or a second screen."""
    if expected is NO_GUARD:
        return
    current = _current(tx.conn, site.id, counter_id)
    if (current["id"] if current is not None else None) != expected:
        shown = current["number"] if current is not None else "không có số nào / none"
        raise ApiError(
            409,
            "stale",
            f"Quầy {counter_id} đang phục vụ {shown}; màn hình đã cũ / the screen was stale",
            current=None if current is None else to_ticket(tx.conn, site, current, tx.now),
        )


def call_next(
    tx: Tx, site: Site, clock: Clock, counter_id: int, expected: Any = NO_GUARD
) -> Ticket | None:
    """Finish the counter's current ticket, then call the first waiting one of its services.

    ``expected`` is the ticket the officer's screen shows as current (None: none); when
    the counter's current ticket is another, nothing changes (409 ``stale``).
    """
    counter = counter_of(site, counter_id)
    _check_guard(tx, site, counter_id, expected)
    officer_id = counters.require_open(tx, site, counter_id)
    finished = finish_current(tx, site, counter_id, officer_id)
    marks = ",".join("?" * len(counter.services))
    row = tx.conn.execute(
        "SELECT * FROM tickets WHERE site_id = ? AND status = 'waiting' AND day = ?"
        f" AND service_id IN ({marks}) ORDER BY {CALL_ORDER} LIMIT 1",
        (site.id, clock.day(tx.now).isoformat(), *counter.services),
    ).fetchone()
    if row is None:
        return None
    return _call(tx, site, counter_id, officer_id, row, finished)


def call_ticket(tx: Tx, site: Site, clock: Clock, counter_id: int, ticket_id: int) -> Ticket:
    """Call a chosen ticket of today: one waiting in a lane of the counter's services, or a
    skipped one whose citizen came back. The current ticket is finished first."""
    counter = counter_of(site, counter_id)
    officer_id = counters.require_open(tx, site, counter_id)
    row = _row(tx.conn, ticket_id)
    if row is None or row["site_id"] != site.id or row["day"] != clock.day(tx.now).isoformat():
        raise ApiError(404, "unknown_ticket", f"Không có vé {ticket_id} hôm nay / no such ticket")
    if row["service_id"] not in counter.services:
        raise ApiError(
            409,
            "other_service",
            f"Vé {row['number']} không thuộc dịch vụ của quầy {counter_id} / "
            "not a service of this counter",
        )
    if row["status"] not in ("waiting", "skipped"):
        raise ApiError(
            409,
            "not_waiting",
            f"Vé {row['number']} không còn chờ / ticket {row['number']} is not waiting",
        )
    finished = finish_current(tx, site, counter_id, officer_id)
    return _call(tx, site, counter_id, officer_id, row, finished, chosen=True,
                 returned=row["status"] == "skipped")  # fmt: skip


def undo_skip(tx: Tx, site: Site, counter_id: int) -> Ticket:
    """Take back the counter's last skip: that ticket is its current one again (not
    announced again). Only while nothing else is being served and within 10 minutes."""
    counter_of(site, counter_id)
    counters.working_officer(tx, site, counter_id)
    if _current(tx.conn, site.id, counter_id) is not None:
        raise ApiError(
            409,
            "serving",
            "Quầy đang phục vụ một số khác / another ticket is being served",
        )
    entry = undoable_skip(tx.conn, site.id, counter_id, tx.now)
    if entry is None:
        raise ApiError(409, "nothing_to_undo", "Không có lượt bỏ qua để hoàn tác / nothing to undo")
    row = tx.conn.execute(
        "UPDATE tickets SET status = 'called', skipped_at = NULL WHERE id = ? RETURNING *",
        (entry.id,),
    ).fetchone()
    tx.emit(site.id, "ticket.unskipped", _event_ticket(row))
    return to_ticket(tx.conn, site, row, tx.now)


def _act_on_current(
    tx: Tx, site: Site, counter_id: int, ticket_id: int | None, change: str, event: str
) -> Ticket:
    """Apply the SQL ``change`` (``SET ...``, bound to :now) to the counter's current ticket."""
    counter_of(site, counter_id)
    officer_id = counters.working_officer(tx, site, counter_id)
    row = _require_current(tx, site.id, counter_id, ticket_id)
    row = tx.conn.execute(
        f"UPDATE tickets SET {change}, officer_id = COALESCE(:officer, officer_id)"
        " WHERE id = :id RETURNING *",
        {"now": tx.now, "id": row["id"], "officer": officer_id},
    ).fetchone()
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
    return _act_on_current(
        tx,
        site,
        counter_id,
        ticket_id,
        "status = 'finished', finished_at = :now",
        "ticket.finished",
    )


def transfer(tx: Tx, site: Site, counter_id: int, service_id: str, ticket_id: int | None) -> Ticket:
    """Send the current ticket to another service, keeping its number, at the front of its lane."""
    counter_of(site, counter_id)
    counters.working_officer(tx, site, counter_id)
    target = service_of(site, service_id)
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


def by_page_token(conn: Any, token: str) -> Any:
    """The ticket row whose phone page is ``token`` (None: no such page)."""
    return conn.execute("SELECT * FROM tickets WHERE page_token = ?", (token,)).fetchone()


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
                priority=bool(d.get("priority")),
            )
        )
    return calls


def _entry(row: Any) -> QueueEntry:
    return QueueEntry(
        id=row["id"],
        number=row["number"],
        service_id=row["service_id"],
        priority=bool(row["priority"]),
        priority_reason=row["priority_reason"],
        status=row["status"],
        issued_at=row["issued_at"],
        skipped_at=row["skipped_at"],
        booked=bool(row["booked"]),
    )


def queue_list(
    conn: Any, site_id: str, services: tuple[str, ...], day: str, status: str, limit: int = 60
) -> list[QueueEntry]:
    """Today's tickets of ``services`` in ``status``: waiting ones in calling order, skipped
    ones newest first."""
    marks = ",".join("?" * len(services))
    order = CALL_ORDER if status == "waiting" else "skipped_at DESC, id"
    rows = conn.execute(
        f"SELECT * FROM tickets WHERE site_id = ? AND day = ? AND status = ?"
        f" AND service_id IN ({marks}) ORDER BY {order} LIMIT ?",
        (site_id, day, status, *services, limit),
    ).fetchall()
    return [_entry(r) for r in rows]


def undoable_skip(conn: Any, site_id: str, counter_id: int, now: float) -> QueueEntry | None:
    """The skip :func:`undo_skip` would take back now: the counter's last call, skipped
    within the undo window, with nothing served since."""
    if _current(conn, site_id, counter_id) is not None:
        return None
    row = conn.execute(
        "SELECT * FROM tickets WHERE site_id = ? AND counter_id = ? ORDER BY called_at DESC,"
        " id DESC LIMIT 1",
        (site_id, counter_id),
    ).fetchone()
    if row is None or row["status"] != "skipped" or row["skipped_at"] < now - UNDO_SKIP_S:
        return None
    return _entry(row)


def board(conn: Any, site: Site) -> list[CounterBoard]:
    """Every counter of the site: its current ticket (called, not yet finished) and pause."""
    rows = conn.execute(
        "SELECT * FROM tickets WHERE site_id = ? AND status = 'called' ORDER BY called_at",
        (site.id,),
    ).fetchall()
    current = {r["counter_id"]: _entry(r) for r in rows}  # the latest call wins
    paused = counters.paused_counters(conn, site.id)
    return [
        CounterBoard(id=c.id, name=c.name, paused=c.id in paused, current=current.get(c.id))
        for c in site.counters
    ]
