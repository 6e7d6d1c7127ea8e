"""Read whole numbers as Vietnamese words, the way a lobby announcer says them.

    0 không        5 năm          10 mười          15 mười lăm       21 hai mươi mốt
    24 hai mươi tư  105 một trăm linh năm           110 một trăm mười
    1000 một nghìn  1005 một nghìn không trăm linh năm

Rules: after "mươi" (20-90) a final 1 is "mốt" and 4 is "tư"; after "mười" or "mươi" a
final 5 is "lăm"; a lone unit after a hundred takes "linh" (northern) or "lẻ" (southern),
which also says "ngàn" for "nghìn". Inside a larger number an empty hundreds place is
read "không trăm" (một nghìn không trăm mười lăm).
"""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_SCALES = ("", "nghìn", "triệu")
LIMIT = 1_000_000_000


def read_number(n: int, *, southern: bool = False) -> list[str]:
    """The words for ``0 <= n < 1 000 000 000``, one list item per spoken syllable."""
    if not 0 <= n < LIMIT:
        raise ValueError(f"can read 0 to {LIMIT - 1:,}, not {n}")
    if n == 0:
        return [DIGITS[0]]
    groups = []
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    words: list[str] = []
    for scale in range(len(groups) - 1, -1, -1):
        group = groups[scale]
        if group == 0:
            continue
        leading = scale == len(groups) - 1
        words += _read_group(group, full=not leading, southern=southern)
        if scale:
            words.append("ngàn" if southern and scale == 1 else _SCALES[scale])
    return words


def _read_group(n: int, *, full: bool, southern: bool) -> list[str]:
    """One group of three digits; ``full`` reads an empty hundreds place as "không trăm"."""
    hundreds, rest = divmod(n, 100)
    tens, unit = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if unit:
            if words:
                words.append("lẻ" if southern else "linh")
            words.append(DIGITS[unit])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if unit == 1 and tens > 1:
        words.append("mốt")
    elif unit == 4 and tens > 1:
        words.append("tư")
    elif unit == 5:
        words.append("lăm")
    elif unit:
        words.append(DIGITS[unit])
    return words
