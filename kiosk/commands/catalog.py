"""``kiosk catalog``: search the procedure catalog, import catalogs and dossier tables."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DEFAULT_OUT = "var/catalog.json"
DEFAULT_DOSSIERS = "var/dossiers.sqlite3"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("catalog", help="procedure catalog and dossier tables")
    sub = parser.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)

    search = sub.add_parser("search", help="search procedures as the kiosk does")
    search.add_argument("query", help='what a citizen types, e.g. "lam so do"')
    search.add_argument("--limit", type=int, default=5)
    search.add_argument("--json", action="store_true", help="print [{code, name, score}]")
    search.add_argument("--catalog", help="catalog JSON (default: imported, else sample)")
    search.set_defaults(func=_search)

    imp = sub.add_parser(
        "import", help="import procedures from a JSON, CSV or XLSX export or published list"
    )
    imp.add_argument("file", help="catalog .json, .csv (UTF-8 or Windows-1258) or .xlsx")
    imp.add_argument("--out", default=DEFAULT_OUT, help=f"where to write (default {DEFAULT_OUT})")
    imp.add_argument(
        "--level",
        choices=("xa", "tinh"),
        help="level of rows that give none (a commune's or the province's own list)",
    )
    imp.add_argument(
        "--source",
        help="where the list comes from, kept in each record without a source "
        '(e.g. "Quyết định 1234/QĐ-UBND ngày 01/7/2025 của UBND tỉnh X"); default: the file name',
    )
    imp.set_defaults(func=_import)

    dos = sub.add_parser(
        "dossiers-import",
        help="import the dossier status table from CSV (an ID number column is kept only as "
        "its keyed hash under the --config site's [hub] citizen_secret)",
    )
    dos.add_argument("csv", help="CSV export of the one-stop system (UTF-8)")
    dos.add_argument("--db", default=DEFAULT_DOSSIERS, help=f"SQLite file ({DEFAULT_DOSSIERS})")
    dos.add_argument("--config", help="site TOML with [hub] citizen_secret (default: example)")
    dos.set_defaults(func=_dossiers_import)


def _search(args: argparse.Namespace) -> int:
    from kiosk.catalog.load import CatalogFileError, load_catalog

    try:
        catalog = load_catalog(args.catalog)
    except CatalogFileError as e:
        print(f"kiosk catalog: {e}", file=sys.stderr)
        return 2
    hits = catalog.search(args.query, max(1, args.limit))
    if args.json:
        print(json.dumps([h.to_json() for h in hits], ensure_ascii=False))
    else:
        for h in hits:
            print(f"{h.score:5.1f}  {h.procedure.code}  {h.procedure.name}")
        if not hits:
            print("Không tìm thấy thủ tục phù hợp / nothing found")
    return 0


def _import(args: argparse.Namespace) -> int:
    from kiosk.catalog.catalog import Catalog
    from kiosk.catalog.load import CatalogFileError, read_file, write_catalog

    try:
        result = read_file(args.file, default_level=args.level)
    except CatalogFileError as e:
        print(f"kiosk catalog import: {e}", file=sys.stderr)
        return 2
    for note in result.notes:
        print(f"{args.file}: note: {note}", file=sys.stderr)
    for error in result.errors:
        print(f"{args.file}: {error}", file=sys.stderr)
    if not result.procedures:
        print(f"kiosk catalog import: no valid procedure in {args.file}", file=sys.stderr)
        return 2
    source = args.source or Path(args.file).name
    procedures = [
        p if p.source else p.model_copy(update={"source": source}) for p in result.procedures
    ]
    meta = {"source": source} | result.meta
    write_catalog(Catalog(procedures, meta=meta), args.out)
    bare = sum(1 for p in procedures if p.details_missing)
    print(
        f"{len(procedures)} procedures written to {args.out}; "
        f"{len(result.errors)} bad records skipped; "
        f"{bare} without documents, ways or result (shown as 'see the counter or the portal')"
    )
    return 1 if result.errors else 0


def _dossiers_import(args: argparse.Namespace) -> int:
    from kiosk.catalog.dossier_sources import SqliteDossierSource

    try:
        with open(args.csv, encoding="utf-8-sig") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        print(f"kiosk catalog dossiers-import: cannot read {args.csv} ({e})", file=sys.stderr)
        return 2
    from kiosk.config import load_site

    secret = load_site(args.config).hub.citizen_secret
    report = SqliteDossierSource(args.db).import_csv(text, secret)
    for error in report.errors:
        print(f"{args.csv}: {error}", file=sys.stderr)
    for note in report.notes:
        print(f"{args.csv}: {note}", file=sys.stderr)
    print(f"{report.imported} dossiers imported into {args.db}; {len(report.errors)} rows skipped")
    if not report.imported and report.errors:
        return 2
    return 1 if report.errors else 0
