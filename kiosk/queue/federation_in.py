"""The province side of federation: apply an office's batch, and each office's progress.

A batch is applied in one transaction (one write task). Each record is upserted under
(site, office id), so a batch sent twice changes nothing; events are chained per site
(``after`` must not be past the last applied one, else 409 ``federation_gap`` with the
id expected). A device's state in force follows its alert reports in event order.
``federation_sites`` keeps per site the last applied event, its time, and how far the
site's data reaches (the office's clock when it had nothing more to send).
"""

from __future__ import annotations

import json
from typing import Any

from kiosk.api.errors import ApiError
from kiosk.api.federation import (
    AlertRecord,
    Batch,
    BatchAck,
    RatingRecord,
    TicketRecord,
    gap_extra,
)
from kiosk.config import Site
from kiosk.store.db import Tx, is_conflict

STALE_AFTER_S = 600.0  # an office whose data is older than this is shown as behind
_TICKET = [c for c in TicketRecord.model_fields if c != "id"]
_RATING = [c for c in RatingRecord.model_fields if c not in ("id", "ticket_id")]
_ALERT = [c for c in AlertRecord.model_fields if c != "id"]
LOCAL_TICKET = "(SELECT id FROM tickets WHERE site_id = ? AND origin_id = ?)"
LOCAL_ALERT = "(SELECT id FROM device_alerts WHERE site_id = ? AND origin_id = ?)"


def _upsert_all(tx: Tx, table: str, rows: list[dict[str, Any]], marks: dict[str, str]) -> None:
    """Insert or update ``rows`` of ``table``, each keyed by (site, office id), in one
    pipelined statement. ``marks``: a column's SQL in place of ``?`` (a lookup)."""
    if not rows:
        return
    columns = list(rows[0])
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in ("site_id", "origin_id"))
    tx.conn.executemany(
        f"INSERT INTO {table} ({', '.join(columns)})"
        f" VALUES ({', '.join(marks.get(c, '?') for c in columns)})"
        f" ON CONFLICT (site_id, origin_id) DO UPDATE SET {updates}",
        [tuple(v for value in row.values() for v in _flat(value)) for row in rows],
    )


def _flat(value: Any) -> tuple[Any, ...]:
    """A lookup's parameters spread out (its mark has two), a plain value as one."""
    return value if isinstance(value, tuple) else (value,)


def _ticket(site_id: str, t: TicketRecord) -> dict[str, Any]:
    row: dict[str, Any] = {"site_id": site_id, "origin_id": t.id}
    row |= {c: getattr(t, c) for c in _TICKET}
    row["day"] = t.day.isoformat()
    row["status"] = t.status.value
    row["priority_reason"] = t.priority_reason.value if t.priority_reason else None
    row["priority"] = int(t.priority_reason is not None)
    for flag in ("print_failed", "booked", "postponed"):
        row[flag] = int(getattr(t, flag))
    return row


def _rating(site_id: str, r: RatingRecord, held: set[int]) -> dict[str, Any]:
    if r.ticket_id is None and r.dossier_code is None:
        raise ApiError(409, "federation_invalid", f"rating {r.id} rates neither ticket nor dossier")
    if r.ticket_id is not None and r.ticket_id not in held:
        raise ApiError(
            409,
            "federation_missing",
            f"rating {r.id} rates ticket {r.ticket_id}, which this hub does not hold; "
            "send the ticket with it",
        )
    row: dict[str, Any] = {"site_id": site_id, "origin_id": r.id}
    row |= {c: getattr(r, c) for c in _RATING}
    row["day"] = r.day.isoformat()
    row["reasons"] = json.dumps([reason.value for reason in r.reasons])
    row["ticket_id"] = (site_id, r.ticket_id)  # the ticket's id here: LOCAL_TICKET
    return row


def _alert(site_id: str, a: AlertRecord) -> dict[str, Any]:
    return {"site_id": site_id, "origin_id": a.id} | {c: getattr(a, c) for c in _ALERT}


IDENTITY = {  # what an office record is, whatever else changes on it later
    "tickets": ("day", "origin_service_id", "seq"),
    "ratings": ("device_id", "client_id"),
    "device_alerts": ("device_id", "kind", "created_at"),
}


def _check_identity(tx: Tx, table: str, site_id: str, rows: list[dict[str, Any]]) -> None:
    """Refuse (409) a record whose office id this hub holds as another record: the office's
    store was replaced (a restore, a new file) and counts its ids again."""
    if not rows:
        return
    columns = IDENTITY[table]
    marks = ",".join("?" * len(rows))
    held = {
        r[0]: tuple(r)[1:]
        for r in tx.conn.execute(
            f"SELECT origin_id, {', '.join(columns)} FROM {table}"
            f" WHERE site_id = ? AND origin_id IN ({marks})",
            (site_id, *(row["origin_id"] for row in rows)),
        ).fetchall()
    }
    for row in rows:
        mine = held.get(row["origin_id"])
        if mine is not None and mine != tuple(row[c] for c in columns):
            raise ApiError(
                409,
                "federation_conflict",
                f"{table} {row['origin_id']} of {site_id} was {mine} here and is now "
                f"{tuple(row[c] for c in columns)}: was the office's store replaced? "
                "Nothing of this batch was applied",
            )


