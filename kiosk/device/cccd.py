"""The chip ID card (CCCD / thẻ căn cước): read its QR payload, keep almost nothing.

The card's QR holds pipe-separated text::

    ID number (12 digits) | old CMND (9 digits, may be empty) | full name |
    date of birth (ddmmyyyy) | sex (Nam/Nữ) | address | date of issue (ddmmyyyy) [| more]

:func:`read_card` checks it (12 digits, real dates, a plausible age) and returns a
:class:`CardScan`: the keyed hash of the ID number (:mod:`kiosk.catalog.citizen_key`)
and the age in whole years. The name, sex, address and old number are dropped as soon
as the text is split; nothing of the payload is logged, and a refusal never repeats it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from kiosk.catalog.citizen_key import ID_NUMBER, citizen_key
from kiosk.clock import local_time
from kiosk.device.errors import LobbyError
from kiosk.i18n import Phrase

FIELDS = 7  # the fields every card has; some cards add more after them
ELDERLY_AGE = 60  # người cao tuổi (Luật Người cao tuổi 2009)
MAX_AGE = 120
_OLD_NUMBER = re.compile(r"(\d{9}|\d{12})?")
_DATE = re.compile(r"\d{8}")


class CardRejected(LobbyError):
    """The scanned text is not a readable CCCD payload (the words never repeat it)."""


@dataclass(frozen=True)
class CardScan:
    """What the kiosk may keep of a scanned card: ``citizen_key`` (None when the site has
    no ``citizen_secret``) and the age in whole years."""

    citizen_key: str | None
    age: int

    @property
    def elderly(self) -> bool:
        return self.age >= ELDERLY_AGE

    def __repr__(self) -> str:  # the key is private too: no log line carries it
        return f"CardScan(age={self.age})"


def is_card_payload(text: str) -> bool:
    """Whether ``text`` is meant as a CCCD payload (pipe-separated), readable or not."""
    return "|" in text


def _date(text: str) -> date:
    if not _DATE.fullmatch(text):
        raise CardRejected("bad_date", Phrase("cccd.bad_date"))
    try:
        return date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError:
        raise CardRejected("bad_date", Phrase("cccd.bad_date")) from None


def age_on(born: date, today: date) -> int:
    """Whole years from ``born`` to ``today`` (a 29 February birthday counts on 1 March)."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def read_card(text: str, secret: str, today: date) -> CardScan:
    """The :class:`CardScan` of a CCCD QR payload, ``today`` being the site's local date.

    Raises :class:`CardRejected`: ``not_card`` (no pipe: a URL, a dossier code, noise),
    ``fields`` (too few fields, or an old number that is not 9 or 12 digits),
    ``bad_id`` (not 12 digits), ``bad_date``, ``bad_age`` (born in the future, issued
    before birth or after today, or over 120 years old).
    """
    if not is_card_payload(text):
        raise CardRejected("not_card", Phrase("cccd.not_card"))
    parts = [p.strip() for p in text.strip().split("|")]
    if len(parts) < FIELDS:
        raise CardRejected("fields", Phrase("cccd.fields"))
    id_number, old_number, born_text, issued_text = parts[0], parts[1], parts[3], parts[6]
    if not ID_NUMBER.fullmatch(id_number):
        raise CardRejected("bad_id", Phrase("cccd.bad_id"))
    if not _OLD_NUMBER.fullmatch(old_number):
        raise CardRejected("fields", Phrase("cccd.fields"))
    born, issued = _date(born_text), _date(issued_text)
    age = age_on(born, today)
    if born > today or issued < born or issued > today or age > MAX_AGE:
        raise CardRejected("bad_age", Phrase("cccd.bad_age"))
    key = citizen_key(id_number, secret) if secret else None
    return CardScan(key, age)


class CardSession:
    """The card scanned in the current citizen's session, until :meth:`forget` (the
    kiosk's idle reset, going home). ``secret`` is the site's ``[hub] citizen_secret``,
    ``tz`` its time zone (the age is counted on the local date there)."""

    def __init__(self, secret: str, tz: ZoneInfo) -> None:
        self._secret = secret
        self._tz = tz
        self.current: CardScan | None = None

    @property
    def can_match(self) -> bool:
        """Whether scans give a key (the site has a secret) to find dossiers with."""
        return bool(self._secret)

    def read(self, text: str) -> CardScan:
        """Read a payload and keep it as the session's card (raises :class:`CardRejected`;
        a rejected scan leaves the card read before, if any)."""
        self.current = read_card(text, self._secret, local_time(self._tz).date())
        return self.current

    def forget(self) -> None:
        self.current = None


def sample_card(age: int, today: date) -> str:
    """A made-up card payload of someone ``age`` years old (the demo's simulator panel
    scans it): its ID number starts 099, which no province has; it is nobody's."""
    born = date(today.year - age, 1, 1)
    return f"099{born:%y}0{age:06d}||TEST DATA|{born:%d%m%Y}|Nam|TEST ADDRESS|{today:%d%m%Y}"
