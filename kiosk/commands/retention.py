"""``kiosk retention [--apply]``: reduce days past ``[hub] retention_days`` to daily totals."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "retention", help="list (or --apply) the days whose tickets and ratings are due to go"
    )
    p.add_argument("--apply", action="store_true", help="reduce them now (the hub may run)")
    p.add_argument("--config", help="site TOML (default: the example site)")
    p.add_argument("--db", help="SQLite file (default: hub.database from the config)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.clock import local_time
    from kiosk.config import load_site
    from kiosk.queue import retention
    from kiosk.store.db import require_sqlite
    from kiosk.store.errors import StoreUnusable
    from kiosk.store.sqlite_store import MIGRATIONS, connect, migrate
    from kiosk.store.storefile import check_database

    site = load_site(args.config)
    keep = site.hub.retention_days
    today = local_time(site.tz).date()
    try:
        db = require_sqlite(args.db or site.hub.database, "kiosk retention")
        if not db.is_file():
            raise StoreUnusable(f"{db}: không có cơ sở dữ liệu / no database here")
        check_database(db, len(MIGRATIONS))
        conn = connect(db)
        migrate(conn, site.id)  # the aggregates arrive with schema 3, site ids with 4
    except StoreUnusable as e:
        print(f"kiosk retention: {e}", file=sys.stderr)
        return 2
    try:
        first_kept = retention.cutoff(today, keep)
        if not args.apply:
            days = retention.due_days(conn, today, keep)
            print(
                f"kiosk retention: keeping {keep} days (from {first_kept}); "
                f"{len(days)} older day(s) to reduce: {', '.join(days) or 'none'}"
            )
            return 0
        for r in retention.apply_to_file(conn, site.tz, today, keep):
            print(f"{r.day}: {r.tickets} tickets, {r.ratings} ratings -> daily totals")
        print(f"kiosk retention: everything before {first_kept} is now daily totals only")
    finally:
        conn.close()
    return 0
