"""Where dossier status comes from: a local SQLite table imported from CSV, or an HTTP API.

Both keep only what the kiosk may show (see :class:`DossierRecord`): phone numbers and
addresses in an export are dropped at import, never stored, an ID number is stored only
as its keyed hash (to find a citizen's dossiers by the ID card scanned at the kiosk), and
the applicant's name is stored masked (a table of older versions is masked when opened).

Each source says which agencies it serves (``agencies``: the agency codes, mã định
danh, that open its dossier codes). :func:`find_dossier` completes a receipt number
("261008-0975", or "0975" for today) with each of them, so a citizen may type the
short number printed on the receipt: exactly one dossier found answers, none is "not
found", more than one (two agencies, same day and sequence) asks for the full code.
A local table serves the agencies of the codes it holds unless told otherwise; an
HTTP source serves only the agencies it is given (none: full codes only).
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from collections.abc import Iterable, Mapping
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

import requests

from kiosk.catalog.citizen_key import ID_NUMBER, citizen_key
from kiosk.catalog.dossier import (
    AGENCY_CODE,
    DossierRecord,
    DossierStatus,
    mask_name,
    normalize_code,
    parse_receipt_number,
)
from kiosk.catalog.folding import fold, nfc
from kiosk.paths import asset

_FORMATS = (
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y%m%d%H%M%S",
)
_STATUS_BY_TEXT = {fold(s.vi): s for s in DossierStatus}
# CSV column -> accepted headers (compared folded, so with or without tones).
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("code", "Mã hồ sơ", "Số hồ sơ"),
    "procedure_code": ("procedure_code", "Mã thủ tục"),
    "procedure_name": ("procedure_name", "Tên thủ tục", "Thủ tục"),
    "applicant_name": ("applicant_name", "Người nộp", "Chủ hồ sơ", "Họ tên"),
    "received_at": ("received_at", "Ngày tiếp nhận", "Ngày nhận"),
    "appointment_at": ("appointment_at", "Ngày hẹn trả", "Hẹn trả"),
    "finished_at": ("finished_at", "Ngày có kết quả", "Ngày hoàn thành"),
    "status": ("status", "Trạng thái"),
    "pickup_place": ("pickup_place", "Nơi trả kết quả", "Nơi nhận kết quả"),
    # hashed at import (kiosk.catalog.citizen_key), never stored: finds dossiers by ID card
    "citizen_id": (
        "citizen_id",
        "Số CCCD",
        "CCCD",
        "Số căn cước",
        "Số định danh",
        "Số định danh cá nhân",
    ),
}
_REQUIRED = ("code", "procedure_name", "received_at", "appointment_at", "status")


class DossierSourceError(RuntimeError):
    """The source cannot answer now (down, timing out, answering nonsense)."""


class AmbiguousReceipt(LookupError):
    """A receipt number matches dossiers of more than one agency: the full code is needed."""


class DossierSource(Protocol):
    @property
    def agencies(self) -> tuple[str, ...]:
        """The agency codes whose receipt numbers this source completes."""

    def get(self, code: str) -> DossierRecord | None:
        """The dossier with this normalized code, or None; may raise DossierSourceError."""

    def by_citizen(self, key: str) -> list[DossierRecord] | None:
        """The dossiers of the citizen whose ID card's keyed hash is ``key``, newest first;
        None when the source cannot look up by citizen. May raise DossierSourceError."""


def find_dossier(source: DossierSource, key: str, today: date) -> DossierRecord | None:
    """The dossier ``key`` names: a full code, or a receipt number completed with the
    source's agencies (and ``today`` when it has no date). Raises AmbiguousReceipt."""
    code = normalize_code(key)
    if code is not None:
        return source.get(code)
    receipt = parse_receipt_number(key)
    if receipt is None:
        return None
    found = [r for c in receipt.codes(source.agencies, today) if (r := source.get(c))]
    if len(found) > 1:
        raise AmbiguousReceipt(str(receipt))
    return found[0] if found else None


def _agency_codes(agencies: Iterable[str]) -> tuple[str, ...]:
    codes = tuple(a.strip().upper() for a in agencies)
    for code in codes:
        if not re.match(AGENCY_CODE, code):
            raise ValueError(f"not an agency code: {code[:40]!r} (e.g. H15.50.05.13)")
    return codes


