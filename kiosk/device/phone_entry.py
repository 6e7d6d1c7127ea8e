"""The optional phone number a citizen types at the kiosk for the hub's messages.

Typed on a numeric pad, shown only masked (``09•• ••• 123``), checked with the API's
rule (kiosk/api/phone.py); never logged. Forgotten when the ticket is taken, skipped or
the kiosk resets for the next citizen.
"""

from __future__ import annotations

from kiosk.api.phone import mask, normalize
from kiosk.i18n import Phrase

BACKSPACE, CLEAR = "\b", "clear"  # the keys the pad sends besides digits
MAX_DIGITS = 11  # 84 and nine digits


class PhoneEntry:
    """The digits typed so far."""

    def __init__(self) -> None:
        self._digits = ""

    def key(self, key: str) -> None:
        """One key of the pad: a digit, backspace or clear."""
        if key == CLEAR:
            self._digits = ""
        elif key == BACKSPACE:
            self._digits = self._digits[:-1]
        elif key.isdigit() and len(key) == 1 and len(self._digits) < MAX_DIGITS:
            self._digits += key

    def clear(self) -> None:
        self._digits = ""

    @property
    def number(self) -> str | None:
        """The number as the hub takes it (0xxxxxxxxx), or None while it is not one."""
        return normalize(self._digits) if self._digits else None

    @property
    def shown(self) -> str:
        """What the screen shows of it: masked."""
        return mask(self._digits)

    def hint(self) -> Phrase:
        """What to say under the number: empty, not yet valid, or where messages go."""
        if not self._digits:
            return Phrase("ticket.phone.empty")
        if self.number is None:
            return Phrase("ticket.phone.invalid")
        return Phrase("ticket.phone.will_send", {"phone": self.shown})
