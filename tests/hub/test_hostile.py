"""Hostile input in every part of every request: never a 500, never a traceback.

Walks the real hub's OpenAPI schema (every operation, its path and query parameters, its
declared headers and every field of its JSON body) and the HTML pages, and sends
hostile values in each place, one at a time, over a raw socket (so non-UTF-8 bytes and
duplicated parameters go out as they are). Every answer is a success (a harmless value)
or a 4xx: a JSON ``{"error", "detail"}`` from the API, an HTML page (or the same JSON)
from a page. The hub's log holds no traceback.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from typing import Any
from urllib.parse import quote

import pytest
import requests

from tests.hub import rawhttp
from tests.hub.conftest import token

ADMIN = b"Bearer " + token("admin").encode()
KIOSK = b"Bearer " + token("kiosk-1").encode()
DEEP = 1000

# Values for a path segment or a query value, already as they go on the wire.
WIRE_VALUES: list[bytes] = [
    b"0000-00-00", b"9999-12-31", b"10000-01-01", b"31%2F12%2F9999", b"-1", b"0",
    b"18446744073709551616", b"-18446744073709551617", b"1e308", b"NaN", b"1.5",
    b"%D9%A1%D9%A2",  # Arabic-Indic digits
    b"%B2", b"1%B2", b"%FF%FE", b"%00", b"a%00b", b"%01%07%1B", b"%0D%0AX-Injected:%201",
    b"%7F", b"x" * 5000, b"..%2F..%2Fetc%2Fpasswd", b"%2e%2e", b"%2e%2e%2f%2e%2e",
    b"%3Cscript%3E", b"'%20OR%201=1--", b"H%E1%BB%99%20t%E1%BB%8Bch", b"",
]  # fmt: skip

# Values for a JSON field.
JSON_VALUES: list[Any] = [
    None, True, False, 0, -1, 2**64, -(2**64), 1e308, 1.5, "", "x" * 20_000,
    "\x00", "a\x00b", "\x07\x1b[2J", "\ud800", "0000-00-00", "9999-12-31", "10000-01-01",
    "../../etc/passwd", "%2e%2e", [], {}, [1] * 50, {"$ne": 1}, "١٢",
]  # fmt: skip

# Whole bodies, with their content type.
BODIES: list[tuple[bytes, bytes]] = [
    (b"", b"application/json"),
    (b"[]", b"application/json"),
    (b"1", b"application/json"),
    (b'"text"', b"application/json"),
    (b"null", b"application/json"),
    (b"[" * DEEP + b"]" * DEEP, b"application/json"),
    (b'{"a":' * DEEP + b"1" + b"}" * DEEP, b"application/json"),
    (b"[" * 30_000, b"application/json"),
    (b"\xff\xfe\x00{", b"application/json"),
    (b'{"service_id": "a"}', b"text/plain"),
    (b"service_id=a", b"application/x-www-form-urlencoded"),
    (b"--x\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--x--", b"multipart/form-data"),
    (b'{"x": 1, "x": 2}', b"application/json"),
    (b"{}", b"application/json; charset=latin-1"),
]

# Header values; NUL, CR and LF cannot be in a header at all (the server refuses them).
HEADER_VALUES: list[bytes] = [b"\xb2", b"1\xb2", b"\xff\xfe", b"\x01\x7f", b"x" * 8000, b""]
AUTHORIZATIONS: list[bytes] = [
    b"Bearer \xb2\xff", b"Bearer", b"Bearer ", b"Basic YTpi", b"bearer " + ADMIN[7:],
    ADMIN + b"\xb2", b"Bearer " + b"x" * 8000, ADMIN + b"," + ADMIN,
]  # fmt: skip

# A valid body for each operation that takes one, so a single field is hostile at a time.
BASELINES: dict[str, dict[str, Any]] = {
    "/api/v1/tickets": {"service_id": "a"},
    "/api/v1/counters/{counter_id}/call": {"ticket_id": 1},
    "/api/v1/counters/{counter_id}/sign-in": {"officer_id": "x", "pin": "1234"},
    "/api/v1/counters/{counter_id}/transfer": {"service_id": "b"},
    "/api/v1/ratings": {"ticket_id": 1, "counter_id": 3, "level": 5, "client_id": "hostile-1"},
    "/api/v1/devices/alerts": {"kind": "printer", "status": "ok"},
    "/api/v1/appointments": {"service_id": "a", "date": "2026-11-24", "time": "09:00"},
    "/api/v1/federation/batch": {
        "after": 0,
        "events": [{"id": 1, "ts": 1.0, "type": "ticket.issued", "ticket_id": 1}],
        "tickets": [
            {
                "id": 1,
                "day": "2026-11-23",
                "origin_service_id": "a",
                "service_id": "a",
                "seq": 1,
                "number": "A001",
                "priority_reason": None,
                "status": "waiting",
                "front": 0,
                "lane_at": 1.0,
                "issued_at": 1.0,
                "issued_by": "kiosk-1",
                "called_at": None,
                "counter_id": None,
                "recalls": 0,
                "finished_at": None,
                "skipped_at": None,
                "transferred_at": None,
                "transfers": 0,
                "officer_id": None,
                "print_failed": False,
            }
        ],
        "as_of": 1.0,
        "complete": True,
    },
}
PATH_DEFAULTS = {
    "ticket_id": "1", "counter_id": "3", "code": "1.001193", "appointment_code": "ACDEFG",
}  # fmt: skip
TRAVERSALS = [
    b"/t/../reports", b"/%2e%2e/%2e%2e/etc/passwd", b"/api/v1/../../etc/passwd",
    b"/api/v1/%2e%2e/%2e%2e/etc/passwd", b"/reports/..%2f..%2fetc%2fpasswd",
    b"/t/1/..%2f..%2f", b"//etc/passwd", b"/api/v1/tickets/1%2f..%2f..%2f",
]  # fmt: skip
SERVER_REFUSAL = b"Invalid HTTP request received."  # the HTTP server's own 400 (framing)


class Sender:
    """Sends requests and checks each answer; keeps a tally of the statuses."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.statuses: Counter[int] = Counter()
        self.page_token = b""  # the phone page of the ticket the test issued

    def send(
        self,
        method: str,
        target: bytes,
        headers: list[tuple[bytes, bytes]] | None = None,
        body: bytes = b"",
        page: bool = False,
    ) -> None:
        headers = headers if headers is not None else [(b"Authorization", ADMIN)]
        answer = rawhttp.request(self.url, method, target, headers, body)
        self.statuses[answer.status] += 1
        where = f"{method} {target[:120]!r} {[h[0] for h in headers]} {body[:80]!r}"
        assert answer.status < 500, f"{where}: {answer.status} {answer.body[:300]!r}"
        if answer.status < 400 or answer.body == SERVER_REFUSAL:
            return
        kind = answer.headers.get("content-type", "")
        if page and kind.startswith("text/html"):
            assert b"</html>" in answer.body, f"{where}: a broken page"
            return
        assert kind.startswith("application/json"), f"{where}: {kind} {answer.body[:200]!r}"
        error = answer.json()
        assert set(error) >= {"error", "detail"}, f"{where}: {error}"


