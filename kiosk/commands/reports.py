"""``kiosk reports``: a site's report, or the provincial roll-up, read straight from the store.

Opens the store read-only (a SQLite file) or on a connection of its own (PostgreSQL),
so it runs beside a working hub.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import sys
import time
from pathlib import Path
from typing import Any


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a date YYYY-MM-DD") from None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("reports", help="report over a date range as CSV, JSON or printable HTML")
    p.add_argument("--from", dest="first", type=_date, help="first day YYYY-MM-DD (default today)")
    p.add_argument("--to", dest="last", type=_date, help="last day, inclusive (default: --from)")
    p.add_argument("--format", choices=("csv", "json", "html"), default="json")
    p.add_argument("--out", type=Path, help="write here instead of standard output")
    p.add_argument("--config", help="the hub's site TOML (default: the example site)")
    p.add_argument("--site", help="which of the hub's sites (default: the config's own)")
    p.add_argument("--rollup", action="store_true", help="every site side by side, and totals")
    p.add_argument(
        "--db",
        help="SQLite file or postgresql:// URL (default: $KIOSK_DATABASE, else hub.database)",
    )
    p.set_defaults(func=run)


def report_csv(report: dict[str, Any]) -> str:
    """One table: a row for the total, each service, each counter, each day, and the
    appointments (bookings, check-ins, no-shows, waits of booked and walk-in tickets).

    Plain numbers (seconds, percent with a dot) for spreadsheets; UTF-8 with a BOM so
    Excel shows the Vietnamese names.
    """
    levels = list(report["ratings"]["levels"])
    reasons = list(report["ratings"]["reasons"])
    figures = ["issued", "served", "skipped", "waiting", "in_service", "priority"]
    figures += ["avg_wait_s", "p90_wait_s", "avg_service_s", "p90_service_s"]
    head = ["scope", "id", "name", *figures, "ratings", "satisfied_pct"]
    head += [f"level_{lv}" for lv in levels] + [f"reason_{r}" for r in reasons]
    head += [f"issued_h{h:02d}" for h in range(24)]
    booked = report["appointments"]
    head += [f"appointments_{k}" for k in booked]
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, head, restval="", lineterminator="\n")
    writer.writeheader()

    def row(scope: str, ident: Any, name: str, e: dict[str, Any], ratings: dict, hours: list):
        line = {"scope": scope, "id": ident, "name": name}
        line |= {k: e.get(k) for k in figures if k in e}
        line |= {"ratings": ratings["total"], "satisfied_pct": ratings["satisfied_pct"]}
        line |= {f"level_{lv}": ratings["levels"][lv]["count"] for lv in levels}
        line |= {f"reason_{r}": ratings["reasons"].get(r, 0) for r in reasons}
        line |= {f"issued_h{h:02d}": n for h, n in enumerate(hours)}
        writer.writerow({k: "" if v is None else v for k, v in line.items()})

    span = f"{report['from']}..{report['to']}"
    row("total", span, report["site"], report["totals"], report["ratings"], report["hours"])
    for s in report["services"]:
        row("service", s["id"], s["name_vi"], s, s["ratings"], s["hours"])
    for c in report["counters"]:
        row("counter", c["id"], c["name"], c, c["ratings"], [])
    for o in report["officers"]:
        row("officer", o["id"], o["name"], o, o["ratings"], [])
    for d in report["days"]:
        writer.writerow(
            {"scope": "day", "id": d["date"], "name": ""}
            | {k: d[k] for k in ("issued", "served", "skipped")}
        )
    writer.writerow(
        {"scope": "appointments", "id": span, "name": report["site"]}
        | {f"appointments_{k}": "" if v is None else v for k, v in booked.items()}
    )
    return out.getvalue()


def rollup_csv(rolled: dict[str, Any]) -> str:
    """One row per site, per service across sites, and the province's total (UTF-8, BOM)."""
    figures = ["issued", "served", "skipped", "waiting", "priority"]
    figures += ["avg_wait_s", "p90_wait_s", "avg_service_s", "p90_service_s"]
    head = ["scope", "id", "name", *figures, "ratings", "satisfied_pct"]
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, head, lineterminator="\n")
    writer.writeheader()

    def row(scope: str, ident: str, name: str, e: dict[str, Any]) -> None:
        line = {"scope": scope, "id": ident, "name": name} | {k: e[k] for k in figures}
        line |= {"ratings": e["ratings"]["total"], "satisfied_pct": e["ratings"]["satisfied_pct"]}
        writer.writerow({k: "" if v is None else v for k, v in line.items()})

    for s in rolled["sites"]:
        row("site", s["id"], s["name"], s)
    for s in rolled["services"]:
        row("service", s["id"], s["name_vi"], s)
    row("total", f"{rolled['from']}..{rolled['to']}", "Toàn tỉnh", rolled["totals"])
    return out.getvalue()


def run(args: argparse.Namespace) -> int:
    import json
    import sqlite3

    import psycopg

    from kiosk.clock import local_time
    from kiosk.config import load_hub_config
    from kiosk.hub.report_page import render_report
    from kiosk.hub.rollup_page import render_rollup
    from kiosk.queue import reports, rollup
    from kiosk.store.db import open_reader
    from kiosk.store.errors import StoreUnusable

    config = load_hub_config(args.config)
    site = config.site(args.site) if args.site else config.main
    if site is None:
        known = ", ".join(s.id for s in config.sites)
        print(f"kiosk reports: no site {args.site!r} (known: {known})", file=sys.stderr)
        return 2
    today = local_time(site.tz).date()
    first = args.first or today
    last = args.last or first
    try:
        conn = open_reader(args.db or os.environ.get("KIOSK_DATABASE") or config.settings.database)
    except StoreUnusable as e:
        print(f"kiosk reports: {e}", file=sys.stderr)
        return 2
    try:
        if args.rollup:
            report = rollup.rollup_report(conn, config.sites, first, last, time.time())
        else:
            report = reports.range_report(conn, site, first, last)
    except (ValueError, sqlite3.Error, psycopg.Error) as e:
        print(f"kiosk reports: {e}", file=sys.stderr)
        return 2
    finally:
        conn.close()
    generated = local_time(site.tz)
    if args.format == "json":
        text = json.dumps(report, ensure_ascii=False, indent=1)
    elif args.format == "csv":
        text = rollup_csv(report) if args.rollup else report_csv(report)
    elif args.rollup:
        text = render_rollup(report, generated)
    else:
        text = render_report(report, generated, filters=False)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"kiosk reports: {first}..{last} -> {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
