"""``kiosk hub``: run the site's hub (HTTP API + events) with uvicorn."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("hub", help="run the hub: HTTP JSON API, live events, SQLite store")
    p.add_argument("--config", help="site TOML (default: the example site)")
    p.add_argument("--host", help="bind address (default: from the config)")
    p.add_argument("--port", type=int, help="TCP port (default: from the config)")
    p.add_argument("--db", help="SQLite file (default: hub.database from the config)")
    p.add_argument(
        "--clock-file",
        type=Path,
        help="testing: read the current time (ISO-8601) from this file when it is not empty",
    )
    p.add_argument("--heartbeat", type=float, default=15.0, help="event stream heartbeat (s)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from kiosk.config import load_site
    from kiosk.hub.app import create_app
    from kiosk.queue.clock import Clock, FileClock
    from kiosk.queue.storefile import StoreLock, StoreUnusable, check_database

    site = load_site(args.config)
    clock = FileClock(site.tz, args.clock_file) if args.clock_file else Clock(site.tz)
    db = Path(args.db or site.hub.database)
    try:  # refuse a corrupt store, one from a newer schema, one another hub holds
        check_database(db)
        StoreLock(db).probe()
    except StoreUnusable as e:
        print(f"kiosk hub: {e}", file=sys.stderr)
        return 2
    app = create_app(site, db, clock=clock, heartbeat_s=args.heartbeat)
    host = args.host or site.hub.host
    port = args.port or site.hub.port
    print(f"kiosk hub: {site.name} on http://{host}:{port}/api/v1 (database {db})", flush=True)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=2,
        access_log=False,
    )
    return 0
