"""Read procedure tables: CSV rows and XLSX sheets, as full exports or as published lists.

A published list (the "danh mục thủ tục hành chính" of a decision's appendix, or
the national portal's "Danh sách thủ tục hành chính" export) has title rows, then
a header such as ``STT | Mã số TTHC | Tên thủ tục hành chính | Lĩnh vực | Cấp thực
hiện | Cơ quan thực hiện | Ghi chú``, then rows, with section rows ("I. Lĩnh vực hộ
tịch", "A. THỦ TỤC HÀNH CHÍNH CẤP XÃ") that give the field or the level of the rows
under them. Such a list says nothing of documents, steps, ways or result: those
stay empty and the record says they are missing (see :attr:`Procedure.missing`).

What this reader does, and reports once per file (:attr:`ImportResult.notes`):

- finds the header in the first :data:`HEADER_SCAN` rows (the columns of
  :data:`~kiosk.catalog.load.CSV_COLUMNS`); other columns are ignored;
- reads codes with spaces (``1. 004222``) and local long codes
  (``1.004222.000.00.00.H12``) as the national code, and numeric XLSX cells
  (1.00422 for 1.004220) with their six decimals;
- maps level words (``xã``, ``Cấp xã``, ``phường``, ``tỉnh``...); the district level
  (``Cấp huyện``, abolished in 2025) and the ministry level are left out of the
  record's levels and counted in a note, never guessed;
- reports a bad row by its line (CSV) or row (XLSX) with the reason, keeps the rest.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.catalog.folding import fold
from kiosk.catalog.model import CODE_RE, normalize_code
from kiosk.catalog.records import (
    CSV_COLUMNS,
    CatalogFileError,
    ImportResult,
    RowError,
    _csv_record,
    _validate,
)

HEADER_SCAN = 30
MAX_ROWS = 50_000
_STT = {"stt", "tt", "so tt", "so thu tu", "thu tu", "no"}
_LEVEL_KEYS = {
    "xa": "xa",
    "cap xa": "xa",
    "phuong": "xa",
    "thi tran": "xa",
    "dac khu": "xa",
    "xa phuong": "xa",
    "xa phuong thi tran": "xa",
    "xa phuong dac khu": "xa",
    "cap xa phuong": "xa",
    "ubnd cap xa": "xa",
    "commune": "xa",
    "tinh": "tinh",
    "cap tinh": "tinh",
    "ubnd cap tinh": "tinh",
    "province": "tinh",
    "provincial": "tinh",
}
_DISTRICT = {"huyen", "cap huyen", "quan", "thi xa", "ubnd cap huyen", "district"}
_NOT_ONE_STOP = {"bo", "cap bo", "trung uong", "cap trung uong", "co quan khac", "ministry"}
# the tables hold folded words (fold maps y to i: "huyện" is "huien")
_LEVEL_KEYS = {fold(k): v for k, v in _LEVEL_KEYS.items()}
_DISTRICT = {fold(k) for k in _DISTRICT}
_NOT_ONE_STOP = {fold(k) for k in _NOT_ONE_STOP}
_LEVEL_SPLIT = re.compile(r"[,;/|\n+]| và | va |-")
_NUMBERING = re.compile(r"^\s*(?:[IVXLCDM]+|[A-ZĐ]|\d+(?:\.\d+)*)\s*[.):/-]\s*")
_ROMAN_OR_LETTER = re.compile(r"^(?:[IVXLCDM]+|[A-ZĐa-zđ])[.)]?$")
_CONTINUATION = re.compile(r"^\(?\d{1,2}\)?$")  # the "(1) (2) (3)" row under a header
_FOOTER = ("tong", "ghi chu", "chu thich", "luu y")
_CODE_LIKE = re.compile(r"\d{1,2}\s*\.\s*\d{3}")


class NumberText(str):
    """Text of a numeric spreadsheet cell (1.00422 may be the code 1.004220)."""

    value: float


@dataclass
class Table:
    """Rows of one CSV file or one sheet: (line or row number, cell texts)."""

    where: str
    rows: list[tuple[int, list[str]]]
    merged_rows: set[int] = field(default_factory=set)  # rows with a cell merged across
    errors: list[RowError] = field(default_factory=list)


def decode_text(data: bytes, path: Path | str) -> tuple[str, str | None]:
    """Text of a CSV/JSON file: UTF-8 (BOM or not), else Windows-1258 with a note."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:4096]:
        raise CatalogFileError(f"{path}: not UTF-8 text (UTF-16 or binary); save as UTF-8")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as e:
        try:
            text = data.decode("cp1258")
        except UnicodeDecodeError:
            raise CatalogFileError(
                f"{path}: not UTF-8 text (byte {e.start}); save as UTF-8"
            ) from None
        return text, f"{path}: not UTF-8 (byte {e.start}); read as Windows-1258 (cp1258)"


