"""Forged ratings and retried requests against the real hub: a rating is for a visit served
at the sender's counter, within the window, of a dossier the hub knows; idempotency keys
are per device and bound to their request (ratings' client_id, tickets' Idempotency-Key)."""

from __future__ import annotations

from typing import Any

import requests

from kiosk.catalog.dossier_sources import SqliteDossierSource
from kiosk.device.outbox import new_client_id
from tests.hub.conftest import token

DOSSIER = "H15.50.05.13-261120-0042"
CSV = (
    "code,procedure_name,applicant_name,received_at,appointment_at,status\n"
    f"{DOSSIER},Đăng ký khai sinh,Nguyễn Văn An,2026-11-20 08:00,2026-11-25 17:00,4\n"
)


def post(hub: Any, path: str, device: str, body: dict, **headers: str) -> requests.Response:
    headers["Authorization"] = f"Bearer {token(device)}"
    return requests.post(f"{hub.url}/api/v1{path}", json=body, headers=headers, timeout=10)


def served(clients: Any, service: str, counter: int) -> int:
    clients.kiosk.issue_ticket(service)
    clients.counter(counter).call_next(counter)
    return clients.counter(counter).finish(counter).id


def rating(ticket_id: int | None = None, counter_id: int = 1, level: int = 3, **more: Any) -> dict:
    body = {"counter_id": counter_id, "level": level, "client_id": new_client_id(), **more}
    return body | ({"ticket_id": ticket_id} if ticket_id else {})


def refused(answer: requests.Response, status: int, code: str) -> bool:
    return answer.status_code == status and answer.json()["error"] == code


def test_a_rating_is_for_the_counter_that_served(hub, clients):
    at_two = served(clients, "b", 2)
    for counter_id in (1, 2):  # counter 1's device, whatever counter_id it claims
        answer = post(hub, "/ratings", "rating-1", rating(at_two, counter_id))
        assert refused(answer, 403, "not_your_counter"), answer.text
    answer = post(hub, "/ratings", "kiosk-1", rating(at_two, counter_id=1))
    assert refused(answer, 409, "counter_mismatch") and "counter 2" in answer.json()["detail"]
    answer = post(hub, "/ratings", "rating-2", rating(at_two, counter_id=2))
    assert answer.status_code == 201 and answer.json()["counter_id"] == 2
    assert hub.count("SELECT COUNT(*) FROM ratings WHERE counter_id = 1") == 0


def test_a_rating_comes_within_the_window_after_service(hub, clients):
    ticket = served(clients, "a", 1)
    hub.set_time("2026-11-23T11:30:00+07:00")  # 150 min later; the site allows 120
    answer = post(hub, "/ratings", "rating-1", rating(ticket))
    assert refused(answer, 409, "rating_closed"), answer.text
    fresh = served(clients, "a", 1)
    assert post(hub, "/ratings", "rating-1", rating(fresh)).status_code == 201
    hub.set_time("2026-11-24T08:00:00+07:00")  # next day, well within 120 min of nothing
    late = served(clients, "a", 1)
    hub.set_time("2026-11-25T08:01:00+07:00")
    assert refused(post(hub, "/ratings", "rating-1", rating(late)), 409, "rating_closed")


def test_a_dossier_rating_needs_a_known_dossier_with_a_real_date(hub):
    SqliteDossierSource(hub.dossiers).import_csv(CSV)
    unknown = rating(dossier_code="H15.50.05.13-261120-0043")
    assert refused(post(hub, "/ratings", "rating-1", unknown), 404, "unknown_dossier")
    for impossible in ("A00.00-000000-0000", "H15.50.05.13-261340-0042"):  # no such day
        answer = post(hub, "/ratings", "rating-1", rating(dossier_code=impossible))
        assert refused(answer, 404, "unknown_dossier"), answer.text
    answer = post(hub, "/ratings", "rating-1", rating(dossier_code=DOSSIER))
    assert answer.status_code == 201 and answer.json()["dossier_code"] == DOSSIER


def test_client_id_is_a_key_of_its_device_bound_to_its_request(hub, clients):
    first = rating(served(clients, "a", 1))
    assert post(hub, "/ratings", "rating-1", first).status_code == 201
    again = post(hub, "/ratings", "rating-1", first)
    assert again.status_code == 200 and again.json()["duplicate"]
    other = rating(served(clients, "b", 2), counter_id=2) | {"client_id": first["client_id"]}
    answer = post(hub, "/ratings", "rating-2", other)  # the same client_id, another device
    assert answer.status_code == 201 and answer.json()["ticket_id"] == other["ticket_id"]
    changed = first | {"level": 1}
    assert refused(post(hub, "/ratings", "rating-1", changed), 409, "idempotency_conflict")
    beyond = first | {"level": 5}  # above the 3-level scale: invalid before any key lookup
    assert refused(post(hub, "/ratings", "rating-1", beyond), 422, "invalid")
    assert hub.count("SELECT COUNT(*) FROM ratings") == 2


def test_a_ticket_request_retried_with_its_key_gives_the_same_ticket(hub):
    key = {"Idempotency-Key": new_client_id()}
    first = post(hub, "/tickets", "kiosk-1", {"service_id": "a"}, **key)
    again = post(hub, "/tickets", "kiosk-1", {"service_id": "a"}, **key)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["id"] == first.json()["id"] and again.json()["number"] == "A001"
    other = post(hub, "/tickets", "kiosk-1", {"service_id": "b"}, **key)
    assert refused(other, 409, "idempotency_conflict")
    elsewhere = post(hub, "/tickets", "admin", {"service_id": "a"}, **key)  # another device
    assert elsewhere.status_code == 201 and elsewhere.json()["number"] == "A002"
    opaque = {"Idempotency-Key": "x y ~ +"}  # any text is a key (stored as a digest)
    odd = post(hub, "/tickets", "kiosk-1", {"service_id": "a"}, **opaque)
    assert odd.status_code == 201 and odd.json()["number"] == "A003"
    assert post(hub, "/tickets", "kiosk-1", {"service_id": "a"}, **opaque).status_code == 200
    too_long = post(
        hub, "/tickets", "kiosk-1", {"service_id": "a"}, **{"Idempotency-Key": "k" * 201}
    )
    assert too_long.status_code == 422 and too_long.json()["error"] == "invalid"
    assert hub.count("SELECT COUNT(*) FROM tickets") == 3
