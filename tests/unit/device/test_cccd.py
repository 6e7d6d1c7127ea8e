"""Reading the chip ID card's QR payload: what is kept, and every way it can be wrong.

Every payload here is made-up test data (the ID numbers start 099, no province's code).
"""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.catalog.citizen_key import citizen_key
from kiosk.device.cccd import CardRejected, age_on, read_card

SECRET = "test-secret-0123456789"
TODAY = date(2026, 12, 3)
ID = "099170012345"
CARD = f"{ID}|123456789|Nguyễn Văn Thử Nghiệm|15061956|Nam|Số 1 Đường Thử, Xã Mẫu|01072021"


def test_a_card_gives_the_keyed_hash_and_the_age_only() -> None:
    scan = read_card(CARD, SECRET, TODAY)
    assert scan.citizen_key == citizen_key(ID, SECRET)
    assert len(scan.citizen_key) == 64 and ID not in scan.citizen_key
    assert scan.age == 70 and scan.elderly
    assert set(vars(scan)) == {"citizen_key", "age"}  # nothing else is kept
    assert ID not in repr(scan) and scan.citizen_key not in repr(scan)


def test_the_key_depends_on_the_site_secret() -> None:
    assert (
        read_card(CARD, SECRET, TODAY).citizen_key
        != read_card(CARD, SECRET + "x", TODAY).citizen_key
    )


def test_an_old_card_without_cmnd_and_cards_with_more_fields() -> None:
    old = f"{ID}||Trần Thị Mẫu|29021964|Nữ|Thôn Thử|10102016"
    assert read_card(old, SECRET, TODAY).age == 62
    extra = CARD + "|Hà Nội|extra field"
    assert read_card(extra, SECRET, TODAY).citizen_key == citizen_key(ID, SECRET)
    assert read_card(f" {CARD}\r\n", SECRET, TODAY).age == 70  # stray blanks around it


def test_age_in_whole_years_on_the_site_day() -> None:
    young = f"{ID}||Lê Văn Trẻ|04121966|Nam|Thôn Thử|01072021"
    assert read_card(young, SECRET, TODAY).age == 59  # 60 tomorrow
    assert not read_card(young, SECRET, TODAY).elderly
    assert read_card(young, SECRET, date(2026, 12, 4)).elderly
    assert age_on(date(1964, 2, 29), date(2024, 2, 28)) == 59
    assert age_on(date(1964, 2, 29), date(2024, 2, 29)) == 60


def test_without_a_secret_the_age_is_read_but_no_key_made() -> None:
    scan = read_card(CARD, "", TODAY)
    assert scan.citizen_key is None and scan.age == 70


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        (
            "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=1.001193",
            "not_card",
        ),
        ("H15.50.05.13-261008-0975", "not_card"),
        ("\x00\x01garbage", "not_card"),
        ("", "not_card"),
        ("|||", "fields"),
        (f"{ID}|123456789|Tên|15061956|Nam|Địa chỉ", "fields"),  # six fields
        (f"{ID}|12345|Tên|15061956|Nam|Địa chỉ|01072021", "fields"),  # old number of 5 digits
        ("09917001234|123456789|Tên|15061956|Nam|Địa chỉ|01072021", "bad_id"),  # 11 digits
        ("09917001234X|123456789|Tên|15061956|Nam|Địa chỉ|01072021", "bad_id"),
        (f"{ID}|123456789|Tên|31021956|Nam|Địa chỉ|01072021", "bad_date"),  # 31 February
        (f"{ID}|123456789|Tên|1956-06-15|Nam|Địa chỉ|01072021", "bad_date"),
        (f"{ID}|123456789|Tên|15061956|Nam|Địa chỉ|", "bad_date"),
        (f"{ID}|123456789|Tên|15062030|Nam|Địa chỉ|01072021", "bad_age"),  # born in the future
        (f"{ID}|123456789|Tên|15061856|Nam|Địa chỉ|01072021", "bad_age"),  # 170 years old
        (f"{ID}|123456789|Tên|15061956|Nam|Địa chỉ|01071950", "bad_age"),  # issued before birth
        (f"{ID}|123456789|Tên|15061956|Nam|Địa chỉ|01072031", "bad_age"),  # issued after today
    ],
)
def test_bad_and_foreign_payloads_get_words_that_never_repeat_them(payload: str, code: str) -> None:
    with pytest.raises(CardRejected) as caught:
        read_card(payload, SECRET, TODAY)
    error = caught.value
    assert error.code == code
    assert error.words.key == f"cccd.{code}"
    said = f"{error} {error.words.vi} {error.words.en}"
    for part in ("09917001", "Tên", "Địa chỉ", "1956", "garbage"):
        assert part not in said


def test_the_dossier_rated_after_a_card_scan() -> None:
    from kiosk.device.rating_flow import dossier_to_rate

    def answer(code: str, status: int) -> dict:
        return {"code": code, "status": {"id": status}}

    assert dossier_to_rate([answer("A", 4)]) == "A"  # the only one
    assert dossier_to_rate([answer("A", 4), answer("B", 10)]) == "B"  # the one returned
    assert dossier_to_rate([answer("A", 9), answer("B", 10)]) is None  # unclear: type it
    assert dossier_to_rate([answer("A", 4), answer("B", 5)]) is None
    assert dossier_to_rate([]) is None
