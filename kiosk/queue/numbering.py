"""Ticket numbers: one sequence per site, service and local day, shared by the hub's own
issuing and the blocks it leases to kiosks (kiosk/queue/leases.py)."""

from __future__ import annotations

from typing import Any


def format_number(prefix: str, seq: int) -> str:
    return f"{prefix}{seq:03d}"


def next_seq(conn: Any, site_id: str, day: str, service_id: str) -> int:
    """The next number of a service on ``day`` that nobody was given or leased."""
    return conn.execute(
        "SELECT MAX(n) + 1 FROM (SELECT COALESCE(MAX(seq), 0) AS n FROM tickets"
        " WHERE site_id = ? AND day = ? AND origin_service_id = ?"
        " UNION ALL SELECT COALESCE(MAX(last_seq), 0) AS n FROM ticket_leases"
        " WHERE site_id = ? AND day = ? AND service_id = ?) AS given",
        (site_id, day, service_id, site_id, day, service_id),
    ).fetchone()[0]
