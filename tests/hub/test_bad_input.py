"""Malformed requests get a 4xx JSON reason, never a 500, and change nothing."""

from __future__ import annotations

import pytest
import requests

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
