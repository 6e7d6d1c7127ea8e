"""Satisfaction ratings of served visits: one per ticket or dossier, idempotent per device."""

from __future__ import annotations

import json
from typing import Any

from kiosk.api.errors import ApiError
from kiosk.api.models import Rating, RatingIn
from kiosk.clock import Clock
from kiosk.config import Device, Site
from kiosk.queue import counters
from kiosk.store.db import Tx


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


def _same_request(row: Any, data: RatingIn) -> bool:
    """Whether a stored rating is what ``data`` asks for (a retry, not a new request)."""
    return (
        row["ticket_id"] == data.ticket_id
        and row["dossier_code"] == data.dossier_code
        and row["counter_id"] == data.counter_id
        and row["level"] == data.level
        and json.loads(row["reasons"]) == [r.value for r in data.reasons]
    )


def rating_open(site: Site, clock: Clock, ticket: Any, now: float) -> bool:
    """A served visit is rated the same local day, at most ``site.rating_window_min``
    after service."""
    served_at = ticket["finished_at"] or ticket["called_at"]
    if served_at is None or ticket["counter_id"] is None:
        return False
    late = now - served_at > site.rating_window_min * 60
    return ticket["day"] == clock.day(now).isoformat() and not late


def is_rated(conn: Any, ticket_id: int) -> bool:
    return (
        conn.execute("SELECT 1 FROM ratings WHERE ticket_id = ?", (ticket_id,)).fetchone()
        is not None
    )


def _check_window(site: Site, clock: Clock, ticket: Any, now: float) -> None:
    if not rating_open(site, clock, ticket, now):
        raise ApiError(
            409,
            "rating_closed",
            f"Đã hết thời gian đánh giá lượt phục vụ số {ticket['number']} / "
            f"ticket {ticket['number']} can no longer be rated "
            f"(same day, {site.rating_window_min} min after service)",
        )


def _served_ticket(tx: Tx, site: Site, clock: Clock, data: RatingIn, device: Device) -> Any:
    """The served ticket ``data`` rates, at the counter of ``device`` and of ``data``."""
    ticket = tx.conn.execute(
        "SELECT * FROM tickets WHERE id = ? AND site_id = ?", (data.ticket_id, site.id)
    ).fetchone()
    if ticket is None:
        raise ApiError(404, "unknown_ticket", f"no ticket {data.ticket_id}")
    number, served_at = ticket["number"], ticket["counter_id"]
    if ticket["status"] not in ("called", "finished") or served_at is None:
        raise ApiError(409, "not_served", f"ticket {number} has not been served yet")
    if device.role == "rating" and device.counter != served_at:
        raise ApiError(
            403,
            "not_your_counter",
            f"ticket {number} was served at counter {served_at}; "
            f"device {device.id!r} rates counter {device.counter} only",
        )
    if data.counter_id != served_at:
        raise ApiError(
            409,
            "counter_mismatch",
            f"ticket {number} was served at counter {served_at}, not {data.counter_id}",
        )
    _check_window(site, clock, ticket, tx.now)
    return ticket


def check_level(site: Site, data: RatingIn) -> None:
    """A level within the site's scale (422 invalid): checked before anything is looked up."""
    if data.level > site.rating_levels:
        raise ApiError(
            422,
            "invalid",
            f"level: {data.level} is above this site's {site.rating_levels}-level scale",
        )


def add_rating(tx: Tx, site: Site, clock: Clock, data: RatingIn, device: Device) -> Rating:
    """Store a rating of a served ticket (or of a dossier the caller has looked up), its
    level checked by :func:`check_level`.

    The counter and officer come from the ticket: a ``counter_id`` other than the ticket's is
    refused (409 counter_mismatch), a rating device rates its own counter's tickets only (403
    not_your_counter), within the site's window after service (409 rating_closed).
    ``client_id`` is an idempotency key of the sending device: the same request again returns
    the first rating marked ``duplicate``, another request under it is refused (409
    idempotency_conflict). A second rating of a ticket or dossier is 409 already_rated.
    """
    conn = tx.conn
    if site.counter(data.counter_id) is None:
        raise ApiError(404, "unknown_counter", f"no counter {data.counter_id}")
    same = conn.execute(
        "SELECT * FROM ratings WHERE site_id = ? AND device_id = ? AND client_id = ?",
        (site.id, device.id, data.client_id),
    ).fetchone()
    if same is not None:
        if not _same_request(same, data):
            raise ApiError(
                409,
                "idempotency_conflict",
                f"client_id {data.client_id} was used for another rating by this device",
            )
        return _to_rating(same, duplicate=True)
    service_id = None
    dossier_code = data.dossier_code
    if data.ticket_id is not None:
        ticket = _served_ticket(tx, site, clock, data, device)
        service_id, officer_id = ticket["service_id"], ticket["officer_id"]
        taken = is_rated(conn, data.ticket_id)
    else:
        if device.role == "rating" and device.counter != data.counter_id:
            raise ApiError(
                403,
                "not_your_counter",
                f"device {device.id!r} rates counter {device.counter} only",
            )
        officer_id = counters.session(conn, site.id, data.counter_id).officer_id
        taken = None
    if taken is None and dossier_code is not None:
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


PHONE = "phone-page"  # the device id recorded on ratings given on a ticket's phone page


def add_phone_rating(tx: Tx, site: Site, clock: Clock, ticket_id: int, level: int) -> Rating:
    """A rating from the ticket's phone page: the rating screen's rules (served, same day,
    within the window, one per ticket), the counter and officer taken from the ticket."""
    row = tx.conn.execute(
        "SELECT counter_id FROM tickets WHERE id = ? AND site_id = ?", (ticket_id, site.id)
    ).fetchone()
    if row is None or row["counter_id"] is None:
        raise ApiError(409, "not_served", "Số này chưa được phục vụ / not served yet")
    data = RatingIn(
        ticket_id=ticket_id,
        counter_id=row["counter_id"],
        level=level,
        client_id=f"phone-ticket-{ticket_id}",
    )
    check_level(site, data)
    phone = Device(id=PHONE, role="phone", token="", site=site.id)
    if is_rated(tx.conn, ticket_id):  # before the idempotency key: another level is no conflict
        raise ApiError(
            409, "already_rated", "Đã ghi nhận đánh giá trước đó / already rated, thank you"
        )
    return add_rating(tx, site, clock, data, phone)
