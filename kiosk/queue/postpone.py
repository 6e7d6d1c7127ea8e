""" "Hoãn lượt": a waiting citizen delays their turn from the phone page, once per ticket.

The ticket moves ``site.postpone_places`` places back in its own lane (same service and
priority lane), or to the end of it when fewer wait behind. The calling order stays the
one of :mod:`kiosk.queue.tickets` (``priority DESC, front DESC, lane_at, id``): only the
ticket's ``front`` and ``lane_at`` change, to fall between the ticket it now follows and
the one after that.
"""

from __future__ import annotations

import math
from typing import Any

from kiosk.api.errors import ApiError
from kiosk.api.models import Ticket
from kiosk.clock import Clock
from kiosk.config import Site
from kiosk.queue.eta import lane_order_before
from kiosk.queue.tickets import _event_ticket, to_ticket
from kiosk.store.db import Tx


def behind(conn: Any, row: Any, limit: int) -> list[Any]:
    """Up to ``limit`` waiting tickets of ``row``'s lane called after it, in calling order."""
    sql = (
        "SELECT * FROM tickets o WHERE o.site_id = :site AND o.status = 'waiting' "
        "AND o.day = :d AND o.service_id = :s AND o.priority = :p AND o.id <> :i "
        f"AND NOT {lane_order_before()} ORDER BY o.front DESC, o.lane_at, o.id LIMIT :n"
    )
    params = {
        "site": row["site_id"],
        "d": row["day"],
        "s": row["service_id"],
        "p": row["priority"],
        "b": row["booked"],
        "f": row["front"],
        "l": row["lane_at"],
        "i": row["id"],
        "n": limit,
    }
    return conn.execute(sql, params).fetchall()


def _slot(after: Any, following: Any | None) -> tuple[int, float]:
    """``front`` and ``lane_at`` just after the ticket ``after``, before ``following``."""
    lane_at = math.nextafter(after["lane_at"], math.inf)
    if following is not None and following["front"] == after["front"]:
        middle = (after["lane_at"] + following["lane_at"]) / 2
        if after["lane_at"] < middle < following["lane_at"]:
            lane_at = middle
    return after["front"], lane_at


def postpone(tx: Tx, site: Site, clock: Clock, ticket_id: int) -> tuple[Ticket, int]:
    """Move a waiting ticket of today back; the ticket and the places it moved.

    Refused (409) when it was postponed already, is not waiting, or nobody waits behind it.
    """
    row = tx.conn.execute(
        "SELECT * FROM tickets WHERE id = ? AND site_id = ?", (ticket_id, site.id)
    ).fetchone()
    if row is None:
        raise ApiError(404, "unknown_ticket", f"Không có vé {ticket_id} / no such ticket")
    number = row["number"]
    if row["postponed"]:
        raise ApiError(
            409,
            "already_postponed",
            f"Số {number} đã hoãn lượt một lần; mỗi số chỉ được hoãn một lần / "
            f"ticket {number} was already postponed once",
        )
    if row["status"] != "waiting" or row["day"] != clock.day(tx.now).isoformat():
        raise ApiError(
            409,
            "not_waiting",
            f"Số {number} không còn chờ nên không hoãn được / ticket {number} is not waiting",
        )
    later = behind(tx.conn, row, site.postpone_places + 1)
    if not later:
        raise ApiError(
            409,
            "nobody_behind",
            f"Không có ai chờ sau số {number}, không cần hoãn / nobody waits behind {number}",
        )
    places = min(site.postpone_places, len(later))
    front, lane_at = _slot(later[places - 1], later[places] if len(later) > places else None)
    row = tx.conn.execute(
        "UPDATE tickets SET front = ?, lane_at = ?, postponed = 1 WHERE id = ? RETURNING *",
        (front, lane_at, row["id"]),
    ).fetchone()
    tx.emit(site.id, "ticket.postponed", _event_ticket(row) | {"places": places})
    return to_ticket(tx.conn, site, row, tx.now), places
