"""The voice pack: which short clips make an announcement, and joining them into one WAV.

A pack is a folder of WAV clips (mono, 16-bit, one sample rate for all; the shipped
pack is 16 kHz) named by ASCII clip names, ``assets/audio/<clip>.wav`` by default::

    chime, pause                        a two-tone chime, 0.3 s of silence
    vi/xin_moi_so_thu_tu, vi/den_quay_so     "Xin mời số thứ tự", "đến quầy số"
    vi/<word> (see VI_WORDS)            number words: vi/muoi = "mười", vi/muoi_ngang = "mươi"
    vi/letter_a .. vi/letter_z          letter names: "a", "bê", "xê" ...
    en/number, en/please_go_to_counter  "Number", "please go to counter"
    en/zero .. en/nineteen, en/twenty .. en/ninety, en/hundred, en/thousand
    en/letter_a .. en/letter_z

``scripts/make_voice_pack.py`` generates the pack from :data:`SPOKEN_CLIPS` with
espeak-ng and sox; a site may replace any clip with a human recording of the same name.

A ticket number is its letter's name then, by the option ``reading`` (:data:`READINGS`),
the whole number ("number", the default: A015 is "A mười lăm", "A fifteen"; leading
zeros are only printed) or each printed digit ("digits": "A không một năm", "A zero
one five"). The counter is always read as a number.
"""

from __future__ import annotations

import io
import re
import string
import wave
from pathlib import Path

from kiosk.devices.base import DeviceError
from kiosk.devices.vietnamese_numbers import DIGITS, read_number
from kiosk.paths import asset

CHIME, PAUSE = "chime", "pause"
READINGS = ("number", "digits")
_TICKET = re.compile(r"^([A-Z]{0,3})(\d{1,4})$")

VI_WORDS = {
    "không": "khong", "một": "mot", "hai": "hai", "ba": "ba", "bốn": "bon", "năm": "nam",
    "sáu": "sau", "bảy": "bay", "tám": "tam", "chín": "chin", "mười": "muoi",
    "mươi": "muoi_ngang", "mốt": "mot_sac", "tư": "tu", "lăm": "lam", "trăm": "tram",
    "linh": "linh", "lẻ": "le", "nghìn": "nghin", "ngàn": "ngan", "triệu": "trieu",
}  # fmt: skip
# fmt: off
VI_LETTERS = (
    "a", "bê", "xê", "dê", "e", "ép", "giê", "hát", "i", "gi", "ca", "e lờ", "em mờ",
    "en nờ", "o", "pê", "quy", "e rờ", "ét xì", "tê", "u", "vê", "vê kép", "ích xì",
    "i dài", "dét",
)
EN_LETTERS = (
    "ay", "bee", "see", "dee", "ee", "eff", "gee", "aitch", "eye", "jay", "kay", "el", "em",
    "en", "oh", "pee", "cue", "ar", "ess", "tee", "you", "vee", "double you", "ex", "why",
    "zed",
)
EN_NUMBERS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen",
)
EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
# fmt: on


def _letters(names: tuple[str, ...]) -> zip[tuple[str, str]]:
    return zip(string.ascii_lowercase, names, strict=True)


SPOKEN_CLIPS: dict[str, tuple[str, str]] = {
    "vi/xin_moi_so_thu_tu": ("vi", "Xin mời số thứ tự"),
    "vi/den_quay_so": ("vi", "đến quầy số"),
    **{f"vi/{name}": ("vi", word) for word, name in VI_WORDS.items()},
    **{f"vi/letter_{c}": ("vi", n) for c, n in _letters(VI_LETTERS)},
    "en/number": ("en", "Number"),
    "en/please_go_to_counter": ("en", "please go to counter"),
    **{f"en/{w}": ("en", w) for w in [*EN_NUMBERS, *EN_TENS[2:], "hundred", "thousand"]},
    **{f"en/letter_{c}": ("en", n) for c, n in _letters(EN_LETTERS)},
}
"""Every spoken clip: name -> (espeak-ng voice, text)."""

ALL_CLIPS = (CHIME, PAUSE, *SPOKEN_CLIPS)


def parse_ticket(number: str) -> tuple[str, str]:
    """Split "A015" into ("A", "015"); ``ValueError`` for anything else."""
    m = _TICKET.match(number.strip().upper())
    if m is None:
        raise ValueError(f"not a ticket number (letters then digits, like A015): {number!r}")
    return m.group(1), m.group(2)


