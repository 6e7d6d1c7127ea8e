"""What the hub answered survives kill -9: a ticket, a call, the numbering."""

from __future__ import annotations

import random

from kiosk.device.hub_client import HubClient
from tests.hub.conftest import token
from tests.hub.killrounds import Answers, check, one_round


def test_answered_tickets_survive_kill_9(hub):
    kiosk = HubClient(hub.url, token("kiosk-1"))
    answered = [kiosk.issue_ticket("a") for _ in range(25)]
    hub.kill9()
    hub.start()
    for ticket in answered:
        assert kiosk.ticket(ticket.id).number == ticket.number
    assert kiosk.issue_ticket("a").number == "A026"
    assert kiosk.health().last_event_id == 26


def test_kill_9_at_random_moments_under_16_clients(hub):
    """Ten rounds: 16 clients issue and call, the hub dies at a random moment and comes
    back; nothing answered is lost, no number is given twice, no ticket called twice."""
    seed = random.randrange(1 << 32)
    rng, answers = random.Random(seed), Answers()
    for _ in range(10):
        one_round(hub, answers, rng, per_client=8)
        counts = check(hub, answers)
    assert counts["answered"] > 0 and counts["calls"] > 0, (seed, counts)
