"""The provincial roll-up: every site of a hub over a date range, side by side and in total.

Counts, waits and service times add up across sites. Rating scales may differ between
sites (3, 4 or 5 levels), so across sites satisfaction is compared as the share of
ratings in each site's top two levels, never as mixed level counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from kiosk.config import Site
from kiosk.queue.federation_in import STALE_AFTER_S, progress
from kiosk.queue.reports import (
    Stats,
    check_range,
    counts_and_times,
    fold,
    group,
    pct,
    satisfied_count,
    site_facts,
)


class _Group:
    """Stats folded across sites, with the satisfied count taken on each site's scale."""

    def __init__(self) -> None:
        self.stats = Stats()
        self.rated = 0
        self.satisfied = 0
        self.sites = 0

    def add(self, stats: Stats, scale: int) -> None:
        self.stats.add(stats)
        self.rated += sum(stats.levels.values())
        self.satisfied += satisfied_count(stats, scale)
        self.sites += 1

    def figures(self) -> dict[str, Any]:
        """The group's figures, its ratings reduced to a total and the satisfied share."""
        ratings = {
            "total": self.rated,
            "satisfied_pct": pct(self.satisfied, self.rated),
            "reasons": dict(self.stats.reasons.most_common()),
        }
        return counts_and_times(self.stats) | {"ratings": ratings}


def _lag(conn: Any, site: Site, now: float | None) -> dict[str, Any] | None:
    """A federated site's progress here, ``stale`` when its data is older than
    STALE_AFTER_S at ``now`` (None: the site is served here, not forwarded)."""
    state = progress(conn, site.id)
    if state is None:
        return None
    until = state["data_until"]
    stale = now is not None and (until is None or now - until > STALE_AFTER_S)
    return state | {"stale": stale}


def rollup_report(
    conn: Any, sites: Sequence[Site], first: dt.date, last: dt.date, now: float | None = None
) -> dict[str, Any]:
    """Each site's totals, each service id across the sites that offer it, and the total.

    A service's ``sites`` counts the sites that offer it (or had its tickets in the range),
    whether or not it had tickets there; a service nobody used shows with zeros. A site
    that an office hub forwards has ``federation``: how far its data reaches (``data_until``)
    and whether that is stale at ``now``; other sites have null.
    """
    a, b = check_range(first, last)
    total = _Group()
    services: dict[str, _Group] = {}
    names: dict[str, tuple[str, str]] = {}
    rows = []
    for site in sites:
        facts, _ = site_facts(conn, site, a, b)
        mine = _Group()
        mine.add(fold(facts.values()), site.rating_levels)
        total.add(mine.stats, site.rating_levels)
        by_service = group(facts, 1)
        by_service.pop("", None)  # ratings of a dossier, without a ticket: in the site's total
        offered = [s.id for s in site.services]
        # every service the site offers (even without a ticket in the range), and those it
        # has had tickets of since it stopped offering them
        for sid in offered + sorted(by_service.keys() - set(offered)):
            services.setdefault(sid, _Group()).add(by_service.get(sid, Stats()), site.rating_levels)
            conf = site.service(sid)
            if conf is not None:
                names.setdefault(sid, (conf.name_vi, conf.name_en))
        rows.append(
            {
                "id": site.id,
                "name": site.name,
                "name_en": site.name_en,
                "rating_scale": site.rating_levels,
                **mine.figures(),
                "federation": _lag(conn, site, now),
            }
        )
    return {
        "from": a,
        "to": b,
        "sites": rows,
        "services": [
            {
                "id": sid,
                "name_vi": names.get(sid, (sid, sid))[0],
                "name_en": names.get(sid, (sid, sid))[1],
                "sites": g.sites,
                **g.figures(),
            }
            for sid, g in sorted(services.items(), key=lambda item: -item[1].stats.issued)
        ],
        "totals": {"sites": len(rows), **total.figures()},
    }
