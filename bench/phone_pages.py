"""Phone pages benchmark: N phones follow tickets of one service on a real hub (each from
an address of its own), a counter calls the first ticket, and every page's stream must
bring the new view (one fewer ahead); writes bench/results/phone_pages.json.

Reports the call's answer time and call -> page update p50/p99/max per N.
Run: ``PYTHONPATH=. .venv/bin/python bench/phone_pages.py`` (SQLite store, under a minute).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hub.conftest import Clients, site_toml  # noqa: E402
from tests.hub.hubproc import HubProcess  # noqa: E402


async def follow(
    port: int, token: str, n: int, opened: set[int], updated: dict[int, float]
) -> None:
    """One phone: its page's stream, from address 10.9.x.y (the hub trusts loopback's
    X-Forwarded-For); the second ``ticket`` event is the update."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    address = f"10.9.{n // 250}.{n % 250 + 1}"
    writer.write(f"GET /t/{token}/events HTTP/1.0\r\nX-Forwarded-For: {address}\r\n\r\n".encode())
    await writer.drain()
    buffer, views = b"", 0
    try:
        while chunk := await reader.read(65536):
            buffer += chunk
            while b"\n\n" in buffer:
                block, buffer = buffer.split(b"\n\n", 1)
                if block.startswith(b"event: ticket"):
                    views += 1
                    if views == 1:
                        opened.add(n)
                    else:
                        updated.setdefault(n, time.monotonic())
    finally:
        writer.close()


def pct(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))]


async def one_round(phones: int) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp())
    (folder / "site.toml").write_text(site_toml(), encoding="utf-8")
    hub = HubProcess(folder / "site.toml", str(folder / "hub.sqlite3"), folder / "clock.txt", 15)
    hub.set_time("2026-11-23T09:00:00+07:00")
    hub.start()
    try:
        clients = Clients(hub.url)
        tickets = [clients.kiosk.issue_ticket("a") for _ in range(phones + 1)]
        opened: set[int] = set()
        updated: dict[int, float] = {}
        tasks = [
            asyncio.create_task(follow(hub.port, t.page_token or "", n, opened, updated))
            for n, t in enumerate(tickets[1:])
        ]
        deadline = time.monotonic() + 60
        while len(opened) < phones and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        start = time.monotonic()
        await asyncio.to_thread(clients.counter(3).call_next, 3)
        answered = time.monotonic() - start
        while len(updated) < phones and time.monotonic() - start < 30:
            await asyncio.sleep(0.002)
        for task in tasks:
            task.cancel()
        lags = [(t - start) * 1000 for t in updated.values()]
        return {
            "phones": phones,
            "streams_opened": len(opened),
            "pages_updated": len(updated),
            "call_answered_ms": round(answered * 1000, 1),
            "update_p50_ms": round(statistics.median(lags), 1),
            "update_p99_ms": round(pct(lags, 0.99), 1),
            "update_max_ms": round(max(lags), 1),
        }
    finally:
        hub.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--phones", type=int, nargs="+", default=[50, 200, 500])
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "phone_pages.json"))
    args = parser.parse_args()
    rounds = [asyncio.run(one_round(n)) for n in args.phones]
    result = {"load_average": os.getloadavg()[0], "rounds": rounds}
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
