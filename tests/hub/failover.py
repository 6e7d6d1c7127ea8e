"""Devices in front of several hub processes, as behind a load balancer: a request that
finds its hub gone is sent again to the next one (a ticket with the same Idempotency-Key,
so a lost answer costs no second ticket), and a display whose stream ends reconnects to
the next hub with Last-Event-ID. Used by test_pg_multi.py."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import requests

from kiosk.api.models import Ticket
from kiosk.device.hub_client import HubClient, HubUnreachable
from tests.hub.conftest import token

RETRY_S = 0.05  # a client's pause before it tries the next hub (a balancer's retry)


class FailoverClient:
    """One device's calls, to its own hub first and to the others when that one fails."""

    def __init__(self, urls: list[str], device_id: str, first: int, attempts: int = 40) -> None:
        self.clients = [HubClient(url, token(device_id), timeout=(1.0, 10.0)) for url in urls]
        self.at = first % len(urls)
        self.attempts = attempts
        self.failovers = 0

    def _send(self, action: Any) -> Any:
        for attempt in range(self.attempts):
            try:
                return action(self.clients[self.at])
            except HubUnreachable:
                if attempt + 1 == self.attempts:
                    raise
                self.at = (self.at + 1) % len(self.clients)
                self.failovers += 1
                time.sleep(RETRY_S)  # the retry's own pace, not a wait for a condition
        raise AssertionError("unreachable")

    def issue(self, service_id: str, key: str) -> Ticket:
        return self._send(lambda c: c.issue_ticket(service_id, key=key))

    def call_next(self, counter_id: int) -> Ticket | None:
        return self._send(lambda c: c.call_next(counter_id))


@dataclass
class Received:
    id: int
    type: str
    data: dict[str, Any]


@dataclass
class FailoverDisplay:
    """A hall display's event stream: follows ``urls[0]``, reconnects to the same hub
    when a stream ends, moves on to the next hub when one does not answer, and always
    resumes after the last id it received."""

    urls: list[str]
    device_id: str = "display-1"
    events: list[Received] = field(default_factory=list)
    connections: list[str] = field(default_factory=list)  # the hub of each stream opened
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> FailoverDisplay:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)

    @property
    def ids(self) -> list[int]:
        return [e.id for e in self.events]

    def _run(self) -> None:
        at = 0
        while not self._stop.is_set():
            url = self.urls[at]
            headers = {"Authorization": f"Bearer {token(self.device_id)}"}
            if self.events:
                headers["Last-Event-ID"] = str(self.events[-1].id)
            opened = False
            try:
                with requests.get(
                    f"{url}/api/v1/events", headers=headers, stream=True, timeout=(1.0, 5.0)
                ) as response:
                    response.raise_for_status()
                    opened = True
                    self.connections.append(url)
                    self._read(response)
            except (requests.RequestException, ValueError):
                if not opened:  # this hub does not answer: the next one
                    at = (at + 1) % len(self.urls)
                    self._stop.wait(RETRY_S)

    def _read(self, response: requests.Response) -> None:
        fields: dict[str, str] = {}
        for raw in response.iter_lines():
            if self._stop.is_set():
                return
            line = raw.decode()
            if line:
                name, _, value = line.partition(": ")
                fields[name] = value
                continue
            if "id" in fields:
                self.events.append(
                    Received(int(fields["id"]), fields["event"], json.loads(fields["data"]))
                )
            fields = {}