def operations(url: str) -> list[tuple[str, str, dict[str, Any]]]:
    schema = requests.get(f"{url}/api/v1/openapi.json", timeout=5).json()
    found = [
        (method.upper(), path, op)
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
    ]
    return found, schema["components"]["schemas"]


def body_fields(op: dict[str, Any], components: dict[str, Any]) -> set[str]:
    """Every property name of the operation's JSON body, through refs and unions."""
    content = op.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return set()
    names: set[str] = set()
    todo = [content["schema"]]
    while todo:
        node = todo.pop()
        if "$ref" in node:
            todo.append(components[node["$ref"].rsplit("/", 1)[1]])
        names |= set(node.get("properties", {}))
        for key in ("anyOf", "oneOf", "allOf"):
            todo += node.get(key, [])
    return names


def fill(path: str, overrides: dict[str, bytes] | None = None) -> bytes:
    values = {k: v.encode() for k, v in PATH_DEFAULTS.items()} | (overrides or {})
    return re.sub(rb"\{(\w+)\}", lambda m: values[m.group(1).decode()], path.encode())


def json_body(value: Any) -> bytes:
    return json.dumps(value).encode()


def walk_operation(s: Sender, method: str, path: str, op: dict[str, Any], fields: set[str]) -> None:
    params = op.get("parameters", [])
    for p in (p for p in params if p["in"] == "path"):
        for value in WIRE_VALUES:
            s.send(method, fill(path, {p["name"]: value or b"%20"}))
    for p in (p for p in params if p["in"] == "query"):
        name = quote(p["name"]).encode()
        for value in WIRE_VALUES:
            s.send(method, fill(path) + b"?" + name + b"=" + value)
        s.send(method, fill(path) + b"?" + b"&".join([name + b"=1", name + b"=2", name + b"="]))
        s.send(method, fill(path) + b"?" + name)
    for p in (p for p in params if p["in"] == "header"):
        for value in HEADER_VALUES:
            s.send(method, fill(path), [(b"Authorization", ADMIN), (p["name"].encode(), value)])
    for value in AUTHORIZATIONS:
        s.send(method, fill(path), [(b"Authorization", value)])
    s.send(method, fill(path), [(b"Authorization", ADMIN), (b"Authorization", KIOSK)])
    if method == "GET":
        return
    base = BASELINES.get(path, {})
    typed = [(b"Authorization", ADMIN), (b"Content-Type", b"application/json")]
    for name in sorted(fields):
        for value in JSON_VALUES:
            s.send(method, fill(path), typed, json_body(base | {name: value}))
    s.send(method, fill(path), typed, json_body(base | {"unknown": 1}))
    for body, kind in BODIES:
        s.send(method, fill(path), [(b"Authorization", ADMIN), (b"Content-Type", kind)], body)