def csv_rows(text: str) -> list[Table]:
    """The rows of a CSV text, each with the line it starts on, for each usable delimiter.

    Comma first; semicolon and tab (Excel in some locales) are tried when the comma
    gives no header (see :func:`parse_rows`).
    """
    tables = []
    for delimiter in (",", ";", "\t"):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        table = Table("line", [])
        line = 1
        try:
            for row in reader:
                table.rows.append((line, row))
                line = reader.line_num + 1
                if len(table.rows) > MAX_ROWS:
                    break
        except csv.Error as e:
            table.errors.append(RowError(line, f"unreadable CSV ({e}); stopped here"))
        tables.append(table)
    return tables


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        if float(value).is_integer():
            return str(int(value))
        text = NumberText(repr(float(value)))
        text.value = float(value)
        return text
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def xlsx_tables(data: bytes, path: Path | str, *, default_level: str | None = None) -> ImportResult:
    """Import every sheet of an XLSX workbook that has a procedure header."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise CatalogFileError(f"{path}: not an XLSX workbook ({e})") from None
    tables = []
    several = len(book.worksheets) > 1
    for sheet in book.worksheets:
        filled: dict[tuple[int, int], Any] = {}
        merged_rows: set[int] = set()
        for span in sheet.merged_cells.ranges:
            top = sheet.cell(span.min_row, span.min_col).value
            if span.max_col - span.min_col >= 2:
                merged_rows.update(range(span.min_row, span.max_row + 1))
            for r in range(span.min_row, span.max_row + 1):
                for c in range(span.min_col, span.max_col + 1):
                    filled[(r, c)] = top
        rows = []
        for r, values in enumerate(
            sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, MAX_ROWS), values_only=True),
            start=1,
        ):
            cells = [
                _cell(filled.get((r, c), v) if v is None else v)
                for c, v in enumerate(values, start=1)
            ]
            rows.append((r, cells))
        where = f"sheet {sheet.title!r} row" if several else "row"
        tables.append(Table(where, rows, merged_rows))
    return parse_tables(tables, default_level=default_level)


def _column(header: str) -> str | None:
    if re.search(r"\b(tieng anh|english)\b", fold(header)) and "ten" in fold(header).split():
        return "name_en"  # "Tên thủ tục (tiếng Anh)": not the Vietnamese name
    key = fold(re.sub(r"\(.*?\)", " ", header)).replace(".", " ")
    key = " ".join(key.split())
    if key in _STT:
        return "stt"
    for name, aliases in CSV_COLUMNS.items():
        if key in {" ".join(fold(a).replace(".", " ").split()) for a in (name, *aliases)}:
            return name
    return None


def _find_header(table: Table) -> tuple[int, list[str | None]] | None:
    for i, (_, cells) in enumerate(table.rows[:HEADER_SCAN]):
        columns = [_column(c) if c.strip() else None for c in cells]
        if "code" in columns and "name" in columns:
            return i, columns
    return None


@dataclass
class _Counts:
    dropped_levels: Counter = field(default_factory=Counter)  # (kind, text) -> rows
    first_row: dict = field(default_factory=dict)
    long_codes: int = 0
    no_level: int = 0
    footers: int = 0


def _levels(text: str, where: str, line: int, counts: _Counts) -> list[str]:
    found: list[str] = []
    for part in _LEVEL_SPLIT.split(text):
        key = fold(part)
        if not key:
            continue
        level = _LEVEL_KEYS.get(key)
        if level:
            if level not in found:
                found.append(level)
            continue
        kind = "district" if key in _DISTRICT else "other" if key in _NOT_ONE_STOP else "unknown"
        label = (kind, part.strip())
        counts.dropped_levels[label] += 1
        counts.first_row.setdefault(label, f"{where} {line}")
    return found


def _section(text: str) -> tuple[str | None, str | None]:
    """(field, level) a section row sets; None where it says nothing of one."""
    body = _NUMBERING.sub("", text, count=1).strip()
    folded = fold(body)
    level = None
    if re.search(r"\b(cap xa|xa phuong|phuong xa)\b", folded):
        level = "xa"
    elif re.search(r"\bcap tinh\b", folded):
        level = "tinh"
    if "linh vuc" in folded:
        at = fold(body).index("linh vuc")
        # cut what comes before "Lĩnh vực" and the two words themselves
        words = body.split()
        before = len(fold(body)[:at].split())
        body = " ".join(words[before + 2 :]).lstrip(":-– ").strip()
    elif level or re.search(r"\b(thu tuc hanh chinh|tthc|danh muc)\b", folded):
        return None, level
    if not body:
        return None, level
    if body.isupper():
        body = body[0] + body[1:].lower()
    return body[0].upper() + body[1:], level


def _is_section(text: str, merged: bool) -> bool:
    if _CODE_LIKE.search(text):
        return False
    return bool(
        merged
        or _NUMBERING.match(text)
        or text.isupper()
        or re.search(r"\b(linh vuc|thu tuc)\b", fold(text))
    )


def parse_rows(tables: list[Table], *, default_level: str | None = None) -> ImportResult:
    """Validate a CSV file's rows: the first delimiter tried that gives a header."""
    for table in tables:
        if _find_header(table) is not None:
            return parse_tables([table], default_level=default_level)
    raise CatalogFileError(
        "line 1: missing column(s) code and name: no header with Mã thủ tục (or Mã số) and "
        f"Tên thủ tục in the first {HEADER_SCAN} lines"
    )


