"""Reports over a day or a date range: tickets, waits, service times, ratings, peak hours.

Every figure is folded from :class:`Stats`, one per (day, service, counter, officer): built from
the ticket and rating rows of recent days, or read back from the anonymous
``daily_stats`` rows that retention leaves in their place, so a day reads the same
before and after it is reduced. Durations are whole seconds; the 90th percentile is the
nearest-rank one (the ⌈0.9·n⌉-th smallest value).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import time
from collections import Counter as Tally
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.api.rating_scale import SCALES, level_label
from kiosk.clock import local_time
from kiosk.config import Site
from kiosk.queue import appointments

MAX_DAYS = 366
LAST_DAY = dt.date.max - dt.timedelta(days=1)  # a report's day needs the next day to end it
Key = tuple[str, str, int, str]  # (day, service_id or "", counter_id or 0, officer_id or "")
_COUNTS = ("issued", "served", "skipped", "waiting", "in_service", "priority")
_HISTS = {
    "waits": "wait_hist",
    "service_times": "service_hist",
    "hours": "hour_hist",
    "levels": "level_hist",
    "reasons": "reason_hist",
}


@dataclass
class Stats:
    """Additive figures of a group of tickets and ratings; histograms are {value: count}."""

    issued: int = 0
    served: int = 0
    skipped: int = 0
    waiting: int = 0
    in_service: int = 0
    priority: int = 0
    waits: Tally[int] = field(default_factory=Tally)  # issue -> call, s
    service_times: Tally[int] = field(default_factory=Tally)  # call -> finish, s
    hours: Tally[int] = field(default_factory=Tally)  # local hour of issue
    levels: Tally[int] = field(default_factory=Tally)
    reasons: Tally[str] = field(default_factory=Tally)

    def add(self, other: Stats) -> Stats:
        for f in fields(self):
            mine = getattr(self, f.name)
            if isinstance(mine, Tally):
                mine.update(getattr(other, f.name))
            else:
                setattr(self, f.name, mine + getattr(other, f.name))
        return self

    def to_row(self) -> dict[str, Any]:
        """The columns of a ``daily_stats`` row (without its key)."""
        row: dict[str, Any] = {name: getattr(self, name) for name in _COUNTS}
        for attr, column in _HISTS.items():
            row[column] = json.dumps(dict(sorted(getattr(self, attr).items())))
        return row

    @classmethod
    def from_row(cls, row: Any) -> Stats:
        stats = cls(**{name: row[name] for name in _COUNTS})
        for attr, column in _HISTS.items():
            hist = getattr(stats, attr)
            for key, n in json.loads(row[column]).items():  # JSON keys are text
                hist[key if attr == "reasons" else int(key)] = n
        return stats


def add_tickets(out: dict[Key, Stats], rows: Iterable[Any], tz: ZoneInfo) -> None:
    """Count ticket rows into ``out`` under (day, service, counter)."""
    for t in rows:
        key = (t["day"], t["service_id"], t["counter_id"] or 0, t["officer_id"] or "")
        s = out.setdefault(key, Stats())
        s.issued += 1
        s.served += t["status"] == "finished"
        s.skipped += t["status"] == "skipped"
        s.waiting += t["status"] == "waiting"
        s.in_service += t["status"] == "called"
        s.priority += bool(t["priority"])
        s.hours[local_time(tz, t["issued_at"]).hour] += 1
        if t["called_at"] is not None:
            s.waits[round(t["called_at"] - t["issued_at"])] += 1
            if t["status"] == "finished" and t["finished_at"] is not None:
                s.service_times[round(t["finished_at"] - t["called_at"])] += 1


def add_ratings(out: dict[Key, Stats], rows: Iterable[Any]) -> None:
    """Count rating rows into ``out`` under (day of rating, service, counter, officer)."""
    for r in rows:
        key = (r["day"], r["service_id"] or "", r["counter_id"], r["officer_id"] or "")
        s = out.setdefault(key, Stats())
        s.levels[r["level"]] += 1
        s.reasons.update(json.loads(r["reasons"]))


def raw_stats(conn: Any, site_id: str, tz: ZoneInfo, first: str, last: str) -> dict[Key, Stats]:
    """A site's stats per (day, service, counter, officer) from the days' ticket and rating
    rows."""
    out: dict[Key, Stats] = {}
    span = (site_id, first, last)
    where = "WHERE site_id = ? AND day BETWEEN ? AND ?"
    add_tickets(out, conn.execute(f"SELECT * FROM tickets {where}", span), tz)
    add_ratings(out, conn.execute(f"SELECT * FROM ratings {where}", span))
    return out


def stored_stats(conn: Any, site_id: str, first: str, last: str) -> dict[Key, Stats]:
    """The anonymous aggregates retention kept for a site's days."""
    rows = conn.execute(
        "SELECT * FROM daily_stats WHERE site_id = ? AND day BETWEEN ? AND ?",
        (site_id, first, last),
    )
    return {
        (r["day"], r["service_id"], r["counter_id"], r["officer_id"]): Stats.from_row(r)
        for r in rows
    }


