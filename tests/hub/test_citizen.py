"""The ID card's keyed hash through the real hub: kept on the ticket, never answered back,
and the dossiers of a citizen found by it (sample export, ID column hashed at import)."""

from __future__ import annotations

import pytest
import requests

from kiosk.api.models import CitizenIn, PriorityReason
from kiosk.catalog.citizen_key import citizen_key
from kiosk.config import load_site
from kiosk.device.hub_client import HubRefused
from tests.hub.conftest import token
from tests.hub.test_dossiers import dossier_hub  # noqa: F401 (a fixture)

SECRET = "test-secret-0123456789"
ELDER = citizen_key("099156000070", SECRET)  # TEST DATA


def test_the_key_is_kept_on_the_ticket_and_never_answered(hub, clients) -> None:
    ticket = clients.kiosk.issue_ticket("a", PriorityReason.ELDERLY, key="k-1", citizen_key=ELDER)
    assert ticket.priority_reason is PriorityReason.ELDERLY
    row = hub.query("SELECT priority_reason, citizen_key FROM tickets WHERE id = ?", (ticket.id,))
    assert tuple(row[0]) == ("elderly", ELDER)
    again = clients.kiosk.issue_ticket("a", PriorityReason.ELDERLY, key="k-1", citizen_key=ELDER)
    assert again.id == ticket.id  # the same request under its idempotency key
    with pytest.raises(HubRefused) as other:  # the key under another card is another body
        clients.kiosk.issue_ticket("a", PriorityReason.ELDERLY, key="k-1")
    assert other.value.code == "idempotency_conflict"
    answers = [
        requests.get(f"{hub.url}/api/v1/tickets/{ticket.id}", timeout=5,
                     headers={"Authorization": f"Bearer {token('admin')}"}).text,
        requests.get(f"{hub.url}/t/{ticket.id}", timeout=5).text,
    ]  # fmt: skip
    assert all(ELDER not in a and ELDER[:16] not in a for a in answers)
    for bad in ("099156000070", ELDER.upper(), ELDER[:-1], "", 7):  # a raw number among them
        response = requests.post(
            f"{clients.url}/api/v1/tickets",
            json={"service_id": "a", "citizen_key": bad},
            headers={"Authorization": f"Bearer {token('kiosk-1')}"},
            timeout=5,
        )
        assert response.status_code == 422 and response.json()["error"] == "invalid"
        assert "099156000070" not in response.text


@pytest.mark.sqlite_only  # the dossier table is the same file whatever the store
def test_dossiers_of_a_card(dossier_hub, clients) -> None:  # noqa: F811
    dossier_hub.set_time("2025-10-15T09:00:00+07:00")
    secret = load_site(None).hub.citizen_secret  # the import ran with the example site
    found = clients.kiosk.request(
        "POST", "/citizen-dossiers", _body(citizen_key("001092011111", secret))
    ).json()
    assert found["supported"] and found["count"] == 1
    answer = found["items"][0]
    assert answer["code"] == "H15.50.05.13-251010-0101" and answer["applicant"] == "Lê M*** C**"
    assert "001092011111" not in str(found)
    none = clients.kiosk.request("POST", "/citizen-dossiers", _body(ELDER)).json()
    assert none == {"items": [], "count": 0, "supported": True}
    unknown = requests.post(
        f"{clients.url}/api/v1/citizen-dossiers",
        json={"citizen_key": ELDER, "id_number": "099156000070"},
        headers={"Authorization": f"Bearer {token('kiosk-1')}"},
        timeout=5,
    )
    assert unknown.status_code == 422 and "099156000070" not in unknown.text


def _body(key: str) -> CitizenIn:
    return CitizenIn(citizen_key=key)
