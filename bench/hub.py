"""Hub benchmark against a real ``kiosk hub`` process on loopback; writes bench/results/hub.json.

Measures: tickets issued per second with 1 and 16 concurrent clients (p50/p99),
call-next with 8 counters, and call -> event received latency over 1 000 calls,
counting lost and duplicate events. The same parts run on a SQLite store and then on
a PostgreSQL store (a local server started for the run, fsync on), with the ratio of
each figure. Run: ``.venv/bin/python bench/hub.py``.
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

from kiosk.device.event_stream import Event, EventStream  # noqa: E402
from kiosk.device.hub_client import HubClient  # noqa: E402
from tests.hub.conftest import site_toml, token  # noqa: E402
from tests.hub.hubproc import HubProcess  # noqa: E402
from tests.pgserver import PgServer, find_bindir  # noqa: E402


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(latencies_s: list[float], wall_s: float) -> dict[str, float]:
    return {
        "requests": len(latencies_s),
        "per_second": round(len(latencies_s) / wall_s, 1),
        "p50_ms": round(1000 * statistics.median(latencies_s), 2),
        "p99_ms": round(1000 * pct(latencies_s, 0.99), 2),
    }


def issue_load(url: str, service: str, clients: int, per_client: int) -> dict[str, float]:
    """``clients`` threads each issuing ``per_client`` tickets (numbers stop at 999 a day)."""
    kiosk = HubClient(url, token("kiosk-1"))
    barrier = threading.Barrier(clients)

    def worker(_: int) -> list[float]:
        kiosk.health()  # one keep-alive connection per thread, opened before the clock
        barrier.wait()
        out = []
        for _ in range(per_client):
            t0 = time.perf_counter()
            kiosk.issue_ticket(service)
            out.append(time.perf_counter() - t0)
        return out

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        latencies = [x for batch in pool.map(worker, range(clients)) for x in batch]
    return summary(latencies, time.perf_counter() - start)


def call_next_load(url: str, counters: int, tickets: int) -> dict[str, float]:
    kiosk = HubClient(url, token("kiosk-1"))
    for _ in range(tickets):
        kiosk.issue_ticket("a")
    barrier = threading.Barrier(counters)

    def worker(counter_id: int) -> list[float]:
        client = HubClient(url, token(f"counter-{counter_id}"))
        client.health()
        barrier.wait()
        out = []
        while True:
            t0 = time.perf_counter()
            ticket = client.call_next(counter_id)
            out.append(time.perf_counter() - t0)
            if ticket is None:
                return out

    start = time.perf_counter()
    with ThreadPoolExecutor(counters) as pool:
        latencies = [x for batch in pool.map(worker, range(3, 3 + counters)) for x in batch]
    return summary(latencies, time.perf_counter() - start)


def event_latency(url: str, calls: int) -> dict[str, float]:
    kiosk = HubClient(url, token("kiosk-1"))
    for i in range(calls):  # counter 1 serves A and B; a day has 999 numbers per service
        kiosk.issue_ticket("ab"[i % 2])
    received: dict[int, list[float]] = {}
    done = threading.Event()

    def on_event(event: Event) -> None:
        if event.type == "ticket.called":
            received.setdefault(event.data["ticket_id"], []).append(time.perf_counter())
            if len(received) >= calls:
                done.set()

    connected = threading.Event()
    follower = EventStream(url, token("display-1"))
    follower.subscribe(on_event, on_connection=lambda up: up and connected.set())
    follower.start()
    connected.wait(10)
    counter = HubClient(url, token("counter-1"))
    sent: dict[int, float] = {}
    for _ in range(calls):
        t0 = time.perf_counter()
        ticket = counter.call_next(1)
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


class Stores:
    """Fresh stores of one kind: SQLite files, or databases of a durable local server."""

    def __init__(self, kind: str, tmp: Path, server: PgServer | None) -> None:
        self.kind, self.tmp, self.server, self.count = kind, tmp, server, 0

    def new(self) -> str:
        self.count += 1
        if self.server is not None:
            return self.server.create_database("bench")
        return str(self.tmp / f"hub-{self.count}.sqlite3")


def fresh_store(hub: HubProcess, stores: Stores) -> None:
    """Restart the hub on an empty store: each part starts a new day of numbers."""
    hub.stop()
    hub.db = stores.new()
    hub.start()


def run_store(stores: Stores, site: Path, tmp: Path) -> dict[str, dict[str, float]]:
    hub = HubProcess(site, stores.new(), tmp / "clock.txt", heartbeat=15)
    hub.start()
    try:
        results = {
            "issue_1_client": issue_load(hub.url, "a", 1, 300),
            "issue_16_clients": issue_load(hub.url, "b", 16, 60),
        }
        fresh_store(hub, stores)
        results["call_next_8_counters"] = call_next_load(hub.url, 8, 800)
        fresh_store(hub, stores)
        results["call_to_event_1000"] = event_latency(hub.url, 1000)
    finally:
        hub.stop()
    return results


def ratios(sqlite: dict, postgres: dict) -> dict[str, float]:
    """PostgreSQL's figure over SQLite's, per part (above 1: PostgreSQL higher)."""
    out = {}
    for part, figures in sqlite.items():
        for key in ("per_second", "p99_ms"):
            if figures.get(key):
                out[f"{part}.{key}"] = round(postgres[part][key] / figures[key], 2)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "hub.json")
    args = parser.parse_args()
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        site = tmp / "site.toml"
        site.write_text(site_toml(), "utf-8")
        results["sqlite"] = run_store(Stores("sqlite", tmp, None), site, tmp)
        bindir, why = find_bindir()
        if bindir is None:
            results["postgresql"] = {"skipped": why}
        else:
            server = PgServer(bindir, durable=True).start()  # fsync on, as in production
            try:
                results["postgresql"] = run_store(Stores("postgresql", tmp, server), site, tmp)
                results["postgresql_server"] = {"bindir": str(bindir), "fsync": "on"}
            finally:
                server.stop()
            results["ratio_postgresql_to_sqlite"] = ratios(results["sqlite"], results["postgresql"])
    results["targets"] = {
        "issue_16_clients": ">= 500/s, p99 < 50 ms",
        "call_to_event_1000": "p99 < 50 ms, 0 lost, 0 duplicates",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
