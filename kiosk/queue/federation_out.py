"""The office side of federation: what the province has acknowledged, and the next batch.

The cursor is the id of the last event of the office's site that the province applied,
per upstream, in the office's own store: the forwarder resumes from it after a restart
or an outage. A batch is the events after the cursor in id order and the records they
touch, read as the office holds them now (a later change always has a later event, so
the province converges on the office's state).
"""

from __future__ import annotations

import json
from typing import Any

from kiosk.api.federation import AlertRecord, RatingRecord, TicketRecord
from kiosk.store.db import Tx

TICKET_COLUMNS = tuple(TicketRecord.model_fields)
RATING_COLUMNS = tuple(RatingRecord.model_fields)
ALERT_COLUMNS = tuple(AlertRecord.model_fields)


def cursor(conn: Any, site_id: str, upstream: str) -> int:
    """The last event id the province at ``upstream`` acknowledged (0: none yet)."""
    row = conn.execute(
        "SELECT last_event_id FROM federation_cursor WHERE site_id = ? AND upstream = ?",
        (site_id, upstream),
    ).fetchone()
    return 0 if row is None else row[0]


def set_cursor(tx: Tx, site_id: str, upstream: str, last_event_id: int) -> None:
    tx.conn.execute(
        "INSERT INTO federation_cursor (site_id, upstream, last_event_id, acked_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (site_id, upstream)"
        " DO UPDATE SET last_event_id = excluded.last_event_id, acked_at = excluded.acked_at",
        (site_id, upstream, last_event_id, tx.now),
    )


def pending(conn: Any, site_id: str, after: int) -> int:
    """How many of the site's events the province has not acknowledged."""
    return conn.execute(
        "SELECT COUNT(*) FROM events WHERE site_id = ? AND id > ?", (site_id, after)
    ).fetchone()[0]


def _rows(conn: Any, table: str, columns: tuple[str, ...], site_id: str, ids: set[int]) -> list:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return conn.execute(
        f"SELECT {', '.join(columns)} FROM {table} WHERE site_id = ? AND id IN ({marks})"
        " ORDER BY id",
        (site_id, *sorted(ids)),
    ).fetchall()


def _event(row: Any) -> dict[str, Any]:
    data = json.loads(row["data"])
    out: dict[str, Any] = {"id": row["id"], "ts": row["ts"], "type": row["type"]}
    if row["type"] == "device.alert":
        out["alert_id"] = data.get("id") or None
    elif row["type"] == "rating.created":
        out["rating_id"] = data.get("rating_id")
        out["ticket_id"] = data.get("ticket_id")
    elif row["type"].startswith("ticket."):
        out["ticket_id"] = data.get("ticket_id")
    return {k: v for k, v in out.items() if v is not None}


def read_batch(conn: Any, site_id: str, after: int, limit: int, now: float) -> dict[str, Any]:
    """The next batch (the JSON of :class:`kiosk.api.federation.Batch`): at most ``limit``
    events after ``after``, the records they touch, and whether it reaches the end."""
    rows = conn.execute(
        "SELECT id, ts, type, data FROM events WHERE site_id = ? AND id > ? ORDER BY id LIMIT ?",
        (site_id, after, limit),
    ).fetchall()
    events = [_event(r) for r in rows]

    def ids(key: str) -> set[int]:
        return {e[key] for e in events if key in e}

    ratings = [
        dict(zip(RATING_COLUMNS, r, strict=True))
        for r in _rows(conn, "ratings", RATING_COLUMNS, site_id, ids("rating_id"))
    ]
    for rating in ratings:
        rating["reasons"] = json.loads(rating["reasons"])
    ticket_ids = ids("ticket_id") | {r["ticket_id"] for r in ratings if r["ticket_id"]}
    tickets = [
        dict(zip(TICKET_COLUMNS, r, strict=True))
        for r in _rows(conn, "tickets", TICKET_COLUMNS, site_id, ticket_ids)
    ]
    for ticket in tickets:
        for flag in ("print_failed", "booked", "postponed"):
            ticket[flag] = bool(ticket[flag])
    alerts = [
        dict(zip(ALERT_COLUMNS, r, strict=True))
        for r in _rows(conn, "device_alerts", ALERT_COLUMNS, site_id, ids("alert_id"))
    ]
    return {
        "after": after,
        "events": events,
        "tickets": tickets,
        "ratings": ratings,
        "alerts": alerts,
        "as_of": now,
        "complete": len(rows) < limit,
    }
