"""Waiting estimates: people ahead and minutes, from recent service times."""

from __future__ import annotations

import math
from typing import Any

from kiosk.config import Service, Site

RECENT_SERVICES = 20  # moving-average window, in finished tickets
HISTORY_FULL_WEIGHT = 5  # below this many samples, blend with the configured default
ACTIVE_WINDOW_S = 3600  # a counter that called someone in the last hour is open


def lane_order_before(alias: str = "o") -> str:
    """SQL condition: ticket ``o`` is called before the ticket bound as :p, :b, :f, :l, :i
    (the order of :data:`kiosk.queue.tickets.CALL_ORDER`)."""
    o = alias
    return (
        f"({o}.priority > :p OR ({o}.priority = :p AND ({o}.booked > :b OR ({o}.booked = :b"
        f" AND ({o}.front > :f OR ({o}.front = :f AND ({o}.lane_at < :l OR "
        f"({o}.lane_at = :l AND {o}.id < :i))))))))"
    )


def waiting_ahead(conn: Any, row: Any) -> int:
    """Waiting tickets of the same site, service and day that will be called before ``row``."""
    sql = (
        "SELECT COUNT(*) FROM tickets o WHERE o.site_id = :site AND o.status = 'waiting' "
        f"AND o.day = :d AND o.service_id = :s AND {lane_order_before()}"
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
    }
    return conn.execute(sql, params).fetchone()[0]


def average_service_seconds(conn: Any, site_id: str, service: Service) -> float:
    """Mean of the last finished services, blended with the default while history is short."""
    rows = conn.execute(
        "SELECT finished_at - called_at FROM tickets WHERE site_id = ? AND service_id = ?"
        " AND status = 'finished' AND called_at IS NOT NULL ORDER BY finished_at DESC LIMIT ?",
        (site_id, service.id, RECENT_SERVICES),
    ).fetchall()
    samples = [min(max(r[0], 30.0), 7200.0) for r in rows]
    default = service.default_service_minutes * 60
    if not samples:
        return default
    weight = min(len(samples), HISTORY_FULL_WEIGHT) / HISTORY_FULL_WEIGHT
    return weight * (sum(samples) / len(samples)) + (1 - weight) * default


def open_counters(conn: Any, site: Site, service_id: str, now: float) -> int:
    """Counters serving ``service_id`` that called someone recently; all of them if none did."""
    configured = [c.id for c in site.counters_for(service_id)]
    if not configured:
        return 1
    marks = ",".join("?" * len(configured))
    active = conn.execute(
        "SELECT COUNT(DISTINCT counter_id) FROM tickets WHERE site_id = ? AND called_at > ? "
        f"AND counter_id IN ({marks})",
        (site.id, now - ACTIVE_WINDOW_S, *configured),
    ).fetchone()[0]
    return active or len(configured)


def eta_minutes(conn: Any, site: Site, service: Service, ahead: int, now: float) -> int:
    """Minutes until someone with ``ahead`` people before them is called."""
    seconds = ahead * average_service_seconds(conn, site.id, service)
    return math.ceil(seconds / open_counters(conn, site, service.id, now) / 60)
