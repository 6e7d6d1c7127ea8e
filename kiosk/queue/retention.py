"""Retention: tickets and ratings older than ``[hub] retention_days`` become daily aggregates.

A day past retention is reduced, in one transaction, to anonymous ``daily_stats`` rows
per (day, service, counter, officer): counts and {value: count} histograms of waits, service
times, hours of issue, rating levels and reasons. Ticket rows, rating rows (with their
dossier codes and device ids), the appointments of those days (their codes), and the
event log and device alerts of those days are deleted. Reports read the aggregates in
place of the rows (kiosk/queue/reports.py); appointment figures are not kept.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.clock import Clock
from kiosk.queue import notify_outbox
from kiosk.queue.reports import Key, Stats, add_ratings, add_tickets, stored_stats
from kiosk.store.db import Database, Tx

log = logging.getLogger(__name__)
CHECK_INTERVAL_S = 3600.0


@dataclass(frozen=True)
class Reduced:
    """What reducing one day removed."""

    day: str
    tickets: int
    ratings: int
    events: int


def cutoff(today: dt.date, keep_days: int) -> dt.date:
    """The oldest day kept in full: days before it are reduced."""
    return today - dt.timedelta(days=keep_days)


def due_days(conn: Any, today: dt.date, keep_days: int) -> list[str]:
    """Days that still hold ticket or rating rows and are older than the retention."""
    first_kept = cutoff(today, keep_days).isoformat()
    rows = conn.execute(
        "SELECT day FROM tickets WHERE day < :kept UNION SELECT day FROM ratings WHERE day < :kept"
        " UNION SELECT day FROM appointments WHERE day < :kept ORDER BY day",
        {"kept": first_kept},
    )
    return [r[0] for r in rows]


_STATS_KEY = ("site_id", "day", "service_id", "counter_id", "officer_id")


def _store_stats(conn: Any, site_id: str, facts: dict[Key, Stats]) -> None:
    """Add ``facts`` to the site's ``daily_stats`` rows (created where missing)."""
    for key, stats in facts.items():
        stored = stored_stats(conn, site_id, key[0], key[0]).get(key)
        if stored is not None:
            stats.add(stored)
        row = dict(zip(_STATS_KEY, (site_id, *key), strict=True))
        row |= stats.to_row()
        updates = ", ".join(f"{c} = excluded.{c}" for c in row if c not in _STATS_KEY)
        conn.execute(
            f"INSERT INTO daily_stats ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})"
            f" ON CONFLICT ({', '.join(_STATS_KEY)}) DO UPDATE SET {updates}",
            tuple(row.values()),
        )


def reduce_day(conn: Any, tz: ZoneInfo, day: str) -> Reduced:
    """Fold a day's tickets and ratings into each site's ``daily_stats`` and delete them.

    Runs inside the caller's transaction. Ratings given for that day's tickets go with
    them (counted under their own day), since they point at the ticket rows.
    """
    tickets = conn.execute("SELECT * FROM tickets WHERE day = :day", {"day": day}).fetchall()
    ratings = conn.execute(
        "SELECT * FROM ratings WHERE day = :day"
        " OR ticket_id IN (SELECT id FROM tickets WHERE day = :day)",
        {"day": day},
    ).fetchall()
    for site_id in sorted({r["site_id"] for r in [*tickets, *ratings]}):
        facts: dict[Key, Stats] = {}
        add_tickets(facts, (t for t in tickets if t["site_id"] == site_id), tz)
        add_ratings(facts, (r for r in ratings if r["site_id"] == site_id))
        _store_stats(conn, site_id, facts)
    conn.executemany("DELETE FROM ratings WHERE id = ?", [(r["id"],) for r in ratings])
    notify_outbox.forget_day(conn, day)
    conn.execute("DELETE FROM tickets WHERE day = ?", (day,))
    conn.execute("DELETE FROM appointments WHERE day = ?", (day,))
    end = dt.datetime.combine(dt.date.fromisoformat(day) + dt.timedelta(days=1), dt.time(), tz)
    # the newest event always stays: it carries the id the event stream continues from
    events = conn.execute(
        "DELETE FROM events WHERE ts < ? AND id < (SELECT MAX(id) FROM events)",
        (end.timestamp(),),
    ).rowcount
    conn.execute("DELETE FROM device_alerts WHERE created_at < ?", (end.timestamp(),))
    return Reduced(day, len(tickets), len(ratings), events)


def apply_to_file(conn: Any, tz: ZoneInfo, today: dt.date, keep_days: int) -> list[Reduced]:
    """Reduce every due day, one transaction each, on a connection of our own."""
    done = []
    for day in due_days(conn, today, keep_days):
        conn.execute("BEGIN IMMEDIATE")
        try:
            done.append(reduce_day(conn, tz, day))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return done


async def apply_in_hub(db: Database, clock: Clock, keep_days: int) -> list[Reduced]:
    """Reduce every due day through the hub's writer thread, one task per day."""
    days = db.read(lambda c: due_days(c, clock.day(), keep_days))
    done = []
    for day in days:

        def reduce(tx: Tx, day: str = day) -> Reduced:
            return reduce_day(tx.conn, clock.tz, day)

        task = db.write(reduce)
        reduced = await asyncio.wrap_future(task)
        log.info(
            "retention: day %s reduced to aggregates (%d tickets, %d ratings)",
            day, reduced.tickets, reduced.ratings,
        )  # fmt: skip
        done.append(reduced)
    return done


async def run_daily(db: Database, clock: Clock, keep_days: int) -> None:
    """The hub's background task: apply retention at start and whenever the day changes."""
    last_day = None
    while True:
        today = clock.day()
        if today != last_day:
            try:
                await apply_in_hub(db, clock, keep_days)
                last_day = today
            except Exception:  # a failed pass is logged and tried again next time
                log.exception("retention pass failed")
        await asyncio.sleep(CHECK_INTERVAL_S)