def parse_tables(tables: list[Table], *, default_level: str | None = None) -> ImportResult:
    """Validate the rows of every table (XLSX sheet) that has a header; notes said once."""
    if default_level not in (None, "xa", "tinh"):
        raise CatalogFileError(f"default level must be xa or tinh, not {default_level!r}")
    result, counts = ImportResult(), _Counts()
    seen: set[str] = set()
    ignored: dict[str, None] = {}
    found_any = False
    for table in tables:
        header = _find_header(table)
        if header is None:
            if len(tables) > 1:
                sheet = table.where.rsplit(" ", 1)[0]
                result.notes.append(f"{sheet}: no procedure header; skipped")
            continue
        found_any = True
        start, columns = header
        names = table.rows[start][1]
        used: set[str] = set()
        for i, col in enumerate(columns):
            text = " ".join(names[i].split())
            if col is None:
                if text:
                    ignored[text] = None
            elif col != "stt" and col in used:
                ignored[text] = None
                columns[i] = None
            else:
                used.add(col)
        _parse_body(table, start, columns, default_level, result, seen, counts)
        result.errors.extend(table.errors)
    if not found_any:
        raise CatalogFileError(
            "no sheet has a header with the code and name columns (Mã thủ tục / Mã số, "
            f"Tên thủ tục) in its first {HEADER_SCAN} rows"
        )
    result.errors.sort(key=lambda e: (e.where, e.line))
    _notes(result, counts, ignored, default_level)
    return result


