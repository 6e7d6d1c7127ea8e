"""Event fan-out benchmark: 500 displays and counters follow one real hub while 1 000
calls are made; writes bench/results/events.json.

Reports per client the events lost or duplicated (against the events table), call-next
p50/p99, call -> event latency, and the hub's memory (RSS) and open files before the
streams connect, while they are open, and after they disconnect.
Run: ``PYTHONPATH=. .venv/bin/python bench/events.py`` (SQLite store, about a minute).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hub.conftest import COUNTERS, site_toml, token  # noqa: E402
from tests.hub.hubproc import HubProcess  # noqa: E402
from tests.hub.sse_swarm import Swarm  # noqa: E402

WANTED = "type LIKE 'ticket.%' OR type LIKE 'counter.%' OR type = 'device.alert'"


def hub_usage(pid: int) -> dict[str, float]:
    """The hub's resident memory (MiB) and open file descriptors."""
    status = Path(f"/proc/{pid}/status").read_text()
    rss_kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
    return {"rss_mib": round(rss_kb / 1024, 1), "open_files": len(os.listdir(f"/proc/{pid}/fd"))}


def settle(pid: int, files: int) -> dict[str, float]:
    """The hub's usage once its open files are back to ``files`` (a stream whose reader
    left is noticed at its next heartbeat), or after 30 s."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < 30 and hub_usage(pid)["open_files"] > files:
        time.sleep(0.1)
    return hub_usage(pid) | {"seconds_to_baseline_files": round(time.monotonic() - t0, 2)}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def site_file(folder: Path, displays: int, counters: int) -> Path:
    extra = [
        f'[[devices]]\nid = "hall-{i}"\nrole = "display"\ntoken = "{token(f"hall-{i}")}"\n'
        for i in range(displays)
    ]
    extra += [
        f'[[devices]]\nid = "desk-{i}"\nrole = "counter"\ntoken = "{token(f"desk-{i}")}"\n'
        f"counter = {1 + i % COUNTERS}\n"
        for i in range(counters)
    ]
    path = folder / "site.toml"
    path.write_text(site_toml() + "\n" + "\n".join(extra), encoding="utf-8")
    return path


def run(displays: int, counters: int, calls: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        hub = HubProcess(
            site_file(folder, displays, counters), folder / "hub.sqlite3", folder / "clock.txt", 5.0
        )
        hub.set_time("2026-11-23T09:00:00+07:00")
        hub.start()
        try:
            return measure(hub, displays, counters, calls)
        finally:
            hub.stop()


def measure(hub: HubProcess, displays: int, counters: int, calls: int) -> dict[str, Any]:
    assert hub.proc is not None
    pid = hub.proc.pid
    kiosk = requests.Session()
    kiosk.headers["Authorization"] = f"Bearer {token('kiosk-1')}"
    for i in range(calls + 20):  # half for service b (counter 2), half for a (3..16)
        kiosk.post(f"{hub.url}/api/v1/tickets", json={"service_id": "ab"[i % 2]}, timeout=10)
    start_id = hub.count("SELECT COALESCE(MAX(id), 0) FROM events")
    before = hub_usage(pid)

    swarm = Swarm(hub.port)
    tokens = [token(f"hall-{i}") for i in range(displays)]
    tokens += [token(f"desk-{i}") for i in range(counters)]
    t0 = time.monotonic()
    streams = swarm.open(tokens)
    assert swarm.wait(lambda: all(s.ready for s in streams), 60), "streams did not all open"
    connect_s = time.monotonic() - t0
    connected = hub_usage(pid)

    desks = {n: requests.Session() for n in range(2, COUNTERS + 1)}
    for n, session in desks.items():
        session.headers["Authorization"] = f"Bearer {token(f'counter-{n}')}"
    took, sent_at = [], {}
    for i in range(calls):
        n = 2 if i % 2 else 3 + (i // 2) % (COUNTERS - 2)
        t = time.perf_counter()
        answer = desks[n].post(f"{hub.url}/api/v1/counters/{n}/call-next", timeout=10)
        took.append(time.perf_counter() - t)
        assert answer.status_code == 200, answer.text
        sent_at[answer.json()["id"]] = time.monotonic()
    expected = [
        r[0] for r in hub.query(f"SELECT id FROM events WHERE id > ? AND ({WANTED})", (start_id,))
    ]
    called = {
        r[0]: json.loads(r[1])["ticket_id"]
        for r in hub.query(
            "SELECT id, data FROM events WHERE id > ? AND type = 'ticket.called'", (start_id,)
        )
    }
    swarm.wait(lambda: all(len(s.ids) >= len(expected) for s in streams), 60)
    during = hub_usage(pid)
    want = set(expected)
    lost = [len(want - set(s.ids)) for s in streams]
    duplicated = [len(s.ids) - len(set(s.ids)) for s in streams]
    out_of_order = sum(s.ids != sorted(s.ids) for s in streams)
    delays = [
        s.seen_at[e] - sent_at[t]
        for s in streams[:: max(1, len(streams) // 50)]  # 50 streams sampled
        for e, t in called.items()
        if e in s.seen_at and t in sent_at
    ]

    swarm.close()
    after = settle(pid, before["open_files"])
    again = Swarm(hub.port)  # the same streams once more: does memory keep growing?
    reopened = again.open(tokens)
    assert again.wait(lambda: all(s.ready for s in reopened), 60)
    again.close()
    second = settle(pid, before["open_files"])
    return {
        "streams": len(streams),
        "displays": displays,
        "counters": counters,
        "calls": calls,
        "events_per_stream": len(expected),
        "connect_all_s": round(connect_s, 2),
        "streams_with_lost_events": sum(1 for x in lost if x),
        "lost_events_total": sum(lost),
        "duplicated_events_total": sum(duplicated),
        "streams_out_of_order": out_of_order,
        "streams_closed_by_hub": sum(1 for s in streams if s.ended and len(s.ids) < len(want)),
        "call_next_p50_ms": round(1000 * statistics.median(took), 2),
        "call_next_p99_ms": round(1000 * pct(took, 0.99), 2),
        "call_to_event_p50_ms": round(1000 * statistics.median(delays), 1) if delays else None,
        "call_to_event_p99_ms": round(1000 * pct(delays, 0.99), 1) if delays else None,
        "hub_before": before,
        "hub_connected": connected,
        "hub_after_calls": during,
        "hub_after_disconnect": after,
        "hub_after_a_second_connect_and_disconnect": second,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--displays", type=int, default=400)
    parser.add_argument("--counters", type=int, default=100)
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "events.json")
    args = parser.parse_args()
    result = run(args.displays, args.counters, args.calls)
    result["load_average_at_end"] = os.getloadavg()
    result["cpu_count"] = os.cpu_count()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
