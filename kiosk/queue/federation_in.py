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
_RATING = [c for c in RatingRecord.model_fields if c not in ("id", "reasons")]


def _upsert(tx: Tx, table: str, site_id: str, origin_id: int, values: dict[str, Any]) -> int:
    """Insert or update the row of ``table`` keyed by (site, office id); its id here."""
    columns = ["site_id", "origin_id", *values]
    updates = ", ".join(f"{c} = excluded.{c}" for c in values)
    row = tx.conn.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        f" ON CONFLICT (site_id, origin_id) DO UPDATE SET {updates} RETURNING id",
        (site_id, origin_id, *values.values()),
    ).fetchone()
    return row[0]


def _ticket(tx: Tx, site_id: str, t: TicketRecord) -> int:
    values = {c: getattr(t, c) for c in _TICKET}
    values["day"] = t.day.isoformat()
    values["status"] = t.status.value
    values["priority_reason"] = t.priority_reason.value if t.priority_reason else None
    values["priority"] = int(t.priority_reason is not None)
    values["print_failed"] = int(t.print_failed)
    return _upsert(tx, "tickets", site_id, t.id, values)


def _local_ticket(tx: Tx, site_id: str, origin_id: int) -> int | None:
    row = tx.conn.execute(
        "SELECT id FROM tickets WHERE site_id = ? AND origin_id = ?", (site_id, origin_id)
    ).fetchone()
    return None if row is None else row[0]


def _rating(tx: Tx, site_id: str, r: RatingRecord, tickets: dict[int, int]) -> None:
    values = {c: getattr(r, c) for c in _RATING}
    values["day"] = r.day.isoformat()
    if r.ticket_id is None and r.dossier_code is None:
        raise ApiError(409, "federation_invalid", f"rating {r.id} rates neither ticket nor dossier")
    values["reasons"] = json.dumps([reason.value for reason in r.reasons])
    if r.ticket_id is not None:
        local = tickets.get(r.ticket_id) or _local_ticket(tx, site_id, r.ticket_id)
        if local is None:
            raise ApiError(
                409,
                "federation_missing",
                f"rating {r.id} rates ticket {r.ticket_id}, which this hub does not hold; "
                "send the ticket with it",
            )
        values["ticket_id"] = local
    _upsert(tx, "ratings", site_id, r.id, values)


def _alert(tx: Tx, site_id: str, a: AlertRecord) -> int:
    values = {c: getattr(a, c) for c in ("device_id", "kind", "status", "message", "created_at")}
    return _upsert(tx, "device_alerts", site_id, a.id, values)


def _fault(tx: Tx, site_id: str, a: AlertRecord, local_id: int) -> None:
    """The device's state in force after report ``a`` (as kiosk.queue.alerts.report sets it)."""
    if a.status == "ok":
        tx.conn.execute(
            "DELETE FROM device_faults WHERE site_id = ? AND device_id = ? AND kind = ?",
            (site_id, a.device_id, a.kind),
        )
        return
    tx.conn.execute(
        "INSERT INTO device_faults (site_id, device_id, kind, status, since, alert_id)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (site_id, device_id, kind)"
        " DO UPDATE SET status = excluded.status, since = excluded.since,"
        " alert_id = excluded.alert_id",
        (site_id, a.device_id, a.kind, a.status, a.created_at, local_id),
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
    state = progress(tx.conn, site.id)
    last = state["last_event_id"] if state else 0
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
            tickets = {t.id: _ticket(tx, site.id, t) for t in batch.tickets}
            for r in batch.ratings:
                _rating(tx, site.id, r, tickets)
            alerts = {a.id: (a, _alert(tx, site.id, a)) for a in batch.alerts}
        except Exception as e:
            if not is_conflict(e):
                raise
            raise ApiError(
                409,
                "federation_conflict",
                f"a record of {site.id} clashes with one this hub holds already "
                f"(a ticket number or rating issued here for that site?): {e}",
            ) from None
        for event in fresh:
            if event.alert_id in alerts:
                _fault(tx, site.id, *alerts[event.alert_id])
    last_at = fresh[-1].ts if fresh else (state["last_event_at"] if state else None)
    until = min(batch.as_of, tx.now) if batch.complete else last_at  # not past our clock
    if state and state["data_until"] is not None:
        until = max(until or 0.0, state["data_until"])
    new_last = fresh[-1].id if fresh else last
    tx.conn.execute(
        "INSERT INTO federation_sites (site_id, last_event_id, last_event_at, data_until,"
        " applied_at, events) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (site_id) DO UPDATE SET"
        " last_event_id = excluded.last_event_id, last_event_at = excluded.last_event_at,"
        " data_until = excluded.data_until, applied_at = excluded.applied_at,"
        " events = federation_sites.events + excluded.events",
        (site.id, new_last, last_at, until, tx.now, len(fresh)),
    )
    return BatchAck(site_id=site.id, applied=len(fresh), last_event_id=new_last, data_until=until)