def percentile(hist: Tally[int], q: float = 0.9) -> int | None:
    """Nearest-rank percentile of a {value: count} histogram."""
    n = sum(hist.values())
    if not n:
        return None
    rank = math.ceil(q * n)
    seen = 0
    for value in sorted(hist):
        seen += hist[value]
        if seen >= rank:
            break
    return value


def mean(hist: Tally[int]) -> float | None:
    n = sum(hist.values())
    return round(sum(v * c for v, c in hist.items()) / n, 1) if n else None


def pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def satisfied_count(stats: Stats, scale: int) -> int:
    """Ratings in the top two levels of a ``scale``-level scale ("satisfied")."""
    return sum(n for level, n in stats.levels.items() if level >= scale - 1)


def rating_summary(stats: Stats, scale: int) -> dict[str, Any]:
    """Counts and shares per level and reason; "satisfied" is the top two levels."""
    total = sum(stats.levels.values())
    satisfied = satisfied_count(stats, scale)
    return {
        "total": total,
        "levels": {
            str(level): {
                "label_vi": level_label(scale, level, "vi"),
                "label_en": level_label(scale, level, "en"),
                "count": stats.levels.get(level, 0),
                "pct": pct(stats.levels.get(level, 0), total),
            }
            for level in SCALES[scale]
        },
        "reasons": dict(stats.reasons.most_common()),
        "reasons_pct": {r: pct(n, total) for r, n in stats.reasons.most_common()},
        "satisfied_pct": pct(satisfied, total),
    }


def counts_and_times(stats: Stats) -> dict[str, Any]:
    """A group's ticket counts, and its waits and service times (average, P90)."""
    return {
        "issued": stats.issued,
        "served": stats.served,
        "skipped": stats.skipped,
        "waiting": stats.waiting,
        "in_service": stats.in_service,
        "priority": stats.priority,
        "avg_wait_s": mean(stats.waits),
        "p90_wait_s": percentile(stats.waits),
        "avg_service_s": mean(stats.service_times),
        "p90_service_s": percentile(stats.service_times),
    }


def summary(stats: Stats, scale: int) -> dict[str, Any]:
    """The published figures of one group."""
    return counts_and_times(stats) | {"ratings": rating_summary(stats, scale)}


def fold(items: Iterable[Stats]) -> Stats:
    total = Stats()
    for s in items:
        total.add(s)
    return total


def group(facts: dict[Key, Stats], part: int) -> dict[Any, Stats]:
    """Fold the stats by one part of their key (0 day, 1 service, 2 counter, 3 officer)."""
    out: dict[Any, Stats] = {}
    for key, stats in facts.items():
        out.setdefault(key[part], Stats()).add(stats)
    return out


