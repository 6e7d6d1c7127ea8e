"""Vietnamese (and English) number reading for announcements."""

from __future__ import annotations

import pytest

from kiosk.devices.vietnamese_numbers import read_number
from kiosk.devices.voice_pack import english_words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "không"),
        (1, "một"),
        (4, "bốn"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (55, "năm mươi lăm"),
        (99, "chín mươi chín"),
        (100, "một trăm"),
        (101, "một trăm linh một"),
        (104, "một trăm linh bốn"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (115, "một trăm mười lăm"),
        (121, "một trăm hai mươi mốt"),
        (999, "chín trăm chín mươi chín"),
        (1000, "một nghìn"),
        (1005, "một nghìn không trăm linh năm"),
        (1015, "một nghìn không trăm mười lăm"),
        (1100, "một nghìn một trăm"),
        (2024, "hai nghìn không trăm hai mươi tư"),
        (15000, "mười lăm nghìn"),
        (105000, "một trăm linh năm nghìn"),
        (1_000_000, "một triệu"),
        (1_000_005, "một triệu không trăm linh năm"),
    ],
)
def test_northern_reading(n, words):
    assert " ".join(read_number(n)) == words


@pytest.mark.parametrize(
    ("n", "words"),
    [(105, "một trăm lẻ năm"), (1000, "một ngàn"), (2005, "hai ngàn không trăm lẻ năm")],
)
def test_southern_reading(n, words):
    assert " ".join(read_number(n, southern=True)) == words


@pytest.mark.parametrize("n", [-1, 1_000_000_000])
def test_out_of_range(n):
    with pytest.raises(ValueError):
        read_number(n)


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "zero"),
        (5, "five"),
        (15, "fifteen"),
        (20, "twenty"),
        (21, "twenty one"),
        (105, "one hundred five"),
        (110, "one hundred ten"),
        (999, "nine hundred ninety nine"),
        (1000, "one thousand"),
        (1015, "one thousand fifteen"),
    ],
)
def test_english_reading(n, words):
    assert " ".join(english_words(n)) == words
