"""Every device has a role; a role does only its own actions."""

from __future__ import annotations

import pytest
import requests

from kiosk.device.hub_client import HubClient, HubRefused
from tests.hub.conftest import token


def test_no_token_is_401_with_a_reason(hub):
    response = requests.post(f"{hub.url}/api/v1/tickets", json={"service_id": "a"}, timeout=5)
    assert response.status_code == 401
    assert response.json() == {
        "error": "unauthorized",
        "detail": "missing Authorization: Bearer <device token>",
    }


def test_unknown_token_is_401(hub):
    with pytest.raises(HubRefused) as refused:
        HubClient(hub.url, "not-a-real-token-at-all").services()
    assert refused.value.status == 401


@pytest.mark.parametrize(
    ("device", "call"),
    [
        ("display-1", lambda c: c.call_next(1)),
        ("display-1", lambda c: c.issue_ticket("a")),
        ("kiosk-1", lambda c: c.call_next(1)),
        ("kiosk-1", lambda c: c.daily_report()),
        ("counter-1", lambda c: c.call_next(2)),
        ("counter-1", lambda c: c.counter(2)),
        ("counter-1", lambda c: c.issue_ticket("a")),
        ("rating-1", lambda c: c.finish(1)),
    ],
)
def test_roles_are_enforced(hub, device, call):
    with pytest.raises(HubRefused) as refused:
        call(HubClient(hub.url, token(device)))
    assert refused.value.status == 403
    assert refused.value.code == "forbidden"


def test_admin_may_do_everything(clients):
    clients.admin.issue_ticket("a")
    assert clients.admin.call_next(5).number == "A001"
    assert clients.admin.daily_report()["totals"]["issued"] == 1
