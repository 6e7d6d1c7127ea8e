"""Two hub processes on one PostgreSQL database (fsync on); writes bench/results/pg_multi.json.

Measures: tickets issued with 16 clients all on one process and spread 8 + 8 over both
(writes run one batch at a time for the database, so the spread is not expected to be
faster), and call -> event latency with the counter on one process and the display on
the other (the event crosses by NOTIFY and the other process's feed), with lost and
duplicate events. Run: ``.venv/bin/python bench/pg_multi.py``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.hub import pct, summary  # noqa: E402
from kiosk.device.event_stream import Event, EventStream  # noqa: E402
from kiosk.device.hub_client import HubClient  # noqa: E402
from tests.hub.conftest import site_toml, token  # noqa: E402
from tests.hub.hubproc import HubProcess  # noqa: E402
from tests.pgserver import PgServer, find_bindir  # noqa: E402

CLIENTS = 16
PER_CLIENT = 60


def issue_spread(urls: list[str], service: str) -> dict[str, float]:
    """:data:`CLIENTS` threads issuing, client ``i`` on ``urls[i % len(urls)]``."""
    barrier = threading.Barrier(CLIENTS)

    def worker(i: int) -> list[float]:
        kiosk = HubClient(urls[i % len(urls)], token("kiosk-1"))
        kiosk.health()  # the keep-alive connection, opened before the clock
        barrier.wait()
        out = []
        for _ in range(PER_CLIENT):
            t0 = time.perf_counter()
            kiosk.issue_ticket(service)
            out.append(time.perf_counter() - t0)
        return out

    start = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        latencies = [x for batch in pool.map(worker, range(CLIENTS)) for x in batch]
    return summary(latencies, time.perf_counter() - start)


def cross_event_latency(caller_url: str, display_url: str, calls: int) -> dict[str, float]:
    """Calls taken by ``caller_url``, received by a display on ``display_url``."""
    kiosk = HubClient(caller_url, token("kiosk-1"))
    for i in range(calls):
        kiosk.issue_ticket("ab"[i % 2])
    received: dict[int, list[float]] = {}
    done = threading.Event()

    def on_event(event: Event) -> None:
        if event.type == "ticket.called":
            received.setdefault(event.data["ticket_id"], []).append(time.perf_counter())
            if len(received) >= calls:
                done.set()

    connected = threading.Event()
    follower = EventStream(display_url, token("display-1"))
    follower.subscribe(on_event, on_connection=lambda up: up and connected.set())
    follower.start()
    connected.wait(10)
    counter = HubClient(caller_url, token("counter-1"))
    sent: dict[int, float] = {}
    for _ in range(calls):
        t0 = time.perf_counter()
        ticket = counter.call_next(1)
        assert ticket is not None
        sent[ticket.id] = t0
    done.wait(30)
    follower.stop()
    latencies = [received[t][0] - sent[t] for t in sent if t in received]
    return {
        "calls": calls,
        "received": len(latencies),
        "lost": sum(1 for t in sent if t not in received),
        "duplicates": sum(len(v) - 1 for v in received.values()),
        "p50_ms": round(1000 * statistics.median(latencies), 2),
        "p99_ms": round(1000 * pct(latencies, 0.99), 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "pg_multi.json")
    args = parser.parse_args()
    bindir, why = find_bindir()
    if bindir is None:
        print(f"skipped: {why}")
        return 0
    results: dict[str, Any] = {}
    server = PgServer(bindir, durable=True).start()  # fsync on, as in production
    try:
        with tempfile.TemporaryDirectory() as name:
            tmp = Path(name)
            site = tmp / "site.toml"
            site.write_text(site_toml(), "utf-8")
            url = server.create_database("bench")
            hubs = [HubProcess(site, url, tmp / "clock.txt", heartbeat=15) for _ in range(2)]
            for hub in hubs:
                hub.start()
            try:
                a, b = hubs[0].url, hubs[1].url
                results["issue_16_clients_one_process"] = issue_spread([a], "a")
                results["issue_16_clients_two_processes"] = issue_spread([a, b], "b")
                for hub in hubs:  # a new database: the day's 999 numbers of a and b are used
                    hub.stop()
                    hub.db = server.create_database("bench")
                for hub in hubs:
                    hub.db = hubs[0].db
                    hub.start()
                results["call_on_one_event_on_other_500"] = cross_event_latency(a, b, 500)
            finally:
                for hub in hubs:
                    hub.stop()
    finally:
        server.stop()
    results["postgresql_server"] = {"bindir": str(bindir), "fsync": "on"}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
