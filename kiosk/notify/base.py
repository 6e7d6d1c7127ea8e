"""The notifier interface: one message to one phone, and what became of it.

A notifier never logs or returns the phone number; a reason it gives is safe to log
(no URL, no request body: a gateway's URL may carry the number).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import quote

from kiosk.api.phone import international


@dataclass(frozen=True)
class Message:
    """One message: ``tracking_id`` is the same on every attempt (the provider's
    idempotency key where it has one); ``values`` fill the placeholders."""

    tracking_id: str
    kind: str  # "soon" or "called"
    phone: str  # 0xxxxxxxxx
    text: str
    values: Mapping[str, Any]

    def fields(self) -> dict[str, str]:
        """Every placeholder's value for this message."""
        base = {k: "" if v is None else str(v) for k, v in self.values.items()}
        return base | {
            "phone": self.phone,
            "phone84": international(self.phone),
            "text": self.text,
            "id": self.tracking_id,
            "kind": self.kind,
        }

    def __repr__(self) -> str:  # the number must not reach a log through a repr
        return f"Message({self.tracking_id!r}, {self.kind!r})"


@dataclass(frozen=True)
class Outcome:
    """``sent``: the gateway said yes (``provider_id`` its message id, if any); else
    ``reason`` says why, in words safe to log."""

    sent: bool
    reason: str = ""
    provider_id: str | None = None


class Notifier(Protocol):
    """Sends one message; blocks up to its own timeout; never raises for a gateway's
    failure (that is an :class:`Outcome` with ``sent=False``)."""

    name: str

    def send(self, message: Message) -> Outcome: ...


_PLACEHOLDER = re.compile(r"{(\w+)}")


def fill(template: str, values: Mapping[str, str], *, url: bool = False) -> str:
    """``template`` with its ``{name}`` placeholders replaced (URL-quoted when ``url``)."""

    def value(found: re.Match[str]) -> str:
        text = values.get(found[1], "")
        return quote(text, safe="") if url else text

    return _PLACEHOLDER.sub(value, template)


def quiet_transport() -> None:
    """urllib3 logs each request's URL at DEBUG, and a gateway's URL may carry the number:
    its connection log says no more than INFO, even under ``kiosk -v``."""
    logging.getLogger("urllib3.connectionpool").setLevel(logging.INFO)


def failure(error: Exception) -> Outcome:
    """A transport failure in words safe to log: the error's kind, not its text (which
    names the URL, and with it perhaps the number)."""
    return Outcome(False, f"no answer ({type(error).__name__})")
