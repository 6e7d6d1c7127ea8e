"""Messages to citizens' phones, in the store: the numbers, the outbox, and their ends.

A number left at the kiosk is kept in ``notify_phones`` by ticket, never in the ticket
row, an event, a report or an answer. After every change to the queue (in the same
transaction) the outbox gets, at most once per ticket and kind (``UNIQUE (ticket_id,
kind)``):

- ``soon`` when a waiting ticket with a number has ``ahead`` people (or fewer, not none)
  before it, at issue too: the same rule, one message (with none ahead, "called" is next);
- ``called`` when it is called (a recall or a second call sends nothing more).

The outbox rows hold the text and the tracking id, not the number: the sender joins
the number at sending time. When the ticket ends the number is deleted, and so every
message of it still pending is *dropped*, not sent: once the citizen has been served
(finished, or transferred and then finished), a message would come too late to help.
A skipped ticket keeps its number for ``SKIP_KEEP_S`` (the officer may call it again,
and the "called" message may still bring its citizen back); a ticket of an earlier
day (the numbering's day reset) loses it at once; retention deletes what is left.
The sender purges right after each commit of ticket events (and every ``IDLE_S``),
then has the store leave no copy of the deleted rows (``Database.scrub``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from kiosk.api.phone import normalize
from kiosk.config import HubConfig, NotifySettings, Site
from kiosk.notify.base import Message, fill
from kiosk.queue import eta
from kiosk.store.db import Tx

SKIP_KEEP_S = 1800.0  # a skipped ticket's number is kept this long (it may be called again)


def register(tx: Tx, ticket_id: int, site_id: str, phone: str) -> None:
    """Keep ``phone`` for ticket ``ticket_id`` (again for a replayed request: no change)."""
    number = normalize(phone)
    if number is None:  # the API's pattern lets none through; nothing to keep
        return
    tx.conn.execute(
        "INSERT INTO notify_phones (ticket_id, site_id, phone, created_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (ticket_id) DO NOTHING",
        (ticket_id, site_id, number, tx.now),
    )


def _enqueue(
    tx: Tx, site: Site, settings: NotifySettings, row: Any, kind: str, **values: Any
) -> None:
    values = {"number": row["number"], "site": site.name} | values
    text = fill(settings.texts[kind], {k: str(v) for k, v in values.items()})
    tracking = f"{site.id}.{row['day']}.{row['id']}.{kind}"
    tx.conn.execute(
        "INSERT INTO notify_outbox (site_id, ticket_id, kind, tracking_id, body, status,"
        " next_at, created_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?)"
        " ON CONFLICT (ticket_id, kind) DO NOTHING",
        (site.id, row["id"], kind, tracking,
         json.dumps({"text": text, "values": values}, ensure_ascii=False), tx.now),
    )  # fmt: skip


def after_change(tx: Tx, config: HubConfig, settings: NotifySettings, today: str) -> None:
    """Follow the ticket events of this write: enqueue the messages now due (the numbers
    of ended tickets are the sender's to delete, :func:`purge`)."""
    touched = {e["site_id"] for e in tx.events if e["type"].startswith("ticket.")}
    if not touched:
        return
    for event in tx.events:
        site = config.site(event["site_id"])
        if event["type"] != "ticket.called" or site is None:
            continue
        row = tx.conn.execute(
            "SELECT t.* FROM tickets t JOIN notify_phones p ON p.ticket_id = t.id WHERE t.id = ?",
            (event["data"]["ticket_id"],),
        ).fetchone()
        if row is not None:
            _enqueue(tx, site, settings, row, "called", counter=row["counter_id"])
            tx.conn.execute(  # "soon" comes too late once called
                "UPDATE notify_outbox SET status = 'dropped', done_at = ?"
                " WHERE ticket_id = ? AND kind = 'soon' AND status = 'pending'",
                (tx.now, row["id"]),
            )
    for site_id in touched:
        if (site := config.site(site_id)) is not None:
            _soon(tx, site, settings, today)


def _soon(tx: Tx, site: Site, settings: NotifySettings, today: str) -> None:
    rows = tx.conn.execute(
        "SELECT t.* FROM notify_phones p JOIN tickets t ON t.id = p.ticket_id"
        " WHERE p.site_id = ? AND t.status = 'waiting' AND t.day = ? AND NOT EXISTS"
        " (SELECT 1 FROM notify_outbox o WHERE o.ticket_id = t.id AND o.kind = 'soon')",
        (site.id, today),
    ).fetchall()
    for row in rows:
        ahead = eta.waiting_ahead(tx.conn, row)
        if 0 < ahead <= settings.ahead:
            _enqueue(tx, site, settings, row, "soon", ahead=ahead)


_ENDED = (
    "SELECT t.id FROM notify_phones p JOIN tickets t ON t.id = p.ticket_id"
    " WHERE t.status = 'finished' OR t.day < ? OR (t.status = 'skipped' AND t.skipped_at < ?)"
)


def ended(conn: Any, today: str, now: float) -> int:
    """How many numbers belong to tickets that have ended (a read: is a purge due?)."""
    return len(conn.execute(_ENDED, (today, now - SKIP_KEEP_S)).fetchall())


def purge(tx: Tx, today: str) -> int:
    """Delete the numbers of ended tickets (finished; skipped over ``SKIP_KEEP_S`` ago; of
    a day before ``today``) and drop their pending messages. Returns the numbers deleted."""
    gone = tx.conn.execute(
        f"DELETE FROM notify_phones WHERE ticket_id IN ({_ENDED})", (today, tx.now - SKIP_KEEP_S)
    ).rowcount
    drop_orphans(tx)
    return gone


def drop_orphans(tx: Tx) -> None:
    """Pending messages whose number is gone will never be sent: dropped."""
    tx.conn.execute(
        "UPDATE notify_outbox SET status = 'dropped', done_at = ? WHERE status = 'pending'"
        " AND ticket_id NOT IN (SELECT ticket_id FROM notify_phones)",
        (tx.now,),
    )


def forget_day(conn: Any, day: str) -> None:
    """Retention: the numbers and messages of a day's tickets go before the tickets do."""
    day_tickets = "(SELECT id FROM tickets WHERE day = ?)"
    conn.execute(f"DELETE FROM notify_phones WHERE ticket_id IN {day_tickets}", (day,))
    conn.execute(f"DELETE FROM notify_outbox WHERE ticket_id IN {day_tickets}", (day,))


@dataclass(frozen=True)
class Due:
    """A pending message and its number (None: the number is gone, drop it)."""

    id: int
    attempts: int
    message: Message | None


def due(conn: Any, now: float, limit: int = 20) -> list[Due]:
    """Pending messages whose time has come, oldest first."""
    rows = conn.execute(
        "SELECT o.id, o.kind, o.tracking_id, o.body, o.attempts, p.phone FROM notify_outbox o"
        " LEFT JOIN notify_phones p ON p.ticket_id = o.ticket_id"
        " WHERE o.status = 'pending' AND o.next_at <= ? ORDER BY o.next_at, o.id LIMIT ?",
        (now, limit),
    ).fetchall()
    out = []
    for r in rows:
        body = json.loads(r["body"])
        message = None
        if r["phone"] is not None:
            message = Message(r["tracking_id"], r["kind"], r["phone"], body["text"], body["values"])
        out.append(Due(r["id"], r["attempts"], message))
    return out


def next_due(conn: Any) -> float | None:
    """When the earliest pending message is due (None: none pending)."""
    return conn.execute(
        "SELECT MIN(next_at) FROM notify_outbox WHERE status = 'pending'"
    ).fetchone()[0]


def mark_sent(tx: Tx, outbox_id: int, provider_id: str | None) -> None:
    tx.conn.execute(
        "UPDATE notify_outbox SET status = 'sent', done_at = ?, attempts = attempts + 1,"
        " provider_id = ?, last_error = NULL WHERE id = ? AND status = 'pending'",
        (tx.now, provider_id, outbox_id),
    )


def mark_failed(tx: Tx, outbox_id: int, reason: str, next_at: float | None) -> None:
    """One more failed attempt: try again at ``next_at``, or give up (None)."""
    tx.conn.execute(
        "UPDATE notify_outbox SET attempts = attempts + 1, last_error = ?,"
        " status = CASE WHEN ? THEN 'pending' ELSE 'failed' END, next_at = ?,"
        " done_at = CASE WHEN ? THEN NULL ELSE ? END WHERE id = ? AND status = 'pending'",
        (reason[:200], next_at is not None, next_at or 0, next_at is not None, tx.now, outbox_id),
    )


def mark_dropped(tx: Tx, outbox_id: int) -> None:
    tx.conn.execute(
        "UPDATE notify_outbox SET status = 'dropped', done_at = ? WHERE id = ?",
        (tx.now, outbox_id),
    )
