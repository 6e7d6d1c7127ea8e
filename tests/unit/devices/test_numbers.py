"""Vietnamese (and English) number reading for announcements.

numbers_vi.tsv holds every ticket number 1-999 as a lobby reads it, north and south;
make_numbers_vi.py writes it from the plain rules, and ANCHORS check it by hand.
"""

from __future__ import annotations

import csv

import pytest

from kiosk.devices.vietnamese_numbers import read_number
from kiosk.devices.voice_pack import english_words
from tests.unit.devices.make_numbers_vi import TABLE, render

ANCHORS = {  # n: (northern, southern), written by hand
    1: ("một", "một"),
    4: ("bốn", "bốn"),
    5: ("năm", "năm"),
    10: ("mười", "mười"),
    11: ("mười một", "mười một"),
    14: ("mười bốn", "mười bốn"),
    15: ("mười lăm", "mười lăm"),
    19: ("mười chín", "mười chín"),
    20: ("hai mươi", "hai mươi"),
    21: ("hai mươi mốt", "hai mươi mốt"),
    24: ("hai mươi tư", "hai mươi tư"),
    25: ("hai mươi lăm", "hai mươi lăm"),
    41: ("bốn mươi mốt", "bốn mươi mốt"),
    55: ("năm mươi lăm", "năm mươi lăm"),
    100: ("một trăm", "một trăm"),
    101: ("một trăm linh một", "một trăm lẻ một"),
    104: ("một trăm linh bốn", "một trăm lẻ bốn"),
    105: ("một trăm linh năm", "một trăm lẻ năm"),
    110: ("một trăm mười", "một trăm mười"),
    111: ("một trăm mười một", "một trăm mười một"),
    115: ("một trăm mười lăm", "một trăm mười lăm"),
    121: ("một trăm hai mươi mốt", "một trăm hai mươi mốt"),
    124: ("một trăm hai mươi tư", "một trăm hai mươi tư"),
    125: ("một trăm hai mươi lăm", "một trăm hai mươi lăm"),
    200: ("hai trăm", "hai trăm"),
    205: ("hai trăm linh năm", "hai trăm lẻ năm"),
    210: ("hai trăm mười", "hai trăm mười"),
    215: ("hai trăm mười lăm", "hai trăm mười lăm"),
    301: ("ba trăm linh một", "ba trăm lẻ một"),
    444: ("bốn trăm bốn mươi tư", "bốn trăm bốn mươi tư"),
    555: ("năm trăm năm mươi lăm", "năm trăm năm mươi lăm"),
    990: ("chín trăm chín mươi", "chín trăm chín mươi"),
    999: ("chín trăm chín mươi chín", "chín trăm chín mươi chín"),
}


def load_table() -> dict[int, tuple[str, str]]:
    """numbers_vi.tsv as n -> (northern, southern)."""
    with TABLE.open(encoding="utf-8", newline="") as f:
        return {
            int(r["n"]): (r["northern"], r["southern"]) for r in csv.DictReader(f, delimiter="\t")
        }


def test_table_is_complete_written_by_its_rules_and_agrees_with_the_anchors():
    table = load_table()
    assert list(table) == list(range(1, 1000))
    assert TABLE.read_text(encoding="utf-8") == render()
    assert {n: table[n] for n in ANCHORS} == ANCHORS


@pytest.mark.parametrize(("column", "southern"), [(0, False), (1, True)], ids=["north", "south"])
def test_read_number_matches_the_table_for_1_to_999(column, southern):
    table = load_table()
    wrong = {
        n: (said, row[column])
        for n, row in table.items()
        if (said := " ".join(read_number(n, southern=southern))) != row[column]
    }
    assert wrong == {}


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "không"),
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
def test_northern_reading_beyond_the_table(n, words):
    assert " ".join(read_number(n)) == words


@pytest.mark.parametrize(
    ("n", "words"),
    [(1000, "một ngàn"), (2005, "hai ngàn không trăm lẻ năm")],
)
def test_southern_reading_beyond_the_table(n, words):
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
