"""A ticket the hub answered survives kill -9."""

from __future__ import annotations

from kiosk.queue.client import HubClient
from tests.hub.conftest import token


def test_answered_tickets_survive_kill_9(hub):
    kiosk = HubClient(hub.url, token("kiosk-1"))
    answered = [kiosk.issue_ticket("a") for _ in range(25)]
    hub.kill9()
    hub.start()
    for ticket in answered:
        assert kiosk.ticket(ticket.id).number == ticket.number
    assert kiosk.issue_ticket("a").number == "A026"
    assert kiosk.health().last_event_id == 26