def _held_tickets(tx: Tx, site_id: str, origin_ids: set[int]) -> set[int]:
    """Which of these office ticket ids this hub holds."""
    if not origin_ids:
        return set()
    marks = ",".join("?" * len(origin_ids))
    rows = tx.conn.execute(
        f"SELECT origin_id FROM tickets WHERE site_id = ? AND origin_id IN ({marks})",
        (site_id, *origin_ids),
    ).fetchall()
    return {r[0] for r in rows}


def _fault(tx: Tx, site_id: str, a: AlertRecord) -> None:
    """The device's state in force after report ``a`` (as kiosk.queue.alerts.report sets it)."""
    if a.status == "ok":
        tx.conn.execute(
            "DELETE FROM device_faults WHERE site_id = ? AND device_id = ? AND kind = ?",
            (site_id, a.device_id, a.kind),
        )
        return
    tx.conn.execute(
        "INSERT INTO device_faults (site_id, device_id, kind, status, since, alert_id)"
        f" VALUES (?, ?, ?, ?, ?, {LOCAL_ALERT})"
        " ON CONFLICT (site_id, device_id, kind)"
        " DO UPDATE SET status = excluded.status, since = excluded.since,"
        " alert_id = excluded.alert_id",
        (site_id, a.device_id, a.kind, a.status, a.created_at, site_id, a.id),
    )


def progress(conn: Any, site_id: str) -> dict[str, Any] | None:
    """A federated site's last applied event and how far its data reaches (None: the site
    has never forwarded anything here)."""
    row = conn.execute(
        "SELECT last_event_id, last_event_at, data_until, applied_at, events"
        " FROM federation_sites WHERE site_id = ?",
        (site_id,),
    ).fetchone()
    if row is None:
        return None
    return {
        "last_event_id": row["last_event_id"],
        "last_event_at": row["last_event_at"],
        "data_until": row["data_until"],
        "applied_at": row["applied_at"],
        "events": row["events"],
    }


def apply(tx: Tx, site: Site, batch: Batch) -> BatchAck:
    """Apply an office's batch for ``site``; the acknowledgement the office advances on."""
    tx.conn.execute(  # the site's row, locked until commit where the store has row locks
        "INSERT INTO federation_sites (site_id, last_event_id, applied_at) VALUES (?, 0, ?)"
        " ON CONFLICT (site_id) DO UPDATE SET site_id = excluded.site_id",
        (site.id, tx.now),
    )
    state = progress(tx.conn, site.id)
    assert state is not None
    last = state["last_event_id"]
    if batch.after > last:
        raise ApiError(
            409,
            "federation_gap",
            f"Thiếu dữ liệu của {site.id} / gap: this hub holds {site.id}'s events up to "
            f"{last}, the batch starts after {batch.after}; send the events after {last}",
            **gap_extra(last),
        )
    fresh = [e for e in batch.events if e.id > last]  # in id order; the rest were applied
    if fresh or not batch.events:
        try:
            tickets = [_ticket(site.id, t) for t in batch.tickets]
            _check_identity(tx, "tickets", site.id, tickets)
            _upsert_all(tx, "tickets", tickets, {})
            wanted = {r.ticket_id for r in batch.ratings if r.ticket_id is not None}
            held = _held_tickets(tx, site.id, wanted)
            ratings = [_rating(site.id, r, held) for r in batch.ratings]
            _check_identity(tx, "ratings", site.id, ratings)
            _upsert_all(tx, "ratings", ratings, {"ticket_id": LOCAL_TICKET})
            alerts = [_alert(site.id, a) for a in batch.alerts]
            _check_identity(tx, "device_alerts", site.id, alerts)
            _upsert_all(tx, "device_alerts", alerts, {})
        except Exception as e:
            if not is_conflict(e):
                raise
            raise ApiError(
                409,
                "federation_conflict",
                f"a record of {site.id} clashes with one this hub holds already "
                f"(a ticket number or rating issued here for that site?): {e}",
            ) from None
        reports = {a.id: a for a in batch.alerts}
        for event in fresh:
            if event.alert_id in reports:
                _fault(tx, site.id, reports[event.alert_id])
    last_at = fresh[-1].ts if fresh else state["last_event_at"]
    until = min(batch.as_of, tx.now) if batch.complete else last_at  # not past our clock
    if state["data_until"] is not None:
        until = max(until or 0.0, state["data_until"])
    new_last = fresh[-1].id if fresh else last
    tx.conn.execute(
        "UPDATE federation_sites SET last_event_id = ?, last_event_at = ?, data_until = ?,"
        " applied_at = ?, events = events + ? WHERE site_id = ?",
        (new_last, last_at, until, tx.now, len(fresh), site.id),
    )
    return BatchAck(site_id=site.id, applied=len(fresh), last_event_id=new_last, data_until=until)
