"""Federation lag under load: an office hub (SQLite) forwarding to a province hub (PostgreSQL,
a local server started for the run, fsync on); writes bench/results/federation.json.

The office's lobby works at a steady rate of tickets per second over the office hub's
HTTP API (issue, call, finish, skip, transfer, rate: tests/hub/federation_lobby.py).
A poller reads the province's ``federation_sites`` every 2 ms; an event's lag is the
first time the province held it minus the office's commit time of that event. Then an
outage: the link (a loopback proxy) is cut for a while under load, and the catch-up
after it is timed (the office forwards through a loopback proxy then, straight to the
province before). Run: ``.venv/bin/python bench/federation.py``.
"""

from __future__ import annotations

import argparse
import bisect
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from kiosk.store.db import open_reader  # noqa: E402
from tests.hub.federation_lobby import OFFICE, Lobby, write_sites  # noqa: E402
from tests.hub.hubproc import HubProcess  # noqa: E402
from tests.pgserver import PgServer, find_bindir  # noqa: E402
from tests.unit.device.netproxy import CuttableProxy  # noqa: E402


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class Poller:
    """Samples the province's last applied event id of the office, with the time seen."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.times: list[float] = []
        self.ids: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self._stop.is_set():
                row = conn.execute(
                    "SELECT last_event_id FROM federation_sites WHERE site_id = %s", (OFFICE,)
                ).fetchone()
                seen = time.time()
                if row is not None and (not self.ids or row[0] > self.ids[-1]):
                    self.times.append(seen)
                    self.ids.append(row[0])
                self._stop.wait(0.002)

    def last(self) -> int:
        return self.ids[-1] if self.ids else 0

    def first_seen(self, event_id: int) -> float | None:
        i = bisect.bisect_left(self.ids, event_id)
        return self.times[i] if i < len(self.ids) else None

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)


def office_events(office: HubProcess) -> list[tuple[int, float]]:
    conn = open_reader(office.db)
    try:
        sql = "SELECT id, ts FROM events WHERE site_id = ? ORDER BY id"
        return [(r[0], r[1]) for r in conn.execute(sql, (OFFICE,)).fetchall()]
    finally:
        conn.close()


def wait_until(predicate: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.005)
    return False


def run_part(
    office: HubProcess,
    province: HubProcess,
    proxy: CuttableProxy,
    server: PgServer,
    tmp: Path,
    rate: float,
    seconds: float,
    cut: tuple[float, float] | None = None,
) -> dict[str, Any]:
    """``rate`` tickets/s for ``seconds`` on fresh stores; ``cut``: (from, to) s of outage,
    the office then forwarding through the proxy (else straight to the province)."""
    upstream = proxy.url if cut else province.url
    write_sites(tmp, upstream, heartbeat_s=5.0, retry_max_s=1.0)
    province.db = server.create_database("fed")
    office.db = tmp / f"office-{rate}-{bool(cut)}.sqlite3"
    province.start()
    office.start()
    poller = Poller(str(province.db))
    lobby = Lobby(office.url)
    restored_at, behind, is_cut = 0.0, 0, False
    try:
        start = time.monotonic()
        steps = int(rate * seconds)
        for i in range(steps):
            now = time.monotonic() - start
            if cut and cut[0] <= now < cut[1] and not is_cut:
                proxy.cut()
                is_cut = True
            if cut and now >= cut[1] and is_cut:
                proxy.restore()
                is_cut = False
                restored_at, behind = time.time(), office_events(office)[-1][0]
            lobby.step()
            pause = start + (i + 1) / rate - time.monotonic()
            if pause > 0:
                time.sleep(pause)  # the load's pace
        wall = time.monotonic() - start
        events = office_events(office)
        caught_up = wait_until(lambda: poller.last() >= events[-1][0], 60)
        result: dict[str, Any] = {
            "rate_asked": rate,
            "tickets": steps,
            "tickets_per_s": round(steps / wall, 1),
            "events": len(events),
            "caught_up": caught_up,
        }
        lags = []
        for event_id, ts in events:
            seen = poller.first_seen(event_id)
            if seen is not None:
                lags.append(seen - ts)
        if cut is None:
            result |= {
                "lag_p50_ms": round(1000 * statistics.median(lags), 1),
                "lag_p95_ms": round(1000 * pct(lags, 0.95), 1),
                "lag_max_ms": round(1000 * max(lags), 1),
            }
        elif restored_at:
            seen = poller.first_seen(behind)  # what the office had when the link came back
            result |= {
                "outage_s": cut[1] - cut[0],
                "behind_at_restore_events": behind - (poller.ids[0] if poller.ids else 0),
                "catch_up_s": round(seen - restored_at, 2) if seen else None,
                "lag_max_s": round(max(lags), 2),
            }
        return result
    finally:
        poller.stop()
        office.stop()
        province.stop()
        proxy.restore()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "federation.json")
    parser.add_argument("--seconds", type=float, default=15.0)
    args = parser.parse_args()
    bindir, why = find_bindir()
    if bindir is None:
        print(f"skipped: {why}")
        return 0
    server = PgServer(bindir, durable=True).start()
    results: dict[str, Any] = {"postgresql_server": {"bindir": str(bindir), "fsync": "on"}}
    try:
        with tempfile.TemporaryDirectory() as name:
            tmp = Path(name)
            clock = tmp / "clock.txt"  # absent: real time on both hubs
            province = HubProcess(tmp / "province.toml", "", clock, heartbeat=15)
            proxy = CuttableProxy(province.port)
            office = HubProcess(tmp / "office.toml", "", clock, heartbeat=15)
            for rate in (10.0, 50.0):
                part = run_part(office, province, proxy, server, tmp, rate, args.seconds)
                results[f"load_{int(rate)}_per_s"] = part
                print(json.dumps(part), flush=True)
            part = run_part(
                office, province, proxy, server, tmp, 20.0, args.seconds + 5, cut=(5.0, 15.0)
            )
            results["outage_10_s_at_20_per_s"] = part
            print(json.dumps(part), flush=True)
            proxy.close()
    finally:
        server.stop()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
