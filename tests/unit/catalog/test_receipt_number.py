"""The short receipt number a citizen copies ("261008-0975", "0975"), completed per source."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kiosk.catalog.catalog import Catalog
from kiosk.catalog.dossier import ReceiptNumber, lookup_key, parse_receipt_number
from kiosk.catalog.dossier_sources import (
    AmbiguousReceipt,
    HttpDossierSource,
    SqliteDossierSource,
    find_dossier,
)
from kiosk.hub.ratelimit import RateLimiter
from tests.unit.catalog.test_routes import KIOSK, _app

HEADER = "Mã hồ sơ,Tên thủ tục,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái\n"
TODAY = date(2025, 10, 14)  # the routes' test clock


def _table(tmp_path: Path, *codes: str, agencies: tuple[str, ...] = ()) -> SqliteDossierSource:
    source = SqliteDossierSource(tmp_path / "d.sqlite3", agencies)
    rows = "".join(f"{c},Đăng ký khai sinh,08/10/2025,09/10/2025,4\n" for c in codes)
    assert source.import_csv(HEADER + rows).imported == len(codes)
    return source


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("261008-0975", "261008-0975"),
        ("2610080975", "261008-0975"),
        (" 261008 – 0975 ", "261008-0975"),  # stray spaces, an en dash
        ("261008-012345", "261008-012345"),
        ("0975", "0975"),
        ("h15.50.05.13-261008-0975", "H15.50.05.13-261008-0975"),
    ],
)
def test_receipt_numbers_and_codes_are_lookup_keys(raw: str, key: str) -> None:
    assert lookup_key(raw) == key


@pytest.mark.parametrize(
    "raw", ["975", "261308-0975", "261008-0975123", "A0975", "0975-261008", "", "1" * 13]
)
def test_anything_else_is_no_key(raw: str) -> None:
    assert lookup_key(raw) is None and parse_receipt_number(raw) is None


def test_a_receipt_number_stands_for_a_code_per_agency() -> None:
    receipt = ReceiptNumber(None, "0975")
    assert receipt.codes(["H15.50.05.13", "000.00.20.H15"], TODAY) == [
        "H15.50.05.13-251014-0975",
        "000.00.20.H15-251014-0975",
    ]
    assert parse_receipt_number("2510080975").codes(["H15.50.05.13"], TODAY) == [
        "H15.50.05.13-251008-0975"
    ]


def test_local_table_completes_with_the_agencies_it_holds(tmp_path: Path) -> None:
    source = _table(tmp_path, "H15.50.05.13-251008-0975", "H15.50.05.13-251014-0002")
    assert source.agencies == ("H15.50.05.13",)
    assert find_dossier(source, "251008-0975", TODAY).code == "H15.50.05.13-251008-0975"
    assert find_dossier(source, "0002", TODAY).code == "H15.50.05.13-251014-0002"  # today
    assert find_dossier(source, "0975", TODAY) is None  # 0975 was not filed today
    assert find_dossier(source, "nonsense", TODAY) is None


def test_configured_agencies_limit_what_a_number_completes_to(tmp_path: Path) -> None:
    source = _table(tmp_path, "H15.50.05.13-251008-0975", agencies=("H15.50.05.14",))
    assert find_dossier(source, "251008-0975", TODAY) is None
    assert find_dossier(source, "H15.50.05.13-251008-0975", TODAY) is not None  # full code
    with pytest.raises(ValueError, match="not an agency code"):
        SqliteDossierSource(tmp_path / "x.sqlite3", ["H15-50"])


def test_two_agencies_with_the_same_number_need_the_full_code(tmp_path: Path) -> None:
    source = _table(tmp_path, "H15.50.05.13-251008-0975", "000.00.20.H15-251008-0975")
    with pytest.raises(AmbiguousReceipt):
        find_dossier(source, "2510080975", TODAY)


def test_http_source_without_agencies_takes_full_codes_only() -> None:
    source = HttpDossierSource("http://127.0.0.1:9/{code}", {}, timeout=0.1)
    assert source.agencies == ()
    assert find_dossier(source, "251008-0975", TODAY) is None  # nothing asked: no agency


def test_hub_route_answers_a_receipt_number(catalog: Catalog, tmp_path: Path) -> None:
    codes = ("H15.50.05.13-251008-0975", "H15.50.05.13-251014-0002", "000.00.20.H15-251008-0975")
    client: TestClient = _app(
        catalog, _table(tmp_path, *codes), RateLimiter(capacity=100, per_minute=100)
    )
    r = client.get("/api/v1/dossiers/251014-0002", headers=KIOSK)
    assert r.status_code == 200 and r.json()["code"] == "H15.50.05.13-251014-0002"
    assert client.get("/api/v1/dossiers/0002", headers=KIOSK).json()["code"] == codes[1]
    r = client.get("/api/v1/dossiers/2510080975", headers=KIOSK)
    assert r.status_code == 409 and r.json()["error"] == "ambiguous_code"
    r = client.get("/api/v1/dossiers/0003", headers=KIOSK)
    assert r.status_code == 404 and r.json()["error"] == "not_found"
    r = client.get("/api/v1/dossiers/97x5", headers=KIOSK)
    assert r.status_code == 404 and r.json()["error"] == "invalid_code" and "97x5" not in r.text
