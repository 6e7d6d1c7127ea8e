"""Read procedure catalogs from JSON and CSV, reporting bad records by line, keeping good ones.

JSON: a list of procedure objects, or ``{"procedures": [...], ...}`` (our own
format, which may carry ``sample``/``note``/``updated``). CSV: one procedure a
row, English or Vietnamese column names (see :data:`CSV_COLUMNS`); list cells
hold one item a line (quoted multi-line cells, as spreadsheets write them);
ways to file as ``kind | time limit | fee`` and documents as
``name | originals | copies``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kiosk.catalog.catalog import Catalog
from kiosk.catalog.folding import fold
from kiosk.catalog.model import Procedure
from kiosk.paths import asset

META_KEYS = ("sample", "note", "updated", "source")
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("Mã thủ tục", "Mã"),
    "name": ("Tên thủ tục", "Tên"),
    "field": ("Lĩnh vực",),
    "levels": ("Cấp thực hiện", "Cấp", "level"),
    "agency": ("Cơ quan thực hiện", "Cơ quan"),
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
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ImportResult:
    procedures: list[Procedure] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)


def _describe(e: ValidationError) -> str:
    parts = []
    for err in e.errors()[:4]:
        where = ".".join(str(x) for x in err["loc"]) or "record"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


def _validate(record: Any, line: int, seen: set[str], result: ImportResult) -> None:
    if not isinstance(record, dict):
        result.errors.append(RowError(line, "expected an object (one procedure)"))
        return
    record = {k: v for k, v in record.items() if k != "url"}  # computed on export
    try:
        proc = Procedure.model_validate(record)
    except ValidationError as e:
        result.errors.append(RowError(line, _describe(e)))
        return
    if proc.code in seen:
        result.errors.append(RowError(line, f"code {proc.code} appears twice; kept the first"))
        return
    seen.add(proc.code)
    result.procedures.append(proc)


def parse_json(text: str) -> ImportResult:
    """Validate each procedure of a JSON catalog, noting the line where its object starts."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise CatalogFileError(f"line {e.lineno}: not valid JSON ({e.msg})") from None
    result = ImportResult()
    if isinstance(data, dict):
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


def _column(header: str) -> str | None:
    key = fold(header).replace(".", " ").strip()
    for name, aliases in CSV_COLUMNS.items():
        if key in {fold(a) for a in (name, *aliases)}:
            return name
    return None


def parse_csv(text: str) -> ImportResult:
    """Validate each CSV row; a row's line is where it starts (cells may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise CatalogFileError("the file is empty") from None
    columns = [_column(h) for h in header]
    missing = {"code", "name"} - set(columns)
    if missing:
        raise CatalogFileError(f"line 1: missing column(s) {', '.join(sorted(missing))}")
    result, seen, line = ImportResult(), set(), reader.line_num + 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                data = {c: v for c, v in zip(columns, row, strict=False) if c}
                if len(row) > len(header):
                    result.errors.append(
                        RowError(line, f"{len(row)} cells, header has {len(header)}")
                    )
                else:
                    _validate(_csv_record(data), line, seen, result)
            line = reader.line_num + 1
    except csv.Error as e:
        result.errors.append(RowError(line, f"unreadable CSV ({e}); stopped here"))
    return result


def read_file(path: str | Path) -> ImportResult:
    """Import a JSON or CSV catalog file (by extension; UTF-8, with or without BOM)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise CatalogFileError(f"{path}: cannot read ({e.strerror})") from None
    except UnicodeDecodeError as e:
        raise CatalogFileError(f"{path}: not UTF-8 text (byte {e.start}); save as UTF-8") from None
    if path.suffix.lower() == ".csv":
        return parse_csv(text)
    return parse_json(text)


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