def english_words(n: int) -> list[str]:
    """English number words for ``0 <= n < 1 000 000`` (105 -> one hundred five)."""
    if not 0 <= n < 1_000_000:
        raise ValueError(f"can read 0 to 999,999 in English, not {n}")
    if n >= 1000:
        below = english_words(n % 1000) if n % 1000 else []
        return [*english_words(n // 1000), "thousand", *below]
    words = [EN_NUMBERS[n // 100], "hundred"] if n >= 100 else []
    rest = n % 100
    if rest >= 20:
        words.append(EN_TENS[rest // 10])
        if rest % 10:
            words.append(EN_NUMBERS[rest % 10])
    elif rest or not words:
        words.append(EN_NUMBERS[rest])
    return words


def check_reading(reading: str) -> str:
    """``reading`` if it is one of :data:`READINGS`, else ``ValueError``."""
    if reading not in READINGS:
        raise ValueError(f"reading must be one of {', '.join(READINGS)}, not {reading!r}")
    return reading


def announcement_clips(
    number: str,
    counter: int,
    *,
    reading: str = "number",
    english: bool = False,
    repeat: int = 1,
    southern: bool = False,
) -> list[str]:
    """The clips for "Xin mời số thứ tự <number> đến quầy số <counter>", in play order.

    A chime first, then the words ``repeat`` times (with the English sentence after the
    Vietnamese one when ``english``), separated by pauses; ``reading`` is one of
    :data:`READINGS`.
    """
    prefix, digits = parse_ticket(number)
    if check_reading(reading) == "digits":
        vi_number = [DIGITS[int(d)] for d in digits]
        en_number = [EN_NUMBERS[int(d)] for d in digits]
    else:
        vi_number = read_number(int(digits), southern=southern)
        en_number = english_words(int(digits))
    vi = [
        "vi/xin_moi_so_thu_tu",
        *(f"vi/letter_{c.lower()}" for c in prefix),
        *(f"vi/{VI_WORDS[w]}" for w in vi_number),
        "vi/den_quay_so",
        *(f"vi/{VI_WORDS[w]}" for w in read_number(counter, southern=southern)),
    ]
    spoken = vi
    if english:
        spoken = [
            *vi,
            PAUSE,
            "en/number",
            *(f"en/letter_{c.lower()}" for c in prefix),
            *(f"en/{w}" for w in en_number),
            "en/please_go_to_counter",
            *(f"en/{w}" for w in english_words(counter)),
        ]
    clips = [CHIME]
    for i in range(max(1, repeat)):
        clips += [PAUSE, *spoken] if i else spoken
    return clips


class VoicePack:
    """A folder of clips; joins an announcement's clips into one WAV file's bytes."""

    def __init__(self, root: str | Path | None = None) -> None:
        self.root = Path(root) if root is not None else asset("audio")
        self._cache: dict[str, tuple[tuple[int, int, int], bytes]] = {}

    def path(self, clip: str) -> Path:
        return self.root / f"{clip}.wav"

    def missing(self, clips: tuple[str, ...] | list[str] = ALL_CLIPS) -> list[str]:
        return [c for c in clips if not self.path(c).is_file()]

    def check(self, *, english: bool) -> None:
        """Raise ``DeviceError`` naming the clips an announcer would need that are missing,
        unreadable or of another format than the chime (so it fails at start-up)."""
        needed = [c for c in ALL_CLIPS if english or not c.startswith("en/")]
        missing = self.missing(needed)
        if missing:
            shown = ", ".join(missing[:8]) + (" ..." if len(missing) > 8 else "")
            raise DeviceError(
                f"voice pack {self.root} lacks {len(missing)} clip(s): {shown} "
                "(run scripts/make_voice_pack.py)"
            )
        self.mix(needed)

    def mix(self, clips: list[str]) -> bytes:
        """The clips one after another, as the bytes of one WAV file."""
        params: tuple[int, int, int] | None = None
        frames = []
        for clip in clips:
            clip_params, data = self._load(clip)
            if params is not None and clip_params != params:
                raise DeviceError(
                    f"voice pack clip {self.path(clip)} has channels/width/rate {clip_params}, "
                    f"the others {params}"
                )
            params = clip_params
            frames.append(data)
        if params is None:
            raise ValueError("no clips to mix")
        out = io.BytesIO()
        with wave.open(out, "wb") as w:
            w.setnchannels(params[0])
            w.setsampwidth(params[1])
            w.setframerate(params[2])
            w.writeframes(b"".join(frames))
        return out.getvalue()

    def duration(self, clips: list[str]) -> float:
        """Seconds the clips last when played one after another."""
        total = 0.0
        for clip in clips:
            (channels, width, rate), data = self._load(clip)
            total += len(data) / (channels * width * rate)
        return total

    def _load(self, clip: str) -> tuple[tuple[int, int, int], bytes]:
        if clip not in self._cache:
            try:
                with wave.open(str(self.path(clip)), "rb") as w:
                    params = (w.getnchannels(), w.getsampwidth(), w.getframerate())
                    self._cache[clip] = (params, w.readframes(w.getnframes()))
            except (OSError, EOFError, wave.Error) as e:
                raise DeviceError(f"voice pack clip {self.path(clip)} unreadable: {e}") from e
        return self._cache[clip]
