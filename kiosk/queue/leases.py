"""Numbers leased to ticket kiosks, and the tickets they issued from them while offline.

A kiosk leases, while the hub answers, a block of numbers of a service for the day, cut
from the top (kiosk/queue/numbering.py); the hub's own numbers stay below every leased one
(:func:`~kiosk.queue.numbering.next_seq`), so a leased number is never given by the hub,
nor leased twice, across restarts of either side: a lease is a committed row before the
kiosk hears of it. The
kiosk issues from its lease when it cannot reach the hub and uploads each ticket later
(:func:`upload`, idempotent by the kiosk's ticket uuid); the hub takes only numbers of a
lease of that kiosk, not given back. Numbers leased and never used stay skipped that day:
``returned_from`` records where a kiosk gave the rest of a lease back.
"""

from __future__ import annotations

import hashlib
from typing import Any

from kiosk.api.errors import ApiError
from kiosk.api.models import Lease, LeaseIn, OfflineTicketIn, Ticket
from kiosk.clock import Clock
from kiosk.config import Service, Site
from kiosk.queue.numbering import TOP, format_number, issued_count, lowest_leased, next_seq
from kiosk.queue.tickets import _event_ticket, new_page_token, to_ticket
from kiosk.store.db import Tx


def key_digest(value: str) -> str:
    """The stored form of an idempotency key (a digest, whatever its characters)."""
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _lease(row: Any) -> Lease:
    return Lease(
        id=row["id"],
        service_id=row["service_id"],
        day=row["day"],
        first=row["first_seq"],
        last=row["last_seq"],
        returned_from=row["returned_from"],
    )


def _service(site: Site, service_id: str) -> Service:
    service = site.service(service_id)
    if service is None:
        raise ApiError(404, "unknown_service", f"Không có dịch vụ {service_id!r} / no such service")
    return service


def _release(tx: Tx, site: Site, device_id: str, lease_id: int, from_seq: int) -> None:
    row = tx.conn.execute(
        "SELECT * FROM ticket_leases WHERE id = ? AND site_id = ? AND device_id = ?",
        (lease_id, site.id, device_id),
    ).fetchone()
    if row is None:
        raise ApiError(404, "unknown_lease", f"Không có lô số {lease_id} / no such lease")
    start = max(row["first_seq"], min(from_seq, row["last_seq"] + 1))
    if row["returned_from"] is None or start < row["returned_from"]:
        tx.conn.execute(
            "UPDATE ticket_leases SET returned_from = ? WHERE id = ?", (start, lease_id)
        )


def lease(tx: Tx, site: Site, clock: Clock, data: LeaseIn, device_id: str) -> Lease:
    """Reserve ``data.size`` numbers of a service today for ``device_id``: the block below
    the lowest leased so far (from A999 down), never one the hub gave; fewer near the daily
    limit (offline tickets count towards it), 409 ``daily_limit`` when none is left."""
    service = _service(site, data.service_id)
    if data.release is not None:
        _release(tx, site, device_id, data.release.lease_id, data.release.next_seq)
    day = clock.day(tx.now).isoformat()
    size = data.size
    if service.daily_limit is not None:
        size = min(size, service.daily_limit - issued_count(tx.conn, site.id, day, service.id))
    last = (lowest_leased(tx.conn, site.id, day, service.id) or TOP + 1) - 1
    first = max(last - size + 1, next_seq(tx.conn, site.id, day, service.id) or last + 1)
    if size <= 0 or first > last:
        raise ApiError(
            409,
            "daily_limit",
            f"Hết số hôm nay cho dịch vụ {service.name_vi} / no more numbers today",
        )
    row = tx.conn.execute(
        "INSERT INTO ticket_leases (site_id, day, service_id, device_id, first_seq, last_seq,"
        " leased_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *",
        (site.id, day, service.id, device_id, first, last, tx.now),
    ).fetchone()
    return _lease(row)


def _replay(tx: Tx, site: Site, data: OfflineTicketIn, device_id: str) -> Ticket | None:
    row = tx.conn.execute(
        "SELECT * FROM tickets WHERE site_id = ? AND issued_by = ? AND idem_key = ?",
        (site.id, device_id, key_digest(data.client_id)),
    ).fetchone()
    if row is None:
        return None
    same = (row["origin_service_id"], row["priority_reason"], row["day"], row["seq"])
    if same != (data.service_id, data.priority, data.day, data.seq):
        raise ApiError(
            409,
            "idempotency_conflict",
            f"client_id {data.client_id} was used for another ticket by this kiosk",
        )
    return to_ticket(tx.conn, site, row, tx.now)


def upload(tx: Tx, site: Site, data: OfflineTicketIn, device_id: str) -> tuple[Ticket, bool]:
    """Put a ticket the kiosk issued offline in the queue at its original time; the same
    ``client_id`` again gives the same ticket. Returns the ticket and whether it is new."""
    if (same := _replay(tx, site, data, device_id)) is not None:
        return same, False
    service = _service(site, data.service_id)
    leased = tx.conn.execute(
        "SELECT id FROM ticket_leases WHERE site_id = ? AND device_id = ? AND day = ?"
        " AND service_id = ? AND first_seq <= ? AND last_seq >= ?"
        " AND (returned_from IS NULL OR returned_from > ?)",
        (site.id, device_id, data.day, service.id, data.seq, data.seq, data.seq),
    ).fetchone()
    number = format_number(service.prefix, data.seq)
    if leased is None:
        raise ApiError(
            409,
            "not_leased",
            f"Số {number} ngày {data.day} không thuộc lô số của máy này / "
            "not a number leased to this kiosk",
        )
    taken = tx.conn.execute(
        "SELECT id FROM tickets WHERE site_id = ? AND day = ? AND origin_service_id = ?"
        " AND seq = ?",
        (site.id, data.day, service.id, data.seq),
    ).fetchone()
    if taken is not None:
        raise ApiError(409, "number_taken", f"Số {number} đã có trong hàng chờ / already issued")
    issued_at = min(data.issued_at, tx.now)  # a kiosk clock ahead must not jump the lane
    row = tx.conn.execute(
        "INSERT INTO tickets (site_id, day, origin_service_id, service_id, seq, number, priority,"
        " priority_reason, status, lane_at, issued_at, issued_by, idem_key, print_failed,"
        " page_token)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?, ?) RETURNING *",
        (
            site.id,
            data.day,
            service.id,
            service.id,
            data.seq,
            number,
            int(data.priority is not None),
            data.priority,
            issued_at,
            issued_at,
            device_id,
            key_digest(data.client_id),
            int(data.print_failed),
            new_page_token(),  # its page exists once uploaded (the slip had no QR)
        ),
    ).fetchone()
    tx.emit(site.id, "ticket.issued", _event_ticket(row) | {"offline": True})
    return to_ticket(tx.conn, site, row, tx.now), True


def leases_of(conn: Any, site_id: str, device_id: str, day: str) -> list[Lease]:
    """A kiosk's leases of ``day``, oldest first."""
    rows = conn.execute(
        "SELECT * FROM ticket_leases WHERE site_id = ? AND device_id = ? AND day = ? ORDER BY id",
        (site_id, device_id, day),
    ).fetchall()
    return [_lease(r) for r in rows]
