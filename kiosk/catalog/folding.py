"""Fold Vietnamese text for comparison: NFC, lower case, no tones, đ→d, i/y equal.

The on-screen keyboard types without tones, so every comparison happens on folded
text: ``fold("Đăng ký khai sinh") == fold("dang ki khai sinh") == "dang ki khai sinh"``.
"""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z.]+")
_DOTS = re.compile(r"(?<![0-9])\.|\.(?![0-9])")  # keep dots only inside numbers (1.001193)
# đ/Đ are letters of their own, not d + a mark, so NFD leaves them alone.
_LETTERS = str.maketrans({"đ": "d", "Đ": "d", "y": "i"})


def strip_tones(text: str) -> str:
    """Remove tone and vowel marks (and map đ→d) but keep case and spacing."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Comparable form of ``text``: lower case ASCII words separated by single spaces.

    Tones and marks go, ``đ`` becomes ``d`` and ``y`` becomes ``i`` (so kí = ký,
    quí = quý); punctuation becomes a space except dots inside numbers.
    """
    plain = strip_tones(unicodedata.normalize("NFC", text)).lower().translate(_LETTERS)
    return _NON_WORD.sub(" ", _DOTS.sub(" ", plain)).strip()


def words(text: str) -> list[str]:
    """The folded words of ``text``."""
    return fold(text).split()


def nfc(text: str) -> str:
    """``text`` in NFC with runs of white space collapsed (how we store text)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


_VOWELS = frozenset("aeiou")
_TONE_KEYS = frozenset("sfrxjz")
_TELEX_PAIRS = (("dd", "d"), ("aa", "a"), ("ee", "e"), ("oo", "o"))


def untyped(word: str) -> str:
    """The folded word a Telex or VNI typist meant when the keyboard did not convert.

    VNI puts digits after letters ("da9ng" → "dang"); Telex doubles letters for
    marks ("ddaast" → "dat"), adds ``w`` for horns and breves ("thuwowngf" →
    "thuong", also after the final consonant: "ddangw" → "dang") and a letter for
    the tone (s f r x j, z to clear it).
    ``word`` is folded; a word with nothing to decode comes back unchanged.
    """
    if any(c.isdigit() for c in word):
        return re.sub(r"\d", "", word) if any(c.isalpha() for c in word) else word
    for typed, meant in _TELEX_PAIRS:
        word = word.replace(typed, meant)
    out: list[str] = []
    for c in word:
        after_vowel = bool(out) and any(v in _VOWELS for v in out)
        if c == "w":  # a horn or breve, also typed after the final consonant ("ddangw")
            if not after_vowel:
                out.append("u")  # "w" before any vowel is ư
        elif c in _TONE_KEYS and after_vowel:
            continue
        else:
            out.append(c)
    return "".join(out)


# Spellings that regional accents confuse (ch/tr, s/x, d/gi/r, l/n, v/d; final n/ng, c/t).
_INITIAL_SWAPS: tuple[tuple[str, str], ...] = (("ch", "tr"), ("tr", "ch"), ("s", "x"), ("x", "s"))
_INITIAL_SWAPS += (("gi", "d"), ("d", "gi"), ("r", "d"), ("d", "r"), ("r", "gi"))
_INITIAL_SWAPS += (("l", "n"), ("n", "l"), ("v", "d"))
_FINAL_SWAPS = (("ng", "n"), ("n", "ng"), ("c", "t"), ("t", "c"), ("nh", "n"))


def accent_spellings(word: str) -> set[str]:
    """Spellings of the folded ``word`` that a regional accent would confuse with it.

    ``accent_spellings("chu") == {"tru"}``: "tạm chú" was meant as "tạm trú".
    """
    out = set()
    for typed, meant in _INITIAL_SWAPS:
        if word.startswith(typed) and not (typed == "n" and word.startswith("ng")):
            out.add(meant + word[len(typed) :])
    for typed, meant in _FINAL_SWAPS:
        if word.endswith(typed) and not (typed == "n" and word.endswith("nh")):
            out.add(word[: -len(typed)] + meant)
    out.discard(word)
    return out
