"""Catalog records as files carry them: column names, row checks and the import result.

Shared by the JSON/CSV reader (:mod:`kiosk.catalog.load`) and the published-list reader
(:mod:`kiosk.catalog.import_table`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from kiosk.catalog.model import Procedure

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
    "name_en": ("Tên tiếng Anh", "Tên thủ tục tiếng Anh", "English name", "Name in English"),
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
    decoder, pos = json.JSONDecoder(), start
    seen: set[str] = set()
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
