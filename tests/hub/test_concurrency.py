"""Many kiosks issuing and many counters calling at the same instant."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from tests.hub.conftest import COUNTERS


def test_64_kiosks_never_get_the_same_number(clients):
    barrier = threading.Barrier(64)

    def issue(_: int) -> list[str]:
        barrier.wait()
        return [clients.kiosk.issue_ticket("a").number for _ in range(4)]

    with ThreadPoolExecutor(64) as pool:
        numbers = [n for batch in pool.map(issue, range(64)) for n in batch]
    assert len(numbers) == 256
    assert sorted(numbers) == [f"A{i:03d}" for i in range(1, 257)]  # no duplicates, no gaps


def test_16_counters_pressing_at_once_never_get_the_same_ticket(clients):
    issued = {clients.kiosk.issue_ticket("a").id for _ in range(120)}
    issued |= {clients.kiosk.issue_ticket("b").id for _ in range(20)}
    counters = list(range(1, COUNTERS + 1))
    barrier = threading.Barrier(len(counters))

    def press(counter_id: int) -> list[int]:
        client = clients.counter(counter_id)
        barrier.wait()
        got = []
        while (ticket := client.call_next(counter_id)) is not None:
            assert ticket.counter_id == counter_id
            got.append(ticket.id)
        return got

    with ThreadPoolExecutor(len(counters)) as pool:
        results = list(pool.map(press, counters))
    called = [t for batch in results for t in batch]
    assert len(called) == len(set(called)) == len(issued)
    assert set(called) == issued
