"""Local stand-ins for the SMS gateway and Zalo ZNS, serving their contracts on 127.0.0.1.

:class:`FakeZns` answers ``POST /message/template`` as Zalo documents it: the
``access_token`` header, ``{phone: 84xxxxxxxxx, template_id, template_data,
tracking_id}``, ``{"error": 0, "message": "Success", "data": {"msg_id": ...}}`` or a
negative ``error`` with its message. :class:`FakeSms` answers a brand-name gateway of
the common shape (a JSON body or a GET query of ``ApiKey``, ``SecretKey``, ``Phone``,
``Content``, ``Brandname``, ``RequestId``; ``{"CodeResult": "100", "SMSID": ...}`` when
accepted, ``"101"`` for wrong keys). Both treat a repeated tracking/request id as the
same message: it is answered again, not delivered again (what the retry after a lost
answer relies on).

A test (or a trial run) can take either down: ``down("503")`` answers 503, ``down("lose")``
delivers but drops the connection before answering, ``down("refuse")`` stops listening;
``up()`` restores service on the same port. ``python -m kiosk.notify.fake_gateways``
runs both until interrupted.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

MODES = ("ok", "503", "lose", "refuse")


@dataclass(frozen=True)
class Delivery:
    """A message the fake delivered to a phone: the number as the gateway got it."""

    phone: str
    tracking_id: str
    text: str  # the SMS text, or the ZNS template id and data as JSON
    data: dict[str, Any]


class _Fake:
    """A threaded HTTP server on 127.0.0.1 with a switchable failure mode."""

    def __init__(self, port: int = 0) -> None:
        self.mode = "ok"
        self.deliveries: list[Delivery] = []
        self.requests = 0  # every request that reached the fake, answered or not
        self._answers: dict[str, tuple[int, dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self.port = port
        self.up()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def up(self) -> None:
        """Serve normally (listening again on the same port after ``refuse``)."""
        self._listen()
        self.mode = "ok"

    def down(self, mode: str) -> None:
        """Fail in ``mode`` from now on: 503, lose (deliver, answer nothing), refuse."""
        if mode not in MODES[1:]:
            raise ValueError(f"mode {mode!r}: one of {', '.join(MODES[1:])}")
        if mode == "refuse":
            self._stop()
        else:
            self._listen()
        self.mode = mode

    def _listen(self) -> None:
        if self._server is None:
            self._server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
            self._server.daemon_threads = True
            self.port = self._server.server_address[1]
            threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._stop()

    def _stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def delivered(self, tracking_id: str) -> int:
        """How many times the message ``tracking_id`` reached the phone."""
        return sum(1 for d in self.deliveries if d.tracking_id == tracking_id)

    def answer(self, path: str, headers: Any, body: Any) -> tuple[int, dict[str, Any], bool]:
        """(status, JSON answer, whether to answer at all) for one request."""
        with self._lock:
            self.requests += 1
            if self.mode == "503":
                return 503, {"error": "unavailable"}, True
            status, reply, delivery = self.handle(path, headers, body)
            key = delivery.tracking_id if delivery else ""
            if delivery is not None and key in self._answers:
                status, reply = self._answers[key]  # the same message: answered, not resent
            elif delivery is not None:
                self.deliveries.append(delivery)
                if key:
                    self._answers[key] = (status, reply)
            return status, reply, self.mode != "lose"

    def handle(
        self, path: str, headers: Any, body: Any
    ) -> tuple[int, dict[str, Any], Delivery | None]:
        """The gateway's answer to one request (each fake's contract: SMS, ZNS)."""
        raise NotImplementedError  # abstract: every fake gateway answers in its own way

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw or b"null")
                except ValueError:
                    body = None
                self._reply(body)

            def do_GET(self) -> None:
                query = parse_qs(urlsplit(self.path).query)
                self._reply({k: v[-1] for k, v in query.items()})

            def _reply(self, body: Any) -> None:
                status, reply, answer = fake.answer(self.path, self.headers, body)
                if not answer:  # delivered, but the answer is lost on the way
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                data = json.dumps(reply, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the fake's requests carry phone numbers."""

        return Handler


class FakeZns(_Fake):
    """Zalo's ``/message/template`` for one official account's token and templates."""

    def __init__(
        self, access_token: str, templates: tuple[str, ...] = ("1001", "1002"), port: int = 0
    ) -> None:
        self.access_token = access_token
        self.templates = templates
        self._next_id = 0
        super().__init__(port)

    def handle(
        self, path: str, headers: Any, body: Any
    ) -> tuple[int, dict[str, Any], Delivery | None]:
        if path != "/message/template":
            return 404, {"error": -201, "message": "Unknown API"}, None
        if headers.get("access_token") != self.access_token:
            return 200, {"error": -124, "message": "Access token is invalid"}, None
        if not isinstance(body, dict):
            return 200, {"error": -100, "message": "Body is not JSON"}, None
        phone = str(body.get("phone", ""))
        if not re.fullmatch(r"84[35789]\d{8}", phone):
            return 200, {"error": -108, "message": "Phone number is invalid"}, None
        if str(body.get("template_id")) not in self.templates:
            return 200, {"error": -1123, "message": "Template is not found"}, None
        data = body.get("template_data")
        if not isinstance(data, dict):
            return 200, {"error": -115, "message": "template_data is invalid"}, None
        self._next_id += 1
        reply = {
            "error": 0,
            "message": "Success",
            "data": {"msg_id": f"zns-{self._next_id}", "sent_time": "0", "quota": {}},
        }
        text = json.dumps({"template_id": body["template_id"], **data}, ensure_ascii=False)
        return 200, reply, Delivery(phone, str(body.get("tracking_id", "")), text, data)


class FakeSms(_Fake):
    """A brand-name gateway: ``POST {path}`` with the account's keys and brand name."""

    PATH = "/MainService.svc/json/SendMultipleMessage_V4_post_json/"

    def __init__(self, api_key: str, secret: str, brandname: str, port: int = 0) -> None:
        self.api_key, self.secret, self.brandname = api_key, secret, brandname
        self._next_id = 0
        super().__init__(port)

    def handle(
        self, path: str, headers: Any, body: Any
    ) -> tuple[int, dict[str, Any], Delivery | None]:
        if path.split("?")[0] != self.PATH:
            return 404, {"CodeResult": "404", "ErrorMessage": "not found"}, None
        if not isinstance(body, dict):
            return 400, {"CodeResult": "99", "ErrorMessage": "body is not JSON"}, None
        if (body.get("ApiKey"), body.get("SecretKey")) != (self.api_key, self.secret):
            return 200, {"CodeResult": "101", "ErrorMessage": "Authorize Failed"}, None
        if body.get("Brandname") != self.brandname:
            return 200, {"CodeResult": "104", "ErrorMessage": "Brandname is not registered"}, None
        phone = str(body.get("Phone", ""))
        if not re.fullmatch(r"(0|84)[35789]\d{8}", phone):
            return 200, {"CodeResult": "99", "ErrorMessage": "Phone is invalid"}, None
        self._next_id += 1
        reply = {"CodeResult": "100", "SMSID": f"sms-{self._next_id}"}
        text = str(body.get("Content", ""))
        return 200, reply, Delivery(phone, str(body.get("RequestId", "")), text, body)


def main() -> None:
    zns = FakeZns("demo-zalo-token", port=8701)
    sms = FakeSms("demo-key", "demo-secret", "MOTCUA", port=8702)
    print(f"fake ZNS on {zns.url}, fake SMS on {sms.url}{FakeSms.PATH}; Ctrl+C stops", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        zns.close()
        sms.close()


if __name__ == "__main__":
    main()
