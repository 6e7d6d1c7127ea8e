"""Rounds of kill -9 under load: 16 clients issue and call tickets on a real hub, which
is killed at a random moment and started again; then every answered ticket must be in
the store, no number given twice, no ticket called twice. Used by test_durability.py
(small) and bench/kill9.py (heavy)."""

from __future__ import annotations

import json
import random
import threading
from collections import Counter
from dataclasses import dataclass, field

from kiosk.device.hub_client import HubClient, HubError, HubUnreachable
from tests.hub.conftest import token
from tests.hub.hubproc import HubProcess

ISSUERS = 12  # kiosk threads taking tickets of services a and b
CALLERS = (2, 3, 4, 5)  # counters pressing call-next: 2 serves b, 3-5 serve a


@dataclass
class Answers:
    """What the hub acknowledged, across rounds."""

    issued: dict[int, str] = field(default_factory=dict)  # ticket id -> number
    calls: list[tuple[int, int]] = field(default_factory=list)  # (ticket id, counter)
    refused: list[str] = field(default_factory=list)  # any answer but success
    lock: threading.Lock = field(default_factory=threading.Lock)
    answered: int = 0  # answers in this round
    kill_after: int = 0  # the answer of this round after which the hub is killed
    kill: threading.Event = field(default_factory=threading.Event)

    def count(self) -> None:
        """One more answer (under the lock); the kill's moment may have come."""
        self.answered += 1
        if self.answered >= self.kill_after:
            self.kill.set()


def _issuer(url: str, n: int, per_client: int, answers: Answers) -> None:
    kiosk = HubClient(url, token("kiosk-1"))
    for i in range(per_client):
        try:
            ticket = kiosk.issue_ticket("ab"[(n + i) % 2])
        except HubUnreachable:
            return  # killed
        except HubError as e:
            with answers.lock:
                answers.refused.append(repr(e))
            return
        with answers.lock:
            answers.issued[ticket.id] = ticket.number
            answers.count()


def _caller(url: str, counter: int, per_client: int, answers: Answers) -> None:
    client = HubClient(url, token(f"counter-{counter}"))
    for _ in range(per_client):
        try:
            ticket = client.call_next(counter)
        except HubUnreachable:
            return
        except HubError as e:
            with answers.lock:
                answers.refused.append(repr(e))
            return
        with answers.lock:
            if ticket is not None:
                answers.calls.append((ticket.id, counter))
            answers.count()


def one_round(hub: HubProcess, answers: Answers, rng: random.Random, per_client: int) -> int:
    """Load the hub, kill -9 it after a random number of answers (so always under load),
    start it again; that number."""
    clients = ISSUERS + len(CALLERS)
    answers.answered, answers.kill_after = 0, rng.randrange(1, clients * per_client // 2)
    answers.kill.clear()
    threads = [
        threading.Thread(target=_issuer, args=(hub.url, n, per_client, answers))
        for n in range(ISSUERS)
    ] + [threading.Thread(target=_caller, args=(hub.url, c, per_client, answers)) for c in CALLERS]
    for t in threads:
        t.start()
    answers.kill.wait(30)
    hub.kill9()
    for t in threads:
        t.join(30)
    hub.start()
    return answers.kill_after


def check(hub: HubProcess, answers: Answers) -> dict[str, int]:
    """Assert that nothing acknowledged was lost or given twice; the counts."""
    assert answers.refused == []
    query = "SELECT id, number, status, counter_id FROM tickets"
    rows = {r[0]: (r[1], r[2], r[3]) for r in hub.query(query)}
    for ticket_id, number in answers.issued.items():
        assert rows[ticket_id][0] == number, f"answered ticket {ticket_id} {number} lost"
    numbers = Counter(number for number, _, _ in rows.values())
    assert [n for n, k in numbers.items() if k > 1] == []
    called = Counter(ticket_id for ticket_id, _ in answers.calls)
    assert [t for t, k in called.items() if k > 1] == []
    for ticket_id, counter in answers.calls:
        _, status, at = rows[ticket_id]
        assert status in ("called", "finished") and at == counter, (ticket_id, status, at)
    events = Counter(
        json.loads(data)["ticket_id"]
        for (data,) in hub.query("SELECT data FROM events WHERE type = 'ticket.called'")
    )
    assert [t for t, k in events.items() if k > 1] == []
    return {"tickets": len(rows), "answered": len(answers.issued), "calls": len(answers.calls)}
