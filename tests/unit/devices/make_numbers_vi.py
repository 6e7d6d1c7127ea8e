"""Write numbers_vi.tsv beside this file: how a lobby says 1-999, north and south.

Written from the plain rules, not from kiosk.devices.vietnamese_numbers (which the
table checks):

- digits: không một hai ba bốn năm sáu bảy tám chín;
- 10-19 are "mười" and a unit; 20-99 are a digit, "mươi" and a unit;
- after "mươi" a unit 1 is "mốt" and a unit 4 is "tư" ("hai mươi tư" is what lobbies
  say, north and south; "hai mươi bốn" is also northern standard, not used here); after
  "mười" they stay "một" and "bốn" (mười một, mười bốn);
- a unit 5 after "mười" or "mươi" is "lăm" (mười lăm, hai mươi lăm), alone "năm";
- hundreds are a digit and "trăm"; an empty tens place before a unit is "linh" in the
  north and "lẻ" in the south (một trăm linh năm, một trăm lẻ năm);
- "không trăm" never starts a number; below 1000 there is none.

Run ``python tests/unit/devices/make_numbers_vi.py`` after changing a rule.
"""

from __future__ import annotations

from pathlib import Path

TABLE = Path(__file__).with_name("numbers_vi.tsv")
DIGIT = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def two_digits(n: int) -> str:
    """1-99."""
    tens, unit = divmod(n, 10)
    if tens == 0:
        return DIGIT[unit]
    head = "mười" if tens == 1 else f"{DIGIT[tens]} mươi"
    if unit == 0:
        return head
    if unit == 5:
        return f"{head} lăm"
    if tens >= 2 and unit == 1:
        return f"{head} mốt"
    if tens >= 2 and unit == 4:
        return f"{head} tư"
    return f"{head} {DIGIT[unit]}"


def say(n: int, *, zero_tens: str) -> str:
    """1-999; ``zero_tens`` is "linh" or "lẻ"."""
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        return two_digits(rest)
    head = f"{DIGIT[hundreds]} trăm"
    if rest == 0:
        return head
    if rest < 10:
        return f"{head} {zero_tens} {DIGIT[rest]}"
    return f"{head} {two_digits(rest)}"


def rows() -> list[tuple[int, str, str]]:
    return [(n, say(n, zero_tens="linh"), say(n, zero_tens="lẻ")) for n in range(1, 1000)]


def render() -> str:
    lines = ["n\tnorthern\tsouthern", *(f"{n}\t{no}\t{so}" for n, no, so in rows())]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    TABLE.write_text(render(), encoding="utf-8")
