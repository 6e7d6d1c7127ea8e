"""Zalo ZNS (Zalo Notification Service): template messages of an official account.

The documented call: ``POST {base_url}/message/template`` with the OA's ``access_token``
header and the JSON ``{phone: "84xxxxxxxxx", template_id, template_data, tracking_id}``;
the answer's ``error`` is 0 on success (``data.msg_id`` the message), anything else a
failure with ``message``. The tracking id is the outbox row's, the same on every attempt.
Refreshing the access token (OAuth) is the operator's: the hub reads it from its file.
"""

from __future__ import annotations

import requests

from kiosk.api.phone import international
from kiosk.config import ZnsGateway
from kiosk.notify.base import Message, Outcome, failure, fill, quiet_transport


class ZnsNotifier:
    """Sends each message as the ZNS template of its kind."""

    name = "zns"

    def __init__(self, gateway: ZnsGateway, session: requests.Session | None = None) -> None:
        self.gateway = gateway
        self.session = session or requests.Session()
        quiet_transport()

    def send(self, message: Message) -> Outcome:
        g = self.gateway
        values = message.fields()
        body = {
            "phone": international(message.phone),
            "template_id": g.templates[message.kind],
            "template_data": {k: fill(v, values) for k, v in g.data.items()},
            "tracking_id": message.tracking_id,
        }
        try:
            answer = self.session.post(
                f"{g.base_url}/message/template",
                json=body,
                headers={"access_token": g.access_token},
                timeout=g.timeout_s,
            )
        except requests.RequestException as e:
            return failure(e)
        if not 200 <= answer.status_code < 300:
            return Outcome(False, f"HTTP {answer.status_code}")
        try:
            reply = answer.json()
        except ValueError:
            return Outcome(False, "answer is not JSON")
        if not isinstance(reply, dict) or reply.get("error") != 0:
            error = reply.get("error") if isinstance(reply, dict) else None
            said = str(reply.get("message", ""))[:80] if isinstance(reply, dict) else ""
            return Outcome(False, f"ZNS error {error}: {said}")
        data = reply.get("data")
        msg_id = data.get("msg_id") if isinstance(data, dict) else None
        return Outcome(True, provider_id=None if msg_id is None else str(msg_id)[:100])
