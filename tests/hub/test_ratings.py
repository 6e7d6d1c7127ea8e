"""Ratings: idempotent on client_id, one per ticket, and an outbox that loses none."""

from __future__ import annotations

import pytest

from kiosk.api.models import RatingIn
from kiosk.device.hub_client import HubClient, HubRefused
from kiosk.device.outbox import RatingOutbox, new_client_id
from tests.hub.conftest import token


def served(clients, service: str = "a", counter: int = 1):
    clients.kiosk.issue_ticket(service)
    clients.counter(counter).call_next(counter)
    return clients.counter(counter).finish(counter)


def test_rating_is_stored_once_per_client_id(clients):
    ticket = served(clients)
    body = RatingIn(ticket_id=ticket.id, counter_id=1, level=3, client_id=new_client_id())
    first = clients.rating1.rate(body)
    again = clients.rating1.rate(body)
    assert not first.duplicate and again.duplicate and again.id == first.id
    assert first.service_id == "a" and first.scale == 3


def test_one_rating_per_ticket(clients):
    ticket = served(clients)
    clients.rating1.rate(RatingIn(ticket_id=ticket.id, counter_id=1, level=1, client_id="x" * 10))
    with pytest.raises(HubRefused) as refused:
        clients.rating1.rate(
            RatingIn(ticket_id=ticket.id, counter_id=1, level=3, client_id="y" * 10)
        )
    assert refused.value.status == 409 and refused.value.code == "already_rated"


def test_reasons_and_level_checks(clients):
    ticket = served(clients)
    rating = clients.rating1.rate(
        RatingIn(
            ticket_id=ticket.id,
            counter_id=1,
            level=1,
            reasons=["waiting_time", "attitude"],
            client_id=new_client_id(),
        )
    )
    assert rating.reasons == ["waiting_time", "attitude"]
    other = served(clients)
    with pytest.raises(HubRefused) as refused:  # this site uses the 3-level scale
        clients.rating1.rate(
            RatingIn(ticket_id=other.id, counter_id=1, level=5, client_id=new_client_id())
        )
    assert refused.value.status == 422


def test_rating_device_rates_its_own_counter_only(clients):
    ticket = served(clients, service="b", counter=2)
    with pytest.raises(HubRefused) as refused:
        clients.rating1.rate(
            RatingIn(ticket_id=ticket.id, counter_id=2, level=3, client_id=new_client_id())
        )
    assert refused.value.status == 403


def test_a_waiting_ticket_cannot_be_rated(clients):
    ticket = clients.kiosk.issue_ticket("a")
    with pytest.raises(HubRefused) as refused:
        clients.rating1.rate(
            RatingIn(ticket_id=ticket.id, counter_id=1, level=3, client_id=new_client_id())
        )
    assert refused.value.code == "not_served"


def test_outbox_keeps_ratings_while_the_hub_is_down(hub, clients, tmp_path):
    tickets = [served(clients) for _ in range(3)]
    hub.stop()
    client = HubClient(hub.url, token("rating-1"), timeout=(0.5, 2.0))
    outbox = RatingOutbox(tmp_path / "outbox.sqlite3", client, retry_s=(0.1, 0.3)).start()
    try:
        for t in tickets:
            outbox.submit(
                RatingIn(ticket_id=t.id, counter_id=1, level=3, client_id=new_client_id())
            )
        assert not outbox.wait_empty(1.0)
        assert outbox.pending() == 3
        hub.start()
        assert outbox.wait_empty(15.0)
    finally:
        outbox.stop()
    report = clients.admin.daily_report()
    assert report["ratings"]["total"] == 3
    assert report["ratings"]["levels"]["3"]["count"] == 3


def test_outbox_survives_a_restart_of_the_app(hub, clients, tmp_path):
    ticket = served(clients)
    hub.stop()
    path = tmp_path / "outbox.sqlite3"
    client = HubClient(hub.url, token("rating-1"), timeout=(0.5, 2.0))
    outbox = RatingOutbox(path, client, retry_s=(5.0, 5.0))
    outbox.submit(RatingIn(ticket_id=ticket.id, counter_id=1, level=2, client_id=new_client_id()))
    outbox.start()
    outbox.stop()  # the app quits before the hub is back
    hub.start()
    outbox = RatingOutbox(path, client, retry_s=(0.1, 0.3)).start()
    try:
        assert outbox.wait_empty(15.0)
    finally:
        outbox.stop()
    assert clients.admin.daily_report()["ratings"]["levels"]["2"]["count"] == 1
