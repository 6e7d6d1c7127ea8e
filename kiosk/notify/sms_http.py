"""A brand-name SMS gateway over HTTP, described entirely by the hub file.

Vietnamese brand-name SMS providers take one HTTP request per message: a URL, GET or
POST, the number, the text, the brand name and the account's keys as JSON, form or
query fields, and an answer whose code says "accepted". ``[hub.notify.sms]`` names each
of these (placeholders: {phone} 0xxxxxxxxx, {phone84}, {text}, {id}: the tracking id,
the same on every attempt, for providers that refuse a repeated request id).
"""

from __future__ import annotations

from typing import Any

import requests

from kiosk.config import SmsGateway
from kiosk.notify.base import Message, Outcome, failure, fill, quiet_transport


def dig(data: Any, path: str) -> Any:
    """The value at a dotted ``path`` of a JSON answer (None where there is none)."""
    for part in path.split("."):
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data


class HttpSmsNotifier:
    """Sends each message as the one request ``gateway`` describes."""

    name = "sms-http"

    def __init__(self, gateway: SmsGateway, session: requests.Session | None = None) -> None:
        self.gateway = gateway
        self.session = session or requests.Session()
        quiet_transport()

    def send(self, message: Message) -> Outcome:
        g = self.gateway
        values = message.fields()
        fields = {k: fill(v, values) for k, v in g.fields.items()}
        request: dict[str, Any] = {
            "json": fields if g.body == "json" else None,
            "data": fields if g.body == "form" else None,
            "params": fields if g.body == "none" else None,
        }
        try:
            answer = self.session.request(
                g.method,
                fill(g.url, values, url=True),
                headers={k: fill(v, values) for k, v in g.headers.items()},
                timeout=g.timeout_s,
                **request,
            )
        except requests.RequestException as e:
            return failure(e)
        if not 200 <= answer.status_code < 300:
            return Outcome(False, f"HTTP {answer.status_code}")
        if not g.success_field:
            return Outcome(True)
        try:
            body = answer.json()
        except ValueError:
            return Outcome(False, "answer is not JSON")
        got = dig(body, g.success_field)
        if got is None or str(got) != g.success_value:
            return Outcome(False, f"{g.success_field} = {str(got)[:40]}")
        return Outcome(True, provider_id=_provider_id(body))


def _provider_id(body: Any) -> str | None:
    """The gateway's own message id, where its answer has one by a usual name."""
    for key in ("SMSID", "smsid", "message_id", "msg_id", "id", "MessageId"):
        value = dig(body, key)
        if value not in (None, ""):
            return str(value)[:100]
    return None