def parse_datetime(value: Any) -> datetime:
    """A date-time from ISO, dd/mm/yyyy [HH:MM[:SS]] or yyyyMMddHHmmss text (local time)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    text = str(value).strip()
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise ValueError(f"not a date: {text[:40]!r}")


def parse_status(value: Any) -> DossierStatus:
    """A status from its number (1-10) or its Vietnamese name (with or without tones)."""
    text = str(value).strip()
    if text.isdigit() and 1 <= int(text) <= 10:
        return DossierStatus(int(text))
    if fold(text) in _STATUS_BY_TEXT:
        return _STATUS_BY_TEXT[fold(text)]
    raise ValueError(f"unknown status {text[:40]!r} (1-10 or its Vietnamese name)")


def record_from(values: Mapping[str, Any]) -> DossierRecord:
    """Build a record from already-named values; raises ValueError naming the bad field."""
    code = normalize_code(str(values.get("code") or ""))
    if code is None:
        raise ValueError("code: not a valid dossier code")
    for key in _REQUIRED:
        if values.get(key) in (None, ""):
            raise ValueError(f"{key}: missing")
    try:
        finished = values.get("finished_at")
        return DossierRecord(
            code=code,
            procedure_name=nfc(str(values["procedure_name"])),
            received_at=parse_datetime(values["received_at"]),
            appointment_at=parse_datetime(values["appointment_at"]),
            status=parse_status(values["status"]),
            applicant_name=nfc(str(values.get("applicant_name") or "")),
            procedure_code=str(values.get("procedure_code") or "").strip() or None,
            finished_at=parse_datetime(finished) if finished not in (None, "") else None,
            pickup_place=nfc(str(values.get("pickup_place") or "")),
        )
    except ValueError as e:
        raise ValueError(str(e)) from None


@dataclass
class CsvImportReport:
    imported: int = 0
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # said once, not a bad row


_SCHEMA = """
CREATE TABLE IF NOT EXISTS dossiers (
    code TEXT PRIMARY KEY, procedure_code TEXT, procedure_name TEXT NOT NULL,
    applicant_name TEXT NOT NULL, received_at TEXT NOT NULL, appointment_at TEXT NOT NULL,
    finished_at TEXT, status INTEGER NOT NULL, pickup_place TEXT NOT NULL
)"""
_COLUMNS = (
    "code",
    "procedure_name",
    "received_at",
    "appointment_at",
    "status",
    "applicant_name",
    "procedure_code",
    "finished_at",
    "pickup_place",
)


class SqliteDossierSource:
    """Dossiers in a local SQLite file, filled from the one-stop system's CSV export."""

    def __init__(self, path: str | Path, agencies: Iterable[str] = ()) -> None:
        self.path = Path(path)
        self._agencies = _agency_codes(agencies)

    @property
    def agencies(self) -> tuple[str, ...]:
        """The configured agency codes, else those of the codes in the table."""
        if self._agencies:
            return self._agencies
        try:
            with closing(self._connect()) as con:
                rows = con.execute(
                    "SELECT DISTINCT substr(code, 1, instr(code, '-') - 1) FROM dossiers"
                ).fetchall()
        except sqlite3.Error as e:
            raise DossierSourceError(f"dossier table unreadable: {e}") from None
        return tuple(sorted(r[0] for r in rows))

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=5)
        con.execute(_SCHEMA)
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version < 1:  # 1: names kept masked
            con.create_function("mask_name", 1, mask_name, deterministic=True)
            with con:
                con.execute("UPDATE dossiers SET applicant_name = mask_name(applicant_name)")
                con.execute("PRAGMA user_version = 1")
        if version < 2:  # 2: the keyed hash of the applicant's ID card
            with con:
                con.execute("ALTER TABLE dossiers ADD COLUMN citizen_key TEXT")
                con.execute("CREATE INDEX dossiers_citizen ON dossiers (citizen_key)")
                con.execute("PRAGMA user_version = 2")
        return con

    def get(self, code: str) -> DossierRecord | None:
        found = self._select("code = ?", code)
        return found[0] if found else None

    def by_citizen(self, key: str) -> list[DossierRecord]:
        """The dossiers whose applicant's ID card hashes to ``key``, newest first."""
        return self._select("citizen_key = ? ORDER BY received_at DESC, code DESC", key)

    def _select(self, where: str, value: str) -> list[DossierRecord]:
        try:
            with closing(self._connect()) as con:
                rows = con.execute(
                    f"SELECT {', '.join(_COLUMNS)} FROM dossiers WHERE {where}", (value,)
                ).fetchall()
        except sqlite3.Error as e:
            raise DossierSourceError(f"dossier table unreadable: {e}") from None
        return [record_from(dict(zip(_COLUMNS, row, strict=True))) for row in rows]

    def import_csv(self, text: str, citizen_secret: str = "") -> CsvImportReport:
        """Insert or update each valid row; bad rows are reported by line and skipped.

        An ID number column (``Số CCCD``...) is stored as its keyed hash under
        ``citizen_secret`` (the site's ``[hub] citizen_secret``), never as it is; without
        the secret it is dropped. A value that is not 12 digits is dropped (and said,
        without the value)."""
        report = CsvImportReport()
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, None)
        if header is None:
            report.errors.append("line 1: the file is empty")
            return report
        aliases = {fold(a): k for k, names in CSV_COLUMNS.items() for a in names}
        columns = [aliases.get(fold(h)) for h in header]
        missing = [k for k in _REQUIRED if k not in columns]
        if missing:
            report.errors.append(f"line 1: missing column(s) {', '.join(missing)}")
            return report
        if "citizen_id" in columns and not citizen_secret:
            report.notes.append(
                "the ID number column is dropped: no [hub] citizen_secret to hash it with"
            )
        rows, keys, line = [], [], reader.line_num + 1
        for row in reader:
            if any(c.strip() for c in row):
                values = {c: v for c, v in zip(columns, row, strict=False) if c}
                try:
                    rows.append(record_from(values))
                except ValueError as e:
                    report.errors.append(f"line {line}: {e}")
                else:
                    raw = values.pop("citizen_id", "")
                    keys.append(self._key(raw, citizen_secret, line, report))
            line = reader.line_num + 1
        with closing(self._connect()) as con, con:
            con.executemany(
                "INSERT OR REPLACE INTO dossiers (code, procedure_code, procedure_name,"
                " applicant_name, received_at, appointment_at, finished_at, status,"
                " pickup_place, citizen_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        r.code,
                        r.procedure_code,
                        r.procedure_name,
                        mask_name(r.applicant_name),
                        r.received_at.isoformat(),
                        r.appointment_at.isoformat(),
                        r.finished_at.isoformat() if r.finished_at else None,
                        int(r.status),
                        r.pickup_place,
                        key,
                    )
                    for r, key in zip(rows, keys, strict=True)
                ],
            )
        report.imported = len(rows)
        return report

    @staticmethod
    def _key(raw: str, secret: str, line: int, report: CsvImportReport) -> str | None:
        number = "".join(raw.split())
        if not number or not secret:
            return None
        if not ID_NUMBER.fullmatch(number):
            report.notes.append(f"line {line}: the ID number is not 12 digits; dropped")
            return None
        return citizen_key(number, secret)