def _days(first: dt.date, last: dt.date) -> list[str]:
    return [(first + dt.timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]


def check_range(first: dt.date, last: dt.date) -> tuple[str, str]:
    """The range as ISO days; ValueError when it is reversed, too long or past LAST_DAY."""
    if last > LAST_DAY:
        raise ValueError(f"a report ends by {LAST_DAY} at the latest")
    if last < first:
        raise ValueError(f"the range ends ({last}) before it starts ({first})")
    if (last - first).days >= MAX_DAYS:
        raise ValueError(f"a report covers at most {MAX_DAYS} days")
    return first.isoformat(), last.isoformat()


def site_facts(conn: Any, site: Site, a: str, b: str) -> tuple[dict[Key, Stats], set[str]]:
    """A site's stats per (day, service, counter, officer) over days a..b, from the rows and the
    retention aggregates; and the days that are aggregates only."""
    stored = stored_stats(conn, site.id, a, b)
    facts = raw_stats(conn, site.id, site.tz, a, b)
    for key, s in stored.items():
        facts.setdefault(key, Stats()).add(s)
    return facts, {key[0] for key in stored}


def range_report(
    conn: Any, site: Site, first: dt.date, last: dt.date, now: float | None = None
) -> dict[str, Any]:
    """Figures of the days ``first``..``last`` (local days, inclusive) in total, per
    service, per counter, per officer, per day and per hour of the day; and the
    appointments of those days (no-shows judged at ``now``, default the time now)."""
    a, b = check_range(first, last)
    facts, stored_days = site_facts(conn, site, a, b)
    scale = site.rating_levels
    by_day, by_service, by_counter = group(facts, 0), group(facts, 1), group(facts, 2)
    by_officer = group(facts, 3)
    by_officer.pop("", None)  # served where nobody signed in
    by_service.pop("", None)  # ratings of a dossier, without a ticket
    by_counter.pop(0, None)  # tickets never called
    known = [s.id for s in site.services]
    services = []
    for sid in known + sorted(by_service.keys() - set(known)):  # and services since removed
        service = site.service(sid)
        stats = by_service.get(sid, Stats())
        services.append(
            {
                "id": sid,
                "name_vi": service.name_vi if service else sid,
                "name_en": service.name_en if service else sid,
                **summary(stats, scale),
                "hours": [stats.hours.get(h, 0) for h in range(24)],
            }
        )
    known_counters = [c.id for c in site.counters]
    counters = []
    for cid in known_counters + sorted(by_counter.keys() - set(known_counters)):
        counter = site.counter(cid)
        entry = summary(by_counter.get(cid, Stats()), scale)
        del entry["issued"], entry["waiting"], entry["priority"]
        counters.append({"id": cid, "name": counter.name if counter else f"Quầy {cid}", **entry})
    officers = []
    for oid in [o.id for o in site.officers] + sorted(
        by_officer.keys() - {o.id for o in site.officers}
    ):
        officer = site.officer(oid)
        stats = by_officer.get(oid, Stats())
        officers.append(
            {
                "id": oid,
                "name": officer.name if officer else oid,
                "served": stats.served,
                "skipped": stats.skipped,
                "avg_service_s": mean(stats.service_times),
                "p90_service_s": percentile(stats.service_times),
                "ratings": rating_summary(stats, scale),
            }
        )
    days = []
    for day in _days(first, last):
        stats = by_day.get(day, Stats())
        days.append(
            {
                "date": day,
                "issued": stats.issued,
                "served": stats.served,
                "skipped": stats.skipped,
                "aggregated": day in stored_days,
            }
        )
    totals = summary(fold(facts.values()), scale)
    return {
        "site": site.name,
        "site_id": site.id,
        "from": a,
        "to": b,
        "rating_scale": scale,
        "ratings": totals.pop("ratings"),
        "totals": totals,
        "hours": [sum(s["hours"][h] for s in services) for h in range(24)],
        "services": services,
        "counters": counters,
        "officers": officers,
        "days": days,
        "appointments": appointments.report(conn, site, a, b, time.time() if now is None else now),
    }


def daily_report(conn: Any, site: Site, day: str, now: float | None = None) -> dict[str, Any]:
    """One local day's report (``range_report`` of that day, with its ``date``)."""
    date = dt.date.fromisoformat(day)
    return {"date": day} | range_report(conn, site, date, date, now)