def walk_pages(s: Sender) -> None:
    admin = [(b"Authorization", ADMIN)]
    for name in (b"from", b"to", b"site"):
        for value in WIRE_VALUES:
            s.send("GET", b"/reports?" + name + b"=" + value, admin, page=True)
        s.send("GET", b"/reports?" + name + b"=1&" + name + b"=2", admin, page=True)
    for value in HEADER_VALUES:
        s.send("GET", b"/reports", [(b"Cookie", b"kiosk_admin=" + value)], page=True)
    form = [(b"Content-Type", b"application/x-www-form-urlencoded")]
    for name in (b"token", b"from", b"to"):
        for value in WIRE_VALUES:
            s.send("POST", b"/reports/login", form, name + b"=" + value, page=True)
    many = b"&".join(b"f%d=1" % i for i in range(2000))
    for body, kind in [*BODIES, (many, b"application/x-www-form-urlencoded")]:
        s.send("POST", b"/reports/login", [(b"Content-Type", kind)], body, page=True)
    s.send("POST", b"/reports/logout", [], page=True)
    own = b"/t/" + s.page_token
    for value in WIRE_VALUES:  # a real page's forms first: guesses below use up the address
        s.send("POST", own + b"/rating", form, b"level=" + value, page=True)
    for body, kind in [*BODIES, (many, b"application/x-www-form-urlencoded")]:
        s.send("POST", own + b"/postpone", [(b"Content-Type", kind)], body, page=True)
    for value in WIRE_VALUES:
        s.send("GET", b"/t/" + (value or b"%20"), [], page=True)
        s.send("GET", b"/t/" + (value or b"%20") + b"/events", [], page=True)
        for action in (b"/postpone", b"/rating"):
            s.send("POST", b"/t/" + (value or b"%20") + action, form, b"level=1", page=True)
        s.send("GET", b"/dat-lich/" + (value or b"%20"), [], page=True)
        s.send("POST", b"/dat-lich/" + (value or b"%20") + b"/huy", form, page=True)
        for name in (b"service", b"date", b"site"):
            s.send("GET", b"/dat-lich?service=a&date=2026-11-24&" + name + b"=" + value, [],
                   page=True)  # fmt: skip
        for name in (b"service", b"date", b"time", b"site"):
            s.send("POST", b"/dat-lich", form, name + b"=" + value, page=True)
    for body, kind in [*BODIES, (many, b"application/x-www-form-urlencoded")]:
        s.send("POST", b"/dat-lich", [(b"Content-Type", kind)], body, page=True)
    for target in TRAVERSALS:
        s.send("GET", target, admin, page=True)


def test_hostile_input_is_refused_cleanly(hub):
    started = time.monotonic()
    issued = requests.post(
        f"{hub.url}/api/v1/tickets",
        json={"service_id": "a"},
        headers={"Authorization": KIOSK.decode()},
        timeout=5,
    )
    issued.raise_for_status()  # ticket 1, so an id in a path can be a real one
    s = Sender(hub.url)
    s.page_token = issued.json()["page_token"].encode()
    found, components = operations(hub.url)
    assert len(found) >= 30  # the schema was read: every operation is walked
    for method, path, op in found:
        walk_operation(s, method, path, op, body_fields(op, components))
    for path in {path for _, path, _ in found}:
        for method in ("PATCH", "OPTIONS", "TRACE", "FOO"):
            s.send(method, fill(path))
    walk_pages(s)
    total = sum(s.statuses.values())
    assert 1000 < total < 5000, s.statuses
    assert sum(n for code, n in s.statuses.items() if 400 <= code < 500) > total * 0.7
    log = hub.log.read_text()
    assert "Traceback" not in log and "Exception in ASGI application" not in log
    assert requests.get(f"{hub.url}/api/v1/health", timeout=5).status_code == 200
    print(f"{total} requests in {time.monotonic() - started:.1f} s: {dict(s.statuses)}")


def test_raw_bytes_in_every_header_of_a_device(hub):
    """A handful of headers every route reads or could read, with raw non-UTF-8 bytes."""
    s = Sender(hub.url)
    for value in (b"\xb2", b"1\xb2"):
        for name in (b"Authorization", b"Last-Event-ID", b"If-None-Match", b"Cookie", b"Accept"):
            s.send("GET", b"/api/v1/events", [(b"Authorization", ADMIN), (name, value)])
            s.send("GET", b"/api/v1/catalog", [(b"Authorization", ADMIN), (name, value)])
    assert "Traceback" not in hub.log.read_text()


@pytest.mark.sqlite_only  # the HTTP server refuses these before the app and its store
def test_a_malformed_content_length_is_the_servers_400(hub):
    """Framing the HTTP server itself refuses before the app (its plain-text 400)."""
    head = [(b"Authorization", KIOSK), (b"Content-Type", b"application/json")]
    for length in (b"-1", b"18446744073709551616", b"abc", b"", b"5, 5", b"\xb2", b"1e3"):
        answer = rawhttp.request(
            hub.url, "POST", b"/api/v1/tickets", [*head, (b"Content-Length", length)], b"{}"
        )
        assert answer.status == 400, (length, answer)
    assert hub.count("SELECT COUNT(*) FROM tickets") == 0
    assert "Traceback" not in hub.log.read_text()
