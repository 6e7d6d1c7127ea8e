"""Vietnamese mobile numbers: the one rule both sides apply, and the masked form shown.

A number is 10 digits starting 0 (``0912345123``) or the same after ``+84``
(``+84912345123``, or ``84912345123`` from a pad without "+"); mobile networks'
prefixes are 03, 05, 07, 08 and 09. It is kept as ``0xxxxxxxxx`` and shown only
masked: ``09•• ••• 123``.
"""

from __future__ import annotations

import re

PATTERN = r"^(0|\+84)[35789][0-9]{8}$"
_VALID = re.compile(PATTERN)
MASK = "•"


def normalize(text: str) -> str | None:
    """The number as ``0xxxxxxxxx``, or None when ``text`` is not a Vietnamese mobile
    number (spaces, dots and dashes between digits are allowed)."""
    compact = re.sub(r"[\s.\-]", "", text)
    if re.fullmatch(r"84\d{9}", compact):  # +84 typed on a pad that has no "+"
        compact = "+" + compact
    if not _VALID.fullmatch(compact):
        return None
    return "0" + compact.removeprefix("+84").removeprefix("0")


def international(number: str) -> str:
    """``0912345123`` as ``84912345123`` (Zalo's and most gateways' form)."""
    return "84" + number.removeprefix("0")


def mask(digits: str) -> str:
    """What may be shown or logged of a number (whole or still being typed):
    the first two and the last three digits, ``09•• ••• 123``."""
    d = re.sub(r"\D", "", digits.removeprefix("+84"))
    if digits.startswith("+84"):
        d = "0" + d
    hidden = "".join(c if i < 2 or i >= len(d) - 3 else MASK for i, c in enumerate(d))
    if len(d) <= 5:
        return hidden
    return " ".join(p for p in (hidden[:4], hidden[4:7], hidden[7:]) if p)
