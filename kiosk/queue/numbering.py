"""Ticket numbers: one sequence per site, service and local day, shared by the hub's own
issuing and the blocks it leases to kiosks (kiosk/queue/leases.py).

The hub gives numbers upward from 1; leases are cut downward from :data:`TOP` (A999,
A998, ...), so a day without faults numbers 1, 2, 3 with no gap, an offline ticket's
number stands apart (A98x), and the two meet only when the day's numbers run out.
"""

from __future__ import annotations

from typing import Any

TOP = 999  # the highest number of a service a day (three digits)


def format_number(prefix: str, seq: int) -> str:
    return f"{prefix}{seq:03d}"


def lowest_leased(conn: Any, site_id: str, day: str, service_id: str) -> int | None:
    """The lowest number of a service leased on ``day`` (None: no lease)."""
    return conn.execute(
        "SELECT MIN(first_seq) FROM ticket_leases WHERE site_id = ? AND day = ? AND service_id = ?",
        (site_id, day, service_id),
    ).fetchone()[0]


def next_seq(conn: Any, site_id: str, day: str, service_id: str) -> int | None:
    """The hub's next own number of a service on ``day``: after every number it gave, below
    every leased one; None when none is left."""
    ceiling = lowest_leased(conn, site_id, day, service_id) or TOP + 1
    given = conn.execute(
        "SELECT COALESCE(MAX(seq), 0) FROM tickets WHERE site_id = ? AND day = ?"
        " AND origin_service_id = ? AND seq < ?",
        (site_id, day, service_id, ceiling),
    ).fetchone()[0]
    return given + 1 if given + 1 < ceiling else None


def issued_count(conn: Any, site_id: str, day: str, service_id: str) -> int:
    """Tickets of a service given on ``day``, online and offline (the daily limit counts these)."""
    return conn.execute(
        "SELECT COUNT(*) FROM tickets WHERE site_id = ? AND day = ? AND origin_service_id = ?",
        (site_id, day, service_id),
    ).fetchone()[0]