def _dig(data: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


class HttpDossierSource:
    """A dossier API of the provincial one-stop system, reached with ``requests``.

    ``url_template`` has ``{code}``; ``fields`` maps our field names (those of
    :class:`DossierRecord`) to dotted paths in the JSON answer, e.g.
    ``{"procedure_name": "data.tenThuTuc", "status": "data.trangThai", ...}``.
    A 404 means "no such dossier"; anything else unexpected is a DossierSourceError.
    """

    def __init__(
        self,
        url_template: str,
        fields: Mapping[str, str],
        *,
        timeout: float = 5.0,
        headers: Mapping[str, str] | None = None,
        agencies: Iterable[str] = (),
    ) -> None:
        if "{code}" not in url_template:
            raise ValueError("url_template must contain {code}")
        self.agencies = _agency_codes(agencies)
        self.url_template = url_template
        self.fields = dict(fields)
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers.update(headers or {})

    def get(self, code: str) -> DossierRecord | None:
        url = self.url_template.format(code=quote(code, safe=""))
        try:
            response = self.session.get(url, timeout=self.timeout)
        except requests.RequestException as e:
            raise DossierSourceError(f"dossier service unreachable ({type(e).__name__})") from None
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise DossierSourceError(f"dossier service answered HTTP {response.status_code}")
        try:
            data = response.json()
            values = {k: _dig(data, path) for k, path in self.fields.items()}
            values["code"] = values.get("code") or code
            record = record_from(values)
        except ValueError as e:
            raise DossierSourceError(f"dossier service answered nonsense ({e})") from None
        if record.code != code:
            raise DossierSourceError("dossier service answered about another dossier")
        return record

    def by_citizen(self, key: str) -> None:
        """The provincial API is asked by dossier code only."""
        return None


def sample_dossier_codes(limit: int = 3) -> list[str]:
    """Codes from the shipped sample dossier CSV (the demo's simulator panel scans them)."""
    with asset("catalog", "dossiers.sample.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))[1 : limit + 1]
    return [row[0] for row in rows]
