"""``kiosk backup DEST`` and ``kiosk restore SRC``: the store's online copy and checked return."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.store.backup import StoreInfo


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="consistent copy of the hub's store, safe while it runs")
    p.add_argument("dest", type=Path, help="file to write, or a directory (hub-DATE-TIME.sqlite3)")
    p.add_argument("--config", help="site TOML (default: the example site)")
    p.add_argument("--db", help="SQLite file (default: hub.database from the config)")
    p.set_defaults(func=run_backup)
    p = sub.add_parser("restore", help="put a backup in place of the store (hub stopped)")
    p.add_argument("src", type=Path, help="a file written by `kiosk backup`")
    p.add_argument("--config", help="site TOML (default: the example site)")
    p.add_argument("--db", help="SQLite file (default: hub.database from the config)")
    p.set_defaults(func=run_restore)


def _describe(info: StoreInfo) -> str:
    return (
        f"{info.path} ({info.bytes:,} bytes, schema {info.schema}, {info.tickets} tickets, "
        f"{info.ratings} ratings, {info.aggregated_days} aggregated days)"
    )


def run_backup(args: argparse.Namespace) -> int:
    from kiosk.clock import local_time
    from kiosk.config import load_site
    from kiosk.store.backup import backup, backup_name
    from kiosk.store.db import require_sqlite
    from kiosk.store.errors import StoreUnusable

    site = load_site(args.config)
    dest = args.dest
    if dest.is_dir():
        dest = dest / backup_name(local_time(site.tz))
    try:
        info = backup(require_sqlite(args.db or site.hub.database, "kiosk backup"), dest)
    except (StoreUnusable, OSError) as e:
        print(f"kiosk backup: {e}", file=sys.stderr)
        return 2
    print(f"kiosk backup: {_describe(info)}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from kiosk.clock import local_time
    from kiosk.config import load_site
    from kiosk.store.backup import restore
    from kiosk.store.db import require_sqlite
    from kiosk.store.errors import StoreUnusable

    site = load_site(args.config)
    try:
        target = require_sqlite(args.db or site.hub.database, "kiosk restore")
        done = restore(args.src, target, local_time(site.tz))
    except (StoreUnusable, OSError) as e:
        print(f"kiosk restore: refused: {e}", file=sys.stderr)
        return 2
    if done.replaced:
        print(f"kiosk restore: the previous store is kept as {done.replaced}")
    print(f"kiosk restore: restored {_describe(done.store)}")
    return 0
