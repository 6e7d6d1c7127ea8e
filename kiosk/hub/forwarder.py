"""An office hub's forwarder: its site's records to the provincial hub, store and forward.

One thread per hub with ``[federation]`` in its main site file. It reads the events after
the cursor the province last acknowledged (kept in the office's own store, so a restart
resumes there), POSTs them in order as batches with the records they touch, and moves
the cursor only on the province's acknowledgement: at least once, in order, and the
province applies idempotently. A lost link, a refused or failed answer: it tries again
after a growing pause (up to ``retry_max_s``); a gap the province reports: it resends
from the id the province expects. A commit on the office wakes it; while nothing
happens it tells the province every ``heartbeat_s`` that it is caught up.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

import requests

from kiosk.api.federation import PATH, BatchAck
from kiosk.clock import Clock
from kiosk.config import Federation, Site
from kiosk.queue import federation_out
from kiosk.store.db import Database

log = logging.getLogger(__name__)
MAX_BYTES = 60 * 1024  # under the province's 64 KiB body limit
FIRST_RETRY_S = 0.2
TIMEOUT_S = (5.0, 30.0)  # connect, read


@dataclass
class Status:
    """What the forwarder knows now (for the office's admin)."""

    cursor: int = 0
    last_ok_at: float | None = None  # the last acknowledgement
    last_error: str = ""  # since the last acknowledgement ("" once one came)
    data_until: float | None = None  # as the province last said


class Forwarder:
    """Forwards ``site``'s events to ``federation.upstream``; :meth:`start`, :meth:`stop`."""

    def __init__(self, db: Database, clock: Clock, site: Site, federation: Federation) -> None:
        self.db = db
        self.clock = clock
        self.site = site
        self.conf = federation
        self.url = federation.upstream + PATH
        self.status = Status()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._session = requests.Session()
        self._session.headers["Authorization"] = f"Bearer {federation.token}"
        self._thread = threading.Thread(target=self._run, name="federation", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=3)
        self._session.close()

    def wake(self, _events: Any = None) -> None:
        """New events were committed (thread-safe; an ``on_commit`` hook)."""
        self._wake.set()

    def pending(self) -> int:
        return self.db.read(lambda c: federation_out.pending(c, self.site.id, self.status.cursor))

    def _run(self) -> None:
        try:
            self.status.cursor = self.db.read(
                lambda c: federation_out.cursor(c, self.site.id, self.conf.upstream)
            )
        except self.db.backend.errors as e:
            log.error("federation: cannot read the cursor: %s", e)
        log.info(
            "federation: forwarding %s to %s after event %d",
            self.site.id,
            self.conf.upstream,
            self.status.cursor,
        )
        delay = 0.0
        quiet_until = 0.0  # no heartbeat before this (monotonic)
        while not self._stop.is_set():
            self._wake.clear()
            try:
                batch = self._batch()
            except self.db.backend.errors as e:
                delay = self._failed(f"store: {e}", delay)
                continue
            if not batch["events"] and time.monotonic() < quiet_until:
                self._wake.wait(quiet_until - time.monotonic())
                continue
            if self._send(batch):
                delay = 0.0
                if batch["complete"]:
                    quiet_until = time.monotonic() + self.conf.heartbeat_s
            else:
                delay = self._failed(self.status.last_error, delay)

    def _batch(self) -> dict[str, Any]:
        """The next batch, fewer events when its JSON would pass the body limit."""
        limit, after = self.conf.batch_size, self.status.cursor
        while True:
            batch = self.db.read(self._reader(after, limit))
            if limit == 1 or len(json.dumps(batch)) <= MAX_BYTES:
                return batch
            limit = max(1, limit // 2)

    def _reader(self, after: int, limit: int) -> Any:
        return lambda c: federation_out.read_batch(c, self.site.id, after, limit, self.clock.now())

    def _send(self, batch: dict[str, Any]) -> bool:
        """POST one batch; True when the province acknowledged it (or named the gap)."""
        try:
            answer = self._session.post(self.url, json=batch, timeout=TIMEOUT_S)
        except requests.RequestException as e:
            self.status.last_error = f"no answer from {self.conf.upstream}: {type(e).__name__}"
            return False
        if answer.status_code == 200:
            ack = BatchAck.model_validate(answer.json())
            if not self._plausible(ack.last_event_id):
                return False
            self._advance(ack.last_event_id)
            self.status.last_ok_at = self.clock.now()
            self.status.last_error = ""
            self.status.data_until = ack.data_until
            return True
        body = _json(answer)
        if answer.status_code == 409 and body.get("error") == "federation_gap":
            expected = int(body["expected_after"])
            if not self._plausible(expected):
                return False
            log.warning(
                "federation: the province holds %s's events up to %d (cursor was %d); "
                "resending from there",
                self.site.id,
                expected,
                self.status.cursor,
            )
            self._advance(expected)
            return True
        self.status.last_error = (
            f"{answer.status_code} {body.get('error', '')}: {body.get('detail', answer.text[:200])}"
        )
        return False

    def _plausible(self, held: int) -> bool:
        """Whether the province may hold events up to ``held``: not more than this store
        ever had (else this store is new or restored, and its events would be taken for
        ones the province has: nothing is sent until an operator resolves it)."""
        if held <= self.status.cursor:
            return True
        newest = self.db.read(
            lambda c: c.execute(
                "SELECT COALESCE(MAX(id), 0) FROM events WHERE site_id = ?", (self.site.id,)
            ).fetchone()[0]
        )
        if held <= newest:
            return True
        self.status.last_error = (
            f"the province holds {self.site.id}'s events up to {held}, more than this store "
            f"ever had ({newest}): a new or restored store? nothing is sent until resolved"
        )
        return False

    def _advance(self, last_event_id: int) -> None:
        """The new cursor: in memory at once, and queued for the store without waiting (the
        writer keeps the order; a cursor not stored yet only means those events are sent
        again after a restart, and applied once)."""
        if last_event_id == self.status.cursor:
            return
        self.status.cursor = last_event_id
        task = self.db.write(
            lambda tx: federation_out.set_cursor(
                tx, self.site.id, self.conf.upstream, last_event_id
            )
        )
        task.add_done_callback(self._stored)

    def _stored(self, task: Any) -> None:
        if task.exception() is not None:
            log.warning("federation: cursor not stored yet: %s", task.exception())

    def _failed(self, error: str, delay: float) -> float:
        """Log a failure (once per kind of error in a row), wait, and give the next pause."""
        if delay == 0.0:
            log.warning("federation: %s; retrying", error)
        delay = min(self.conf.retry_max_s, max(FIRST_RETRY_S, delay * 2))
        self._stop.wait(delay)
        return delay


def _json(answer: requests.Response) -> dict[str, Any]:
    try:
        body = answer.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
