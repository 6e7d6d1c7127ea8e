"""Read procedure catalogs (JSON, CSV, XLSX), reporting bad records by line, keeping good ones.

JSON: a list of procedure objects, or ``{"procedures": [...], ...}`` (our own
format, ``kiosk-catalog/1`` or ``/2``, which may carry ``sample``/``note``/``updated``/
``sources``). CSV and XLSX: one procedure a row, English or Vietnamese column names
(see :data:`kiosk.catalog.records.CSV_COLUMNS`), the header found under any title rows, section rows
("I. Lĩnh vực hộ tịch") setting the field; see :mod:`kiosk.catalog.import_table`.
List cells hold one item a line (quoted multi-line cells, as spreadsheets write
them); ways to file as ``kind | time limit | fee`` and documents as
``name | originals | copies``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from kiosk.catalog.catalog import Catalog
from kiosk.catalog.records import CatalogFileError, ImportResult, parse_json
from kiosk.paths import asset


def parse_csv(text: str, *, default_level: str | None = None) -> ImportResult:
    """Validate each CSV row; a row's line is where it starts (cells may span lines)."""
    from kiosk.catalog.import_table import csv_rows, parse_rows

    return parse_rows(csv_rows(text), default_level=default_level)


def read_file(path: str | Path, *, default_level: str | None = None) -> ImportResult:
    """Import a JSON, CSV or XLSX catalog file (by extension).

    CSV may be UTF-8 (with or without BOM) or Windows-1258; ``default_level``
    (``xa``/``tinh``) is the level of rows that give none (a commune's own list).
    """
    from kiosk.catalog.import_table import decode_text, parse_rows, xlsx_tables

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise CatalogFileError(f"{path}: old Excel .xls; save it as .xlsx or CSV (UTF-8)")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise CatalogFileError(f"{path}: cannot read ({e.strerror})") from None
    if suffix in (".xlsx", ".xlsm"):
        return xlsx_tables(data, path, default_level=default_level)
    text, note = decode_text(data, path)
    if suffix == ".csv":
        from kiosk.catalog.import_table import csv_rows

        result = parse_rows(csv_rows(text), default_level=default_level)
    else:
        result = parse_json(text)
    if note:
        result.notes.insert(0, note)
    return result


def default_catalog_path() -> Path:
    """The imported catalog (``var/catalog.json``) if there is one, else the shipped sample."""
    imported = Path("var/catalog.json")
    return imported if imported.exists() else asset("catalog", "procedures.json")


def load_catalog(path: str | Path | None = None) -> Catalog:
    """Load a catalog for serving; any invalid record makes this fail loudly."""
    path = Path(path) if path is not None else default_catalog_path()
    result = read_file(path)
    if result.errors:
        raise CatalogFileError(f"{path}: {result.errors[0]} ({len(result.errors)} bad records)")
    return Catalog(result.procedures, meta=result.meta)


def write_catalog(catalog: Catalog, path: str | Path) -> None:
    """Write the catalog as JSON, atomically (a reader never sees half a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(catalog.to_json(), ensure_ascii=False, indent=1) + "\n", "utf-8")
    os.replace(tmp, path)
