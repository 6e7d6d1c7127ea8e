"""Dossier (hồ sơ) codes, the national one-stop status set, timeliness and the public answer.

A dossier code is ``<agency>-<yyMMdd>-<sequence>``, e.g. ``H15.50.05.13-261008-0975``.
:func:`normalize_code` accepts it typed (lower case, stray spaces), or scanned
from the receipt's barcode or QR (which may hold a URL containing the code),
and returns the canonical code or ``None``; nothing that fails validation is
ever echoed back.

A citizen may also copy only the receipt number printed under the code: the filing
date and the sequence, ``261008-0975`` or ``2610080975``, or the sequence alone,
``0975``, for a dossier filed today. :func:`parse_receipt_number` reads those forms
(6 digits of a valid yyMMdd date, an optional dash, then a 4-6 digit sequence; or a
4-6 digit sequence alone); the dossier source completes them with the agency codes it
serves (:meth:`ReceiptNumber.codes`, see ``kiosk.catalog.dossier_sources``).
:func:`lookup_key` is what a kiosk may send: a canonical code or a canonical receipt
number, never anything else.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import IntEnum
from urllib.parse import unquote

from kiosk.catalog.folding import nfc

# Agency identifiers (mã định danh) as printed on receipts: "H15.50.05.13" or the
# reversed portal form "000.00.20.H15"; then the filing date and a sequence.
_AGENCY = r"(?:[A-Z]\d{2}(?:\.\d{2,3}){1,3}|(?:\d{2,3}\.){1,3}[A-Z]\d{2})"
_CODE = re.compile(rf"(?<![A-Z0-9.])({_AGENCY})-(\d{{6}})-(\d{{4,6}})(?![0-9])")
# A code as normalize_code returns it (what the hub API accepts).
CANONICAL_CODE = rf"^{_AGENCY}-\d{{6}}-\d{{4,6}}$"
AGENCY_CODE = rf"^{_AGENCY}$"
# A receipt number as lookup_key returns it: "261008-0975" or "0975".
RECEIPT_NUMBER = r"^(?:\d{6}-)?\d{4,6}$"
_RECEIPT = re.compile(r"(?:(\d{6})-?)?(\d{4,6})")
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−_"})
MAX_INPUT = 2048


class DossierStatus(IntEnum):
    """The national one-stop status set (trạng thái hồ sơ)."""

    MOI_DANG_KY = 1
    DUOC_TIEP_NHAN = 2
    KHONG_DUOC_TIEP_NHAN = 3
    DANG_XU_LY = 4
    YEU_CAU_BO_SUNG = 5
    NGHIA_VU_TAI_CHINH = 6
    RUT_HO_SO = 7
    DUNG_XU_LY = 8
    DA_XU_LY_XONG = 9
    DA_TRA_KET_QUA = 10

    @property
    def vi(self) -> str:
        return _STATUS_TEXT[self][0]

    @property
    def en(self) -> str:
        return _STATUS_TEXT[self][1]

    @property
    def advice_vi(self) -> str:
        return _STATUS_TEXT[self][2]

    @property
    def advice_en(self) -> str:
        return _STATUS_TEXT[self][3]


_STATUS_TEXT = {
    DossierStatus.MOI_DANG_KY: (
        "Mới đăng ký",
        "Newly registered",
        "Hồ sơ đã được gửi, đang chờ cán bộ kiểm tra.",
        "Your dossier was submitted and awaits checking.",
    ),
    DossierStatus.DUOC_TIEP_NHAN: (
        "Được tiếp nhận",
        "Accepted",
        "Hồ sơ đã được tiếp nhận và chuyển xử lý.",
        "Your dossier was accepted and passed on for processing.",
    ),
    DossierStatus.KHONG_DUOC_TIEP_NHAN: (
        "Không được tiếp nhận",
        "Not accepted",
        "Hồ sơ không được tiếp nhận. Vui lòng hỏi quầy Một cửa để biết lý do.",
        "Your dossier was not accepted. Please ask at the one-stop counter why.",
    ),
    DossierStatus.DANG_XU_LY: (
        "Đang xử lý",
        "Being processed",
        "Hồ sơ đang được giải quyết.",
        "Your dossier is being processed.",
    ),
    DossierStatus.YEU_CAU_BO_SUNG: (
        "Yêu cầu bổ sung",
        "More documents needed",
        "Hồ sơ cần bổ sung giấy tờ. Vui lòng liên hệ quầy Một cửa.",
        "More documents are needed. Please come to the one-stop counter.",
    ),
    DossierStatus.NGHIA_VU_TAI_CHINH: (
        "Yêu cầu thực hiện nghĩa vụ tài chính",
        "Payment required",
        "Vui lòng nộp phí, lệ phí hoặc thuế theo thông báo để tiếp tục.",
        "Please pay the fees or taxes notified to you so processing can continue.",
    ),
    DossierStatus.RUT_HO_SO: (
        "Công dân yêu cầu rút hồ sơ",
        "Withdrawn at your request",
        "Hồ sơ đã được rút theo yêu cầu của người nộp.",
        "The dossier was withdrawn at the applicant's request.",
    ),
    DossierStatus.DUNG_XU_LY: (
        "Dừng xử lý",
        "Processing stopped",
        "Hồ sơ đã dừng xử lý. Vui lòng hỏi quầy Một cửa.",
        "Processing has stopped. Please ask at the one-stop counter.",
    ),
    DossierStatus.DA_XU_LY_XONG: (
        "Đã xử lý xong",
        "Ready for collection",
        "Đã có kết quả. Mời ông/bà đến nhận kết quả.",
        "The result is ready. Please come and collect it.",
    ),
    DossierStatus.DA_TRA_KET_QUA: (
        "Đã trả kết quả",
        "Result handed over",
        "Kết quả đã được trả.",
        "The result has been handed over.",
    ),
}
_NO_DEADLINE = {
    DossierStatus.KHONG_DUOC_TIEP_NHAN,
    DossierStatus.RUT_HO_SO,
    DossierStatus.DUNG_XU_LY,
}
_FINISHED = {DossierStatus.DA_XU_LY_XONG, DossierStatus.DA_TRA_KET_QUA}
TIMELINESS = {"on_time": ("Đúng hạn", "On time"), "overdue": ("Quá hạn", "Overdue")}


def _valid_date(yymmdd: str) -> bool:
    try:
        date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:]))
    except ValueError:
        return False
    return True


def normalize_code(raw: str) -> str | None:
    """The canonical dossier code in ``raw`` (typed or scanned), or None when there is none."""
    if not isinstance(raw, str) or not raw or len(raw) > MAX_INPUT:
        return None
    text = unicodedata.normalize("NFKC", unquote(raw)).upper().translate(_DASHES)
    text = "".join(c for c in text if c.isprintable())
    squeezed = re.sub(r"\s*([.-])\s*", r"\1", text)  # "H15.50 . 05.13 - 261008-0975"
    for candidate in (squeezed, re.sub(r"\s+", "-", squeezed.strip())):
        for m in _CODE.finditer(candidate):
            if _valid_date(m.group(2)):
                return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return None


@dataclass(frozen=True)
class ReceiptNumber:
    """The short number on a receipt: the filing day (yyMMdd; None: today) and sequence."""

    day: str | None
    sequence: str

    def __str__(self) -> str:
        return f"{self.day}-{self.sequence}" if self.day else self.sequence

    def codes(self, agencies: Iterable[str], today: date) -> list[str]:
        """The full codes it can stand for at these agencies, filed on its day or ``today``."""
        day = self.day or today.strftime("%y%m%d")
        return [f"{agency}-{day}-{self.sequence}" for agency in agencies]


def parse_receipt_number(raw: str) -> ReceiptNumber | None:
    """The receipt number in ``raw`` ("261008-0975", "2610080975", "0975"), or None."""
    if not isinstance(raw, str) or not raw or len(raw) > MAX_INPUT:
        return None
    text = unicodedata.normalize("NFKC", raw).translate(_DASHES)
    m = _RECEIPT.fullmatch("".join(text.split()))
    if m is None or (m.group(1) and not _valid_date(m.group(1))):
        return None
    return ReceiptNumber(m.group(1), m.group(2))


def lookup_key(raw: str) -> str | None:
    """What a lookup may send: the canonical code, else the canonical receipt number."""
    code = normalize_code(raw)
    if code is not None:
        return code
    receipt = parse_receipt_number(raw)
    return str(receipt) if receipt else None


def received_date(code: str) -> date:
    """The filing date encoded in a normalized code."""
    ymd = code.split("-")[1]
    return date(2000 + int(ymd[:2]), int(ymd[2:4]), int(ymd[4:]))


def mask_name(name: str) -> str:
    """Family name kept, other words as initial + stars: "Nguyễn Văn An" -> "Nguyễn V*** A**".

    The number of stars is fixed so the mask does not reveal the length of a name.
    """
    parts = nfc(name).split()
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0][0] + "**"
    middle = [p[0] + "***" for p in parts[1:-1]]
    return " ".join([parts[0], *middle, parts[-1][0] + "**"])


@dataclass(frozen=True)
class DossierRecord:
    """What a source knows about a dossier; personal fields other than the name never enter."""

    code: str
    procedure_name: str
    received_at: datetime
    appointment_at: datetime
    status: DossierStatus
    applicant_name: str = ""
    procedure_code: str | None = None
    finished_at: datetime | None = None
    pickup_place: str = ""


def timeliness(record: DossierRecord, now: datetime) -> str | None:
    """ "on_time" or "overdue" against the appointment date; None when it does not apply."""
    if record.status in _NO_DEADLINE:
        return None
    if record.status in _FINISHED:
        if record.finished_at is None:
            return None
        return "on_time" if record.finished_at <= record.appointment_at else "overdue"
    return "on_time" if now <= record.appointment_at else "overdue"


def public_answer(record: DossierRecord, now: datetime) -> dict:
    """The dossier as a kiosk may show it: masked name, nothing else personal."""
    late = timeliness(record, now)
    return {
        "code": record.code,
        "procedure": {"code": record.procedure_code, "name": record.procedure_name},
        "received_at": record.received_at.isoformat(timespec="minutes"),
        "appointment_at": record.appointment_at.isoformat(timespec="minutes"),
        "status": {
            "id": int(record.status),
            "vi": record.status.vi,
            "en": record.status.en,
            "advice_vi": record.status.advice_vi,
            "advice_en": record.status.advice_en,
        },
        "timeliness": (
            {"key": late, "vi": TIMELINESS[late][0], "en": TIMELINESS[late][1]} if late else None
        ),
        "pickup_place": record.pickup_place,
        "applicant": mask_name(record.applicant_name),
    }
