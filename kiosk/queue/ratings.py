"""Satisfaction ratings: idempotent on client_id, one per ticket or dossier."""

from __future__ import annotations

import json
from typing import Any

from kiosk.config import Device, Site
from kiosk.errors import ApiError
from kiosk.queue import counters
from kiosk.queue.clock import Clock
from kiosk.queue.db import Tx
from kiosk.queue.models import Rating, RatingIn


def _to_rating(row: Any, duplicate: bool = False) -> Rating:
    return Rating(
        id=row["id"],
        client_id=row["client_id"],
        ticket_id=row["ticket_id"],
        dossier_code=row["dossier_code"],
        counter_id=row["counter_id"],
        officer_id=row["officer_id"],
        service_id=row["service_id"],
        level=row["level"],
        scale=row["scale"],
        reasons=json.loads(row["reasons"]),
        created_at=row["created_at"],
        duplicate=duplicate,
    )


def add_rating(tx: Tx, site: Site, clock: Clock, data: RatingIn, device: Device) -> Rating:
    """Store a rating; the same client_id again returns the first one marked ``duplicate``.

    A second rating for a ticket or dossier already rated is refused (409 already_rated).
    """
    conn = tx.conn
    same = conn.execute("SELECT * FROM ratings WHERE client_id = ?", (data.client_id,)).fetchone()
    if same is not None:
        if same["site_id"] != site.id:
            raise ApiError(409, "client_id_taken", "client_id belongs to another site's rating")
        return _to_rating(same, duplicate=True)
    if site.counter(data.counter_id) is None:
        raise ApiError(404, "unknown_counter", f"no counter {data.counter_id}")
    if device.role == "rating" and device.counter != data.counter_id:
        raise ApiError(
            403, "forbidden", f"device {device.id!r} rates for counter {device.counter} only"
        )
    if data.level > site.rating_levels:
        raise ApiError(
            422,
            "invalid",
            f"level: {data.level} is above this site's {site.rating_levels}-level scale",
        )
    service_id = None
    officer_id = counters.session(conn, site.id, data.counter_id).officer_id
    dossier_code = data.dossier_code
    if data.ticket_id is not None:
        ticket = conn.execute(
            "SELECT * FROM tickets WHERE id = ? AND site_id = ?", (data.ticket_id, site.id)
        ).fetchone()
        if ticket is None:
            raise ApiError(404, "unknown_ticket", f"no ticket {data.ticket_id}")
        if ticket["status"] not in ("called", "finished") or ticket["counter_id"] is None:
            raise ApiError(409, "not_served", f"ticket {ticket['number']} has not been served yet")
        service_id = ticket["service_id"]
        officer_id = ticket["officer_id"]
        taken = conn.execute(
            "SELECT 1 FROM ratings WHERE ticket_id = ?", (data.ticket_id,)
        ).fetchone()
    else:
        taken = conn.execute(
            "SELECT 1 FROM ratings WHERE dossier_code = ? AND site_id = ?", (dossier_code, site.id)
        ).fetchone()
    if taken:
        raise ApiError(
            409, "already_rated", "Đã ghi nhận đánh giá trước đó / already rated, thank you"
        )
    row = conn.execute(
        "INSERT INTO ratings (site_id, client_id, ticket_id, dossier_code, counter_id, service_id,"
        " level, scale, reasons, device_id, created_at, day, officer_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
        (
            site.id,
            data.client_id,
            data.ticket_id,
            dossier_code,
            data.counter_id,
            service_id,
            data.level,
            site.rating_levels,
            json.dumps([r.value for r in data.reasons]),
            device.id,
            tx.now,
            clock.day(tx.now).isoformat(),
            officer_id,
        ),
    ).fetchone()
    tx.emit(
        site.id,
        "rating.created",
        {
            "rating_id": row["id"],
            "ticket_id": data.ticket_id,
            "counter_id": data.counter_id,
            "level": data.level,
        },
    )
    return _to_rating(row)
