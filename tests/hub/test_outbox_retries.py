"""The rating outbox against a real HTTP server on 127.0.0.1 that answers as a proxy or a
hub mid token change would (429, a bare 404, 401, 503), then forwards to the real hub:
nothing is lost, and only the hub's own refusals on the merits are rejected."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from kiosk.api.models import RatingIn
from kiosk.device.hub_client import HubClient
from kiosk.device.outbox import RatingOutbox, new_client_id
from tests.hub.conftest import token

SCRIPT = [
    (429, b'{"detail": "Too Many Requests"}'),
    (404, b"<html>404 Not Found</html>"),
    (401, b'{"error": "unauthorized", "detail": "unknown token"}'),
    (503, b"<html>Bad gateway</html>"),
]


@pytest.fixture
def flaky(hub) -> Iterator[tuple[str, list[int]]]:
    """A server answering SCRIPT to the first requests, then forwarding to the hub."""
    script, seen = list(SCRIPT), []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if script:
                status, answer = script.pop(0)
            else:
                headers = {k: self.headers[k] for k in ("Authorization", "Content-Type")}
                upstream = requests.post(
                    hub.url + self.path, data=body, headers=headers, timeout=10
                )
                status, answer = upstream.status_code, upstream.content
            seen.append(status)
            self.send_response(status)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


def test_outbox_retries_what_can_succeed_and_rejects_only_the_hubs_refusals(
    flaky, clients, tmp_path
):
    url, seen = flaky
    served = []
    for _ in range(2):
        clients.kiosk.issue_ticket("a")
        clients.counter(1).call_next(1)
        served.append(clients.counter(1).finish(1).id)
    waiting = clients.kiosk.issue_ticket("b").id
    client = HubClient(url, token("rating-1"), timeout=(0.5, 2.0))
    outbox = RatingOutbox(tmp_path / "outbox.sqlite3", client, retry_s=(0.05, 0.2)).start()
    try:
        first = RatingIn(ticket_id=served[0], counter_id=1, level=3, client_id=new_client_id())
        outbox.submit(first)
        assert outbox.wait_empty(10)
        assert seen == [429, 404, 401, 503, 201] and outbox.rejected() == []
        for ticket_id in (served[0], waiting, served[1]):  # rated already, not served, new
            outbox.submit(
                RatingIn(ticket_id=ticket_id, counter_id=1, level=2, client_id=new_client_id())
            )
        assert outbox.wait_empty(10)
        assert sorted(code for _, code, _ in outbox.rejected()) == ["already_rated", "not_served"]
        assert outbox.rejected_count() == 1  # a repeat of a rated visit is no loss
    finally:
        outbox.stop()
    assert clients.admin.daily_report()["ratings"]["total"] == 2
