"""Read procedure catalogs (JSON, CSV, XLSX), reporting bad records by line, keeping good ones.

JSON: a list of procedure objects, or ``{"procedures": [...], ...}`` (our own
format, ``kiosk-catalog/1`` or ``/2``, which may carry ``sample``/``note``/``updated``/
``sources``). CSV and XLSX: one procedure a row, English or Vietnamese column names
(see :data:`CSV_COLUMNS`), the header found under any title rows, section rows
("I. Lĩnh vực hộ tịch") setting the field; see :mod:`kiosk.catalog.import_table`.
List cells hold one item a line (quoted multi-line cells, as spreadsheets write
them); ways to file as ``kind | time limit | fee`` and documents as
``name | originals | copies``.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kiosk.catalog.catalog import Catalog
from kiosk.catalog.model import Procedure
from kiosk.paths import asset

META_KEYS = ("sample", "note", "updated", "source", "sources")
FORMATS = ("kiosk-catalog/1", "kiosk-catalog/2")
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "code": (
        "Mã thủ tục",
        "Mã",
        "Mã số",
        "Mã TTHC",
        "Mã số TTHC",
        "Mã thủ tục hành chính",
        "Mã số thủ tục",
        "Mã số thủ tục hành chính",
        "Mã hồ sơ TTHC",
    ),
    "name": (
        "Tên thủ tục",
        "Tên",
        "Tên thủ tục hành chính",
        "Tên TTHC",
        "Tên thủ tục hành chính (TTHC)",
    ),
    "field": ("Lĩnh vực", "Lĩnh vực thực hiện"),
    "levels": ("Cấp thực hiện", "Cấp", "level", "Cấp giải quyết", "Cấp thẩm quyền"),
    "agency": (
        "Cơ quan thực hiện",
        "Cơ quan",
        "Cơ quan giải quyết",
        "Cơ quan có thẩm quyền",
        "Cơ quan thực hiện TTHC",
        "Đơn vị thực hiện",
    ),
    "time_limit": ("Thời hạn giải quyết", "Thời gian giải quyết", "Thời hạn"),
    "fee": ("Phí, lệ phí", "Phí/lệ phí", "Phí lệ phí", "Lệ phí", "Phí", "Phí, lệ phí (nếu có)"),
    "source": ("Nguồn",),
    "steps": ("Trình tự thực hiện", "Trình tự"),
    "ways": ("Cách thức thực hiện", "Cách thức"),
    "documents": ("Thành phần hồ sơ",),
    "applicants": ("Đối tượng thực hiện", "Đối tượng"),
    "conditions": ("Yêu cầu, điều kiện", "Điều kiện"),
    "result": ("Kết quả thực hiện", "Kết quả"),
    "legal_basis": ("Căn cứ pháp lý",),
    "online_level": ("Mức độ dịch vụ công", "Mức độ"),
    "keywords": ("Từ khóa",),
}
_LIST_COLUMNS = ("levels", "steps", "applicants", "legal_basis", "keywords")


class CatalogFileError(ValueError):
    """The file as a whole cannot be read (not the fault of one record)."""


@dataclass
class RowError:
    """A record left out: where it is (``line 5``, ``row 7``, ``sheet 'Cấp xã' row 7``) and why."""

    line: int
    message: str
    where: str = "line"

    def __str__(self) -> str:
        return f"{self.where} {self.line}: {self.message}"


@dataclass
class ImportResult:
    procedures: list[Procedure] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # about the file, each said once


def _describe(e: ValidationError) -> str:
    parts = []
    for err in e.errors()[:4]:
        where = ".".join(str(x) for x in err["loc"]) or "record"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


COMPUTED = ("url", "missing")  # written on export, computed again on import


def _validate(
    record: Any, line: int, seen: set[str], result: ImportResult, where: str = "line"
) -> Procedure | None:
    if not isinstance(record, dict):
        result.errors.append(RowError(line, "expected an object (one procedure)", where))
        return None
    record = {k: v for k, v in record.items() if k not in COMPUTED}
    try:
        proc = Procedure.model_validate(record)
    except ValidationError as e:
        result.errors.append(RowError(line, _describe(e), where))
        return None
    if proc.code in seen:
        result.errors.append(
            RowError(line, f"code {proc.code} appears twice; kept the first", where)
        )
        return None
    seen.add(proc.code)
    result.procedures.append(proc)
    return proc


def parse_json(text: str) -> ImportResult:
    """Validate each procedure of a JSON catalog, noting the line where its object starts."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise CatalogFileError(f"line {e.lineno}: not valid JSON ({e.msg})") from None
    result = ImportResult()
    if isinstance(data, dict):
        fmt = data.get("format")
        if fmt is not None and fmt not in FORMATS:
            raise CatalogFileError(f"format {fmt!r} is not one this kiosk reads ({FORMATS[-1]})")
        result.meta = {k: data[k] for k in META_KEYS if k in data}
        records = data.get("procedures")
        found = re.search(r'"procedures"\s*:\s*\[', text)
        start = found.end() if found else 0
    else:
        records, start = data, text.index("[") + 1
    if not isinstance(records, list):
        raise CatalogFileError('expected a list of procedures or {"procedures": [...]}')
    decoder, pos, seen = json.JSONDecoder(), start, set()
    for record in records:
        while text[pos] in " \t\r\n,":
            pos += 1
        line = text.count("\n", 0, pos) + 1
        _, pos = decoder.raw_decode(text, pos)
        _validate(record, line, seen, result)
    return result


def _split_lines(cell: str) -> list[str]:
    return [x.strip() for x in cell.splitlines() if x.strip()]


def _csv_record(row: dict[str, str]) -> dict[str, Any]:
    rec: dict[str, Any] = {k: v.strip() for k, v in row.items() if v and v.strip()}
    for key in _LIST_COLUMNS:
        if key in rec:
            rec[key] = _split_lines(rec[key]) if key != "levels" else rec[key]
    if "ways" in rec:
        parts = [[p.strip() for p in x.split("|")] for x in _split_lines(rec["ways"])]
        rec["ways"] = [dict(zip(("kind", "time_limit", "fee"), p, strict=False)) for p in parts]
    if "documents" in rec:
        docs = []
        for x in _split_lines(rec["documents"]):
            name, *counts = [p.strip() for p in x.split("|")]
            docs.append(dict(zip(("name", "originals", "copies"), [name, *counts], strict=False)))
        rec["documents"] = docs
    return rec


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
