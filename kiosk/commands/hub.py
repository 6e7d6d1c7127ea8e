"""``kiosk hub``: run the hub of one or more sites (HTTP API + events) with uvicorn."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("hub", help="run the hub: HTTP JSON API, live events, the store")
    p.add_argument(
        "--config", help="site TOML, which may list more sites in [hub] sites (default: example)"
    )
    p.add_argument("--host", help="bind address (default: from the config)")
    p.add_argument("--port", type=int, help="TCP port (default: from the config)")
    p.add_argument(
        "--db",
        help="SQLite file or postgresql:// URL (default: $KIOSK_DATABASE, else hub.database)",
    )
    p.add_argument(
        "--clock-file",
        type=Path,
        help="testing: read the current time (ISO-8601) from this file when it is not empty",
    )
    p.add_argument("--heartbeat", type=float, default=15.0, help="event stream heartbeat (s)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from kiosk.clock import Clock, FileClock
    from kiosk.config import is_loopback, load_hub_config
    from kiosk.hub.app import create_app
    from kiosk.store.db import open_backend
    from kiosk.store.errors import StoreUnusable

    config = load_hub_config(args.config)
    site = config.main
    host = args.host or config.settings.host
    if not is_loopback(host) and not config.settings.public_url:
        print(
            f"kiosk hub: [hub] public_url is not set in {site.source} while the hub listens "
            f"on {host}: ticket QR codes would point at http://{host}:...; set the address "
            "phones can open (e.g. http://192.168.1.10:8600)",
            file=sys.stderr,
        )
        return 2
    clock = FileClock(site.tz, args.clock_file) if args.clock_file else Clock(site.tz)
    database = args.db or os.environ.get("KIOSK_DATABASE") or config.settings.database
    backend = open_backend(database, legacy_site=site.id)
    try:  # refuse a corrupt store, one from a newer schema, a SQLite file another hub holds
        backend.check()
    except StoreUnusable as e:
        print(f"kiosk hub: {e}", file=sys.stderr)
        return 2
    app = create_app(config, database, clock=clock, heartbeat_s=args.heartbeat)
    port = args.port or config.settings.port
    names = ", ".join(s.name for s in config.sites)
    print(
        f"kiosk hub: {names} on http://{host}:{port}/api/v1 (database {backend.describe()})",
        flush=True,
    )
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=2,
        access_log=False,
    )
    return 0
