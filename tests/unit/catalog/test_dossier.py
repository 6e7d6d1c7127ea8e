"""Dossier codes, status words, timeliness, masking, the CSV table and the rate limit."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from kiosk.catalog.dossier import (
    DossierRecord,
    DossierStatus,
    mask_name,
    normalize_code,
    public_answer,
    received_date,
    timeliness,
)
from kiosk.catalog.dossier_sources import SqliteDossierSource, parse_datetime, parse_status
from kiosk.hub.ratelimit import RateLimiter
from kiosk.paths import asset

CODE = "H15.50.05.13-261008-0975"


@pytest.mark.parametrize(
    "raw",
    [
        CODE,
        "h15.50.05.13-261008-0975",
        "  H15.50.05.13 - 261008 - 0975 \n",
        "H15.50.05.13 261008 0975",
        "H15.50.05.13–261008–0975",  # en dashes from a word processor
        "\x02H15.50.05.13-261008-0975\r",  # scanner framing bytes
        "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html?ma_ho_so=H15.50.05.13-261008-0975",
        "https://motcua.example.vn/tra-cuu?code=h15.50.05.13%2D261008%2D0975&x=1",
    ],
)
def test_code_typed_or_scanned_is_normalized(raw: str) -> None:
    assert normalize_code(raw) == CODE


def test_reversed_portal_agency_form_is_accepted() -> None:
    assert normalize_code("000.00.20.h15-250512-0001") == "000.00.20.H15-250512-0001"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "xin chào",
        "H15.50.05.13-261308-0975",  # month 13
        "H15.50.05.13-260230-0975",  # 30 February
        "H15.50.05.13-261008-09",
        "H15-261008-0975",
        "15.50.05.13-261008-0975",
        "<script>alert(1)</script>",
        "H15.50.05.13-261008-0975" * 200,
        "' OR 1=1 --",
    ],
)
def test_garbage_is_refused(raw: str) -> None:
    assert normalize_code(raw) is None


def test_received_date_from_code() -> None:
    assert received_date(CODE).isoformat() == "2026-10-08"


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("Nguyễn Văn An", "Nguyễn V*** A**"),
        ("Vũ Thị Phương Giang", "Vũ T*** P*** G**"),
        ("  Lê   Minh ", "Lê M**"),
        ("Bình", "B**"),
        ("", ""),
    ],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def _record(status: DossierStatus, finished: datetime | None = None) -> DossierRecord:
    return DossierRecord(
        code=CODE,
        procedure_name="Đăng ký khai sinh",
        received_at=datetime(2026, 10, 8, 8),
        appointment_at=datetime(2026, 10, 10, 17),
        status=status,
        applicant_name="Nguyễn Văn An",
        finished_at=finished,
        pickup_place="Quầy 1",
    )


@pytest.mark.parametrize(
    ("status", "finished", "now", "expected"),
    [
        (DossierStatus.DANG_XU_LY, None, datetime(2026, 10, 10, 16), "on_time"),
        (DossierStatus.DANG_XU_LY, None, datetime(2026, 10, 10, 17, 1), "overdue"),
        (DossierStatus.YEU_CAU_BO_SUNG, None, datetime(2026, 10, 12), "overdue"),
        (DossierStatus.DA_XU_LY_XONG, datetime(2026, 10, 9), datetime(2026, 10, 20), "on_time"),
        (DossierStatus.DA_TRA_KET_QUA, datetime(2026, 10, 11), datetime(2026, 10, 20), "overdue"),
        (DossierStatus.DA_TRA_KET_QUA, None, datetime(2026, 10, 20), None),
        (DossierStatus.RUT_HO_SO, None, datetime(2026, 10, 20), None),
        (DossierStatus.KHONG_DUOC_TIEP_NHAN, None, datetime(2026, 10, 20), None),
    ],
)
def test_timeliness(status, finished, now, expected) -> None:
    assert timeliness(_record(status, finished), now) == expected


def test_every_status_has_plain_words_in_both_languages() -> None:
    assert [s.value for s in DossierStatus] == list(range(1, 11))
    assert DossierStatus(6).vi == "Yêu cầu thực hiện nghĩa vụ tài chính"
    assert all(s.vi and s.en and s.advice_vi and s.advice_en for s in DossierStatus)


def test_public_answer_masks_and_says_nothing_else_personal() -> None:
    answer = public_answer(_record(DossierStatus.DANG_XU_LY), datetime(2026, 10, 11))
    assert answer["applicant"] == "Nguyễn V*** A**"
    assert answer["status"]["vi"] == "Đang xử lý" and answer["status"]["id"] == 4
    assert answer["timeliness"] == {"key": "overdue", "vi": "Quá hạn", "en": "Overdue"}
    assert answer["appointment_at"] == "2026-10-10T17:00"
    assert "Nguyễn Văn An" not in repr(answer)


def test_parse_dates_and_statuses() -> None:
    assert parse_datetime("08/10/2025 08:15") == datetime(2025, 10, 8, 8, 15)
    assert parse_datetime("2025-10-08T08:15:00") == datetime(2025, 10, 8, 8, 15)
    assert parse_datetime("20251008081500") == datetime(2025, 10, 8, 8, 15)
    assert parse_status("4") is DossierStatus.DANG_XU_LY
    assert parse_status("da tra ket qua") is DossierStatus.DA_TRA_KET_QUA
    with pytest.raises(ValueError):
        parse_status("11")
    with pytest.raises(ValueError):
        parse_datetime("hôm qua")


def test_csv_table_imports_and_drops_personal_columns(tmp_path: Path) -> None:
    db = tmp_path / "dossiers.sqlite3"
    source = SqliteDossierSource(db)
    text = asset("catalog", "dossiers.sample.csv").read_text(encoding="utf-8")
    report = source.import_csv(text)
    assert report.imported == 6 and report.errors == []
    rec = source.get("H15.50.05.13-251008-0975")
    assert rec is not None and rec.status is DossierStatus.DA_TRA_KET_QUA
    assert rec.finished_at == datetime(2025, 10, 8, 10)
    assert source.get("H15.50.05.13-251008-0976") is None
    stored = db.read_bytes()
    for secret in (b"001085012345", b"0912345678", "thôn Đông".encode()):
        assert secret not in stored


def test_csv_bad_rows_reported_by_line_good_rows_kept(tmp_path: Path) -> None:
    text = (
        "Mã hồ sơ,Tên thủ tục,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái\n"
        "H15.50.05.13-251008-0001,Đăng ký khai sinh,08/10/2025,09/10/2025,2\n"
        "H15.50.05.13-251308-0002,Đăng ký khai sinh,08/10/2025,09/10/2025,2\n"
        '"H15.50.05.13-251008-0003","Tên\nhai dòng",08/10/2025,hôm nay,2\n'
        "H15.50.05.13-251008-0004,Đăng ký kết hôn,08/10/2025,09/10/2025,99\n"
        "H15.50.05.13-251008-0005,Đăng ký khai tử,08/10/2025,09/10/2025,Đang xử lý\n"
    )
    source = SqliteDossierSource(tmp_path / "d.sqlite3")
    report = source.import_csv(text)
    assert report.imported == 2
    assert [e.split(":")[0] for e in report.errors] == ["line 3", "line 4", "line 6"]
    assert source.get("H15.50.05.13-251008-0005").status is DossierStatus.DANG_XU_LY
    missing = source.import_csv("Mã hồ sơ,Tên thủ tục\nx,y\n")
    assert missing.imported == 0 and "missing column" in missing.errors[0]


def test_rate_limiter_token_bucket() -> None:
    t = [0.0]
    limiter = RateLimiter(capacity=3, per_minute=6, clock=lambda: t[0])
    assert [limiter.take("kiosk-1") for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = limiter.take("kiosk-1")
    assert wait == pytest.approx(10.0)  # one token every 10 s
    assert limiter.retry_after(wait) == "10"
    assert limiter.take("kiosk-2") == 0.0  # buckets are per device
    t[0] = 10.0
    assert limiter.take("kiosk-1") == 0.0
    assert limiter.take("kiosk-1") > 0