def _parse_body(
    table: Table,
    start: int,
    columns: list[str | None],
    default_level: str | None,
    result: ImportResult,
    seen: set[str],
    counts: _Counts,
) -> None:
    section_field: str | None = None
    section_level: str | None = None
    in_header = True  # until the first data row: skip the header's second row, "(1) (2)..."
    for line, cells in table.rows[start + 1 :]:
        row = {
            col: cell if isinstance(cell, NumberText) else cell.strip()
            for col, cell in zip(columns, cells, strict=False)
            if col and cell and cell.strip()
        }
        stt = row.get("stt", "")
        values = [v for k, v in row.items() if k != "stt"]
        values += [c.strip() for c, k in zip(cells, columns, strict=False) if not k and c.strip()]
        if not values:
            if not stt or re.fullmatch(r"\d+\.?", stt):
                continue  # blank, or a number alone in the STT column
            values = [stt]
        distinct = {" ".join(v.split()) for v in values}
        text = next(iter(distinct)) if len(distinct) == 1 else None
        if text and (not stt or _ROMAN_OR_LETTER.match(stt) or " ".join(stt.split()) == text):
            if fold(text).startswith(_FOOTER) and not _CODE_LIKE.search(text):
                counts.footers += 1
                continue
            if _is_section(text, line in table.merged_rows):
                new_field, new_level = _section(text)
                if new_level:
                    section_level, section_field = new_level, None
                if new_field:
                    section_field = new_field
                in_header = False
                continue
        if (
            in_header
            and not _CODE_LIKE.search(row.get("code", ""))
            and (not row.get("name") or all(_CONTINUATION.match(v) for v in distinct))
        ):
            continue
        in_header = False
        _row(row, line, table.where, section_field, section_level, default_level, result, seen,
             counts)  # fmt: skip


def _row(
    row: dict[str, str],
    line: int,
    where: str,
    section_field: str | None,
    section_level: str | None,
    default_level: str | None,
    result: ImportResult,
    seen: set[str],
    counts: _Counts,
) -> None:
    row.pop("stt", None)
    code = row.get("code", "")
    if not code:
        result.errors.append(RowError(line, "no code (Mã thủ tục / Mã số TTHC)", where))
        return
    if isinstance(code, NumberText) and re.fullmatch(r"\d{1,2}\.\d{1,6}", code):
        code = f"{code.value:.6f}"  # the spreadsheet dropped the code's trailing zeros
    national = normalize_code(code)
    if national != code and CODE_RE.match(national):
        counts.long_codes += 1
    row["code"] = national
    if not row.get("name"):
        result.errors.append(RowError(line, f"code {national}: no name (Tên thủ tục)", where))
        return
    if "field" not in row and section_field:
        row["field"] = section_field
    if "field" not in row:
        result.errors.append(
            RowError(line, f"code {national}: no field (Lĩnh vực), nor a section row above", where)
        )
        return
    if "levels" in row:
        row["levels"] = _levels(row["levels"], where, line, counts)  # type: ignore[assignment]
    if not row.get("levels"):
        fallback = section_level or default_level
        row["levels"] = [fallback] if fallback else []  # type: ignore[assignment]
        if not fallback:
            counts.no_level += 1
    levels = row.pop("levels")
    record = _csv_record(row)
    record["levels"] = levels
    _validate(record, line, seen, result, where)


def _notes(
    result: ImportResult, counts: _Counts, ignored: dict[str, None], default_level: str | None
) -> None:
    notes = result.notes
    if ignored:
        notes.append("ignored column(s): " + ", ".join(ignored))
    if counts.long_codes:
        notes.append(
            f"{counts.long_codes} code(s) with spaces or a local suffix "
            "(1.004222.000.00.00.H12) read as the national code (1.004222)"
        )
    for (kind, text), n in counts.dropped_levels.items():
        first = counts.first_row[(kind, text)]
        why = {
            "district": "the district level was abolished in 2025; map the procedure to xã or "
            "tỉnh by its new decision",
            "other": "not a level served at a one-stop office",
            "unknown": "not understood",
        }[kind]
        notes.append(f"level {text!r} left out of {n} row(s), first {first}: {why}")
    if counts.no_level:
        hint = "" if default_level else " (give --level xa or --level tinh for a one-level list)"
        notes.append(f"{counts.no_level} procedure(s) have no level{hint}")
    if counts.footers:
        notes.append(f"{counts.footers} footer row(s) (Tổng, Ghi chú) ignored")
    bare = sum(1 for p in result.procedures if p.details_missing)
    if bare:
        notes.append(
            f"{bare} procedure(s) without documents, ways or result: the kiosk sends the "
            "citizen to the counter or the portal for them"
        )
