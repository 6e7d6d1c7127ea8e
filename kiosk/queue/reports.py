"""The daily report: tickets, waits and service times per service and counter, ratings."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter as Tally
from typing import Any

from kiosk.config import Site
from kiosk.queue.rating_scale import SCALES


def _avg(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _rating_summary(rows: list[sqlite3.Row], scale: int) -> dict[str, Any]:
    levels = Tally(r["level"] for r in rows)
    reasons: Tally[str] = Tally()
    for r in rows:
        reasons.update(json.loads(r["reasons"]))
    total = len(rows)
    satisfied = sum(n for level, n in levels.items() if level >= scale - 1)
    return {
        "total": total,
        "levels": {
            str(level): {"label_vi": vi, "label_en": en, "count": levels.get(level, 0)}
            for level, (vi, en) in SCALES[scale].items()
        },
        "reasons": dict(reasons),
        "satisfied_pct": round(100 * satisfied / total, 1) if total else None,
    }


def daily_report(conn: sqlite3.Connection, site: Site, day: str) -> dict[str, Any]:
    """Counts, average wait (issue -> call) and service (call -> finish) times, ratings."""
    tickets = conn.execute("SELECT * FROM tickets WHERE day = ?", (day,)).fetchall()
    ratings = conn.execute("SELECT * FROM ratings WHERE day = ?", (day,)).fetchall()
    scale = site.rating_levels

    def ticket_stats(rows: list[sqlite3.Row]) -> dict[str, Any]:
        waits = [r["called_at"] - r["issued_at"] for r in rows if r["called_at"]]
        services = [
            r["finished_at"] - r["called_at"]
            for r in rows
            if r["status"] == "finished" and r["called_at"] and r["finished_at"]
        ]
        by_status = Tally(r["status"] for r in rows)
        return {
            "issued": len(rows),
            "served": by_status.get("finished", 0),
            "skipped": by_status.get("skipped", 0),
            "waiting": by_status.get("waiting", 0),
            "in_service": by_status.get("called", 0),
            "priority": sum(1 for r in rows if r["priority"]),
            "avg_wait_s": _avg(waits),
            "avg_service_s": _avg(services),
        }

    services = []
    for s in site.services:
        rows = [t for t in tickets if t["service_id"] == s.id]
        entry = {"id": s.id, "name_vi": s.name_vi, "name_en": s.name_en, **ticket_stats(rows)}
        entry["ratings"] = _rating_summary([r for r in ratings if r["service_id"] == s.id], scale)
        services.append(entry)
    counters = []
    for c in site.counters:
        rows = [t for t in tickets if t["counter_id"] == c.id]
        stats = ticket_stats(rows)
        del stats["issued"], stats["waiting"]
        entry = {"id": c.id, "name": c.name, **stats}
        entry["ratings"] = _rating_summary([r for r in ratings if r["counter_id"] == c.id], scale)
        counters.append(entry)
    return {
        "site": site.name,
        "date": day,
        "totals": ticket_stats(list(tickets)),
        "ratings": _rating_summary(list(ratings), scale),
        "services": services,
        "counters": counters,
    }
