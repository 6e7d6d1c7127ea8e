"""The keyed hash that stands for a citizen's ID number (số định danh cá nhân, 12 digits).

The kiosk never keeps, sends or logs an ID number: it keeps ``citizen_key(number,
secret)``, an HMAC-SHA256 under the site's ``[hub] citizen_secret``, and the hub and the
dossier table match on that. Without the secret nobody can turn a key back into a number
by trying the (few) possible numbers, so the secret is as private as a device token.
The same secret on every device of a hub and at the dossier import makes the keys equal.
"""

from __future__ import annotations

import hashlib
import hmac
import re

ID_NUMBER = re.compile(r"\d{12}")
CITIZEN_KEY = r"^[0-9a-f]{64}$"  # what a key looks like on the wire


def citizen_key(id_number: str, secret: str) -> str:
    """The hex HMAC-SHA256 of a 12-digit ID number under ``secret`` (ValueError otherwise)."""
    if not ID_NUMBER.fullmatch(id_number):
        raise ValueError("an ID number has 12 digits")
    if not secret:
        raise ValueError("no citizen secret: set [hub] citizen_secret")
    return hmac.new(secret.encode(), id_number.encode(), hashlib.sha256).hexdigest()
