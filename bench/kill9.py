"""kill -9 soak against a real ``kiosk hub``: many rounds of 16 clients issuing and
calling, the hub killed after a random number of answers and started again; checks after
every round that nothing answered is lost, no number given twice, no ticket called
twice (one day: numbers stop at 999 a service, so rounds x answers stay below). SQLite,
then PostgreSQL (fsync on) when a server is installed. Writes
bench/results/kill9.json. Run: ``.venv/bin/python bench/kill9.py [--rounds 30]``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hub.conftest import site_toml  # noqa: E402
from tests.hub.hubproc import HubProcess  # noqa: E402
from tests.hub.killrounds import Answers, check, one_round  # noqa: E402
from tests.pgserver import PgServer, find_bindir  # noqa: E402


def soak(db: str, tmp: Path, rounds: int, per_client: int, seed: int) -> dict[str, Any]:
    site = tmp / "site.toml"
    site.write_text(site_toml(), encoding="utf-8")
    hub = HubProcess(site, db, tmp / "clock.txt", heartbeat=15)
    hub.set_time("2026-11-23T09:00:00+07:00")  # one day: numbers never restart
    hub.start()
    rng, answers = random.Random(seed), Answers()
    started = time.perf_counter()
    try:
        kills = []
        for _ in range(rounds):
            kills.append(one_round(hub, answers, rng, per_client))
            counts = check(hub, answers)
    finally:
        hub.stop()
    return {
        "rounds": rounds,
        "requests_per_client": per_client,
        "kill_after_answers": kills,
        **counts,
        "seconds": round(time.perf_counter() - started, 1),
        "lost": 0,  # check() raises on any loss, double number or double call
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--per-client", type=int, default=10)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "kill9.json")
    args = parser.parse_args()
    seed = random.randrange(1 << 32)
    results: dict[str, Any] = {"seed": seed}
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        (tmp / "sqlite").mkdir()
        results["sqlite"] = soak(
            str(tmp / "sqlite" / "hub.sqlite3"), tmp / "sqlite", args.rounds, args.per_client, seed
        )
        bindir, why = find_bindir()
        if bindir is None:
            results["postgresql"] = {"skipped": why}
        else:
            server = PgServer(bindir, durable=True).start()
            try:
                (tmp / "pg").mkdir()
                results["postgresql"] = soak(
                    server.create_database(), tmp / "pg", args.rounds, args.per_client, seed
                )
            finally:
                server.stop()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
