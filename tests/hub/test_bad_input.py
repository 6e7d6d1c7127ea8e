"""Malformed requests get a 4xx JSON reason, never a 500, and change nothing."""

from __future__ import annotations

import pytest
import requests

from tests.hub import rawhttp
from tests.hub.conftest import token

KIOSK = {"Authorization": f"Bearer {token('kiosk-1')}"}
COUNTER3 = {"Authorization": f"Bearer {token('counter-3')}"}


@pytest.mark.parametrize(
    ("body", "content_type", "status", "fragment"),
    [
        (b"{not json", "application/json", 422, "JSON"),
        (b"[]", "application/json", 422, "dictionary"),
        (b'{"service_id": 5}', "application/json", 422, "service_id"),
        (b'{"service_id": "A B"}', "application/json", 422, "service_id"),
        (b'{"service_id": "a", "colour": "red"}', "application/json", 422, "colour"),
        (b'{"service_id": "a", "priority": true}', "application/json", 422, "priority"),
        (b'{"service_id": "a", "priority": "vip"}', "application/json", 422, "elderly"),
        (b'{"service_id": "nope"}', "application/json", 404, "nope"),
        (b"\xff\xfe\x00", "application/json", 400, "parsing the body"),
    ],
)
def test_bad_ticket_bodies(hub, body, content_type, status, fragment):
    response = requests.post(
        f"{hub.url}/api/v1/tickets",
        data=body,
        headers={**KIOSK, "Content-Type": content_type},
        timeout=5,
    )
    assert response.status_code == status, response.text
    answer = response.json()
    assert set(answer) == {"error", "detail"}
    assert fragment.lower() in answer["detail"].lower()


def test_oversized_body_is_413(hub):
    body = b'{"service_id": "a", "x": "' + b"y" * 100_000 + b'"}'
    response = requests.post(
        f"{hub.url}/api/v1/tickets",
        data=body,
        headers={**KIOSK, "Content-Type": "application/json"},
        timeout=5,
    )
    assert response.status_code == 413
    assert response.json()["error"] == "body_too_large"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/tickets/abc", 422),
        ("GET", "/tickets/0", 422),
        ("GET", "/tickets/99999999999999999999999", 422),
        ("GET", "/tickets/424242", 404),
        ("POST", "/counters/0/call-next", 422),
        ("POST", "/counters/3/transfer", 422),
        ("GET", "/calls/recent?limit=100000", 422),
        ("GET", "/nowhere", 404),
        ("DELETE", "/tickets/1", 405),
    ],
)
def test_bad_paths_and_params(hub, method, path, status):
    response = requests.request(method, f"{hub.url}/api/v1{path}", headers=COUNTER3, timeout=5)
    assert response.status_code == status, response.text
    assert "error" in response.json()


def test_unknown_counter_is_404(clients):
    response = requests.post(
        f"{clients.url}/api/v1/counters/77/call-next",
        headers={"Authorization": f"Bearer {token('admin')}"},
        timeout=5,
    )
    assert response.status_code == 404
    assert response.json()["error"] == "unknown_counter"


def test_refused_requests_change_nothing(clients):
    for _ in range(3):
        requests.post(f"{clients.url}/api/v1/tickets", data=b"{", headers=KIOSK, timeout=5)
    assert clients.kiosk.issue_ticket("a").number == "A001"
    assert clients.kiosk.health().last_event_id == 1


ADMIN = {"Authorization": f"Bearer {token('admin')}"}
PAST_THE_END = [
    "/api/v1/reports?from=9999-12-31",
    "/api/v1/reports?from=9999-12-31&to=9999-12-31",
    "/api/v1/reports/daily?date=9999-12-31",
    "/api/v1/reports/rollup?from=9999-12-31",
    "/reports?from=31/12/9999",
]
NEAR_THE_END = [  # (query, the answer's last day)
    ("/api/v1/reports/daily?date=9999-12-30", "9999-12-30"),
    ("/api/v1/reports?from=9999-12-01&to=9999-12-31", "9999-12-30"),
    ("/api/v1/reports?from=9999-06-01&to=2026-11-23", "2027-11-23"),  # cut at 366 days
]


def test_report_dates_at_the_calendar_end(hub):
    """A day the code cannot add a day to is a 422 with a reason; a range is cut before."""
    for path in PAST_THE_END:
        response = requests.get(hub.url + path, headers=ADMIN, timeout=5)
        assert response.status_code == 422, (path, response.text)
        assert "9999-12-30" in response.text
    for path, last in NEAR_THE_END:
        response = requests.get(hub.url + path, headers=ADMIN, timeout=5)
        assert response.status_code == 200, (path, response.text)
        assert response.json()["to"] == last
    assert "Traceback" not in hub.log.read_text()


def test_last_event_id_of_raw_bytes_is_422(hub):
    auth = (b"Authorization", ADMIN["Authorization"].encode())
    for value in (b"\xb2", b"1\xb2", b"\xff\xfe", b"\xd9\xa3", b"1" * 17):
        answer = rawhttp.request(
            hub.url, "GET", b"/api/v1/events", [auth, (b"Last-Event-ID", value)]
        )
        assert answer.status == 422, (value, answer)
        assert answer.json()["error"] == "invalid"
    assert "Traceback" not in hub.log.read_text()


def test_chunked_body_over_the_limit_is_413(hub):
    body = b'{"service_id": "a", "x": "' + b"y" * 70_000 + b'"}'
    head = [(b"Authorization", KIOSK["Authorization"].encode())]
    head += [(b"Content-Type", b"application/json"), (b"Transfer-Encoding", b"chunked")]
    answer = rawhttp.request(hub.url, "POST", b"/api/v1/tickets", head, rawhttp.chunked(body))
    assert answer.status == 413, answer
    assert answer.json()["error"] == "body_too_large"
    small = rawhttp.chunked(b'{"service_id": "a"}', size=5)
    assert rawhttp.request(hub.url, "POST", b"/api/v1/tickets", head, small).status == 201
    assert hub.count("SELECT COUNT(*) FROM tickets") == 1


def test_control_characters_in_text_are_422(hub):
    """On PostgreSQL a NUL used to reach the store and fail there (503)."""
    url = f"{hub.url}/api/v1/devices/alerts"
    for text in ("a\x00b", "\x00", "bell\x07", "esc\x1b[2J", "del\x7f"):
        body = {"kind": "printer", "status": "error", "message": text}
        response = requests.post(url, json=body, headers=KIOSK, timeout=5)
        assert response.status_code == 422, (text, response.text)
        assert "message" in response.json()["detail"]
    assert hub.count("SELECT COUNT(*) FROM device_alerts") == 0
    body = {"kind": "printer", "status": "error", "message": "Hết giấy\nkẹt giấy\tlần 2"}
    response = requests.post(url, json=body, headers=KIOSK, timeout=5)
    assert response.status_code == 201, response.text  # line breaks and tabs are text
