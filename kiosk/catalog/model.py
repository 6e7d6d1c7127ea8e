"""The procedure record (thủ tục hành chính) with the national portal's fields.

Published lists (the "danh mục" in a decision's appendix) give a code, a name, a
field, a level and an agency and nothing more, so everything else may be missing:
no documents, steps, ways, result, time limit or fee. Missing parts stay empty
(never filled in) and :attr:`Procedure.missing` names them, so a screen can say
"Xem chi tiết tại quầy / on the portal" instead of showing nothing.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from kiosk.catalog.folding import fold, nfc

PORTAL_URL = (
    "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}"
)
CODE_RE = re.compile(r"^\d{1,2}\.\d{6}$")
# 1.004222.000.00.00.H12: the national code, then the local copy's suffix (agency, province)
_FULL_CODE_RE = re.compile(r"^(\d{1,2}\.\d{6})(?:\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})$")
DETAILS = ("documents", "steps", "ways", "time_limit", "fee", "result")

Level = Literal["xa", "tinh"]
LEVELS: dict[str, tuple[str, str]] = {"xa": ("Cấp xã", "Commune"), "tinh": ("Cấp tỉnh", "Province")}
WAYS: dict[str, tuple[str, str]] = {
    "truc_tiep": ("Trực tiếp", "In person"),
    "truc_tuyen": ("Trực tuyến", "Online"),
    "buu_chinh": ("Dịch vụ bưu chính", "By post"),
}
ONLINE_LEVELS: dict[str, tuple[str, str]] = {
    "toan_trinh": ("Toàn trình", "Fully online"),
    "mot_phan": ("Một phần", "Partly online"),
}
_LEVEL_WORDS = {"xa": "xa", "cap xa": "xa", "commune": "xa", "tinh": "tinh", "cap tinh": "tinh"}
_LEVEL_WORDS |= {"province": "tinh", "provincial": "tinh"}
_WAY_WORDS = {fold(v[0]): k for k, v in WAYS.items()} | {k: k for k in WAYS}
_WAY_WORDS |= {"truc tiep": "truc_tiep", "truc tuien": "truc_tuyen", "buu chinh": "buu_chinh"}

Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
MaybeText = Annotated[str, StringConstraints(max_length=4000)]  # "" = the source does not say


def normalize_code(value: str) -> str:
    """The national code in ``value``: spaces dropped (``1. 004222``), a local copy's
    suffix cut (``1.004222.000.00.00.H12``); anything else is returned as it came."""
    compact = "".join(value.split())
    full = _FULL_CODE_RE.match(compact)
    return full.group(1) if full else compact


def _clean(value: object) -> object:
    return nfc(value) if isinstance(value, str) else value


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _nfc(cls, value: object) -> object:
        if isinstance(value, list):
            return [_clean(v) for v in value]
        return _clean(value)


class FilingWay(_Model):
    """One way to file (cách thức thực hiện) with its time limit and fee."""

    kind: Literal["truc_tiep", "truc_tuyen", "buu_chinh"]
    time_limit: MaybeText = ""  # "" when the source does not state it
    fee: MaybeText = ""  # "" when not stated; "Không" only where a source says so

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: object) -> object:
        return _WAY_WORDS.get(fold(value), value) if isinstance(value, str) else value


class Document(_Model):
    """A document to bring (thành phần hồ sơ): originals and copies."""

    name: Text
    originals: int = Field(default=1, ge=0, le=20)
    copies: int = Field(default=0, ge=0, le=20)


class Procedure(_Model):
    """A public administrative procedure as published on the national portal.

    Only ``code``, ``name`` and ``field`` are required (``name_en`` only where a source
    gives an English name); a part a source does not give
    stays empty (``()`` or ``""``) and is listed in :attr:`missing`. ``time_limit`` and
    ``fee`` are the list's own columns (Thời hạn giải quyết, Phí/lệ phí) for a record
    without ``ways``; a way's own time limit and fee come first. ``source`` names where
    the record was taken from (decision or list, number/date, address or path).
    """

    code: str
    name: Text
    name_en: MaybeText = ""  # where a source gives one; never a translation of our own
    field: Text
    levels: tuple[Level, ...] = ()
    agency: MaybeText = ""
    steps: tuple[Text, ...] = ()
    ways: tuple[FilingWay, ...] = ()
    documents: tuple[Document, ...] = ()
    applicants: tuple[Text, ...] = ()
    conditions: str = ""
    result: MaybeText = ""
    time_limit: MaybeText = ""
    fee: MaybeText = ""
    legal_basis: tuple[Text, ...] = ()
    online_level: Literal["toan_trinh", "mot_phan"] | None = None
    keywords: tuple[Text, ...] = ()
    source: MaybeText = ""

    @field_validator("code", mode="before")
    @classmethod
    def _code(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        value = normalize_code(value)
        if not CODE_RE.match(value):
            raise ValueError("mã thủ tục must look like 1.001193")
        return value

    @field_validator("levels", mode="before")
    @classmethod
    def _levels(cls, value: object) -> object:
        if isinstance(value, str):
            value = [v for v in re.split(r"[;,/|]", value) if v.strip()]
        if isinstance(value, list | tuple):
            return [_LEVEL_WORDS.get(fold(v), v) if isinstance(v, str) else v for v in value]
        return value

    @field_validator("online_level", mode="before")
    @classmethod
    def _online(cls, value: object) -> object:
        if isinstance(value, str):
            key = fold(value).replace(" ", "_")
            return (key if key in ONLINE_LEVELS else value) if key else None
        return value

    @property
    def missing(self) -> tuple[str, ...]:
        """The parts no source gave, of :data:`DETAILS`, in that order."""
        have = {
            "documents": bool(self.documents),
            "steps": bool(self.steps),
            "ways": bool(self.ways),
            "time_limit": bool(self.time_limit) or any(w.time_limit for w in self.ways),
            "fee": bool(self.fee) or any(w.fee for w in self.ways),
            "result": bool(self.result),
        }
        return tuple(k for k in DETAILS if not have[k])

    @property
    def has_details(self) -> bool:
        """True when the record can fill a checklist slip: documents, a way and a result."""
        return bool(self.documents and self.ways and self.result)

    @property
    def details_missing(self) -> bool:
        """True when the kiosk should send the citizen to the counter or the portal (QR)."""
        return not self.has_details

    @property
    def url(self) -> str:
        """The procedure's page on the national public service portal."""
        return PORTAL_URL.format(code=self.code)

    def summary(self) -> dict:
        """The short form used in search results and lists."""
        return {
            "code": self.code,
            "name": self.name,
            "field": self.field,
            "levels": list(self.levels),
            "online_level": self.online_level,
        }

    def to_json(self) -> dict:
        """The full record as JSON-ready data, with the portal link."""
        return self.model_dump(mode="json") | {"url": self.url, "missing": list(self.missing)}
