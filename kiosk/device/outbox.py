"""A durable outbox for ratings: stored locally first, delivered when the hub answers.

A rating is written to a local SQLite file (synchronous=FULL) before ``submit``
returns, then a sender thread posts it. It leaves the outbox only when the hub
has stored it, or refused it on its merits (the hub's own JSON error, e.g.
already_rated, not_served, invalid: kept in ``rejected`` for audit and counted on
the staff line). What may succeed later is retried: no answer, 5xx, 408, 429, 401
(a token being changed) and a 404 without the hub's error shape (a proxy's).
The rating's ``client_id`` makes a retry after a lost answer harmless.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import uuid
from pathlib import Path

from pydantic import ValidationError

from kiosk.api.models import RatingIn
from kiosk.device.hub_client import HubClient, HubRefused, HubUnreachable

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pending (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS rejected (
    client_id TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    code TEXT NOT NULL,
    detail TEXT NOT NULL
);
"""


RETRY_STATUS = frozenset({401, 408, 425, 429})


def refused_for_good(error: HubRefused) -> bool:
    """Whether the hub itself refused the rating (its JSON error), not a proxy or a token."""
    return error.status not in RETRY_STATUS and {"error", "detail"} <= error.body.keys()


def new_client_id() -> str:
    return uuid.uuid4().hex


class RatingOutbox:
    """Queue ratings durably; a background thread delivers them in order."""

    def __init__(
        self, path: Path, client: HubClient, retry_s: tuple[float, float] = (1.0, 30.0)
    ) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=FULL")
        self._conn.executescript(_SCHEMA)
        self._lock = threading.Lock()
        self.client = client
        self.retry_s = retry_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="rating-outbox", daemon=True)

    def start(self) -> RatingOutbox:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=10)
        self._conn.close()

    def submit(self, rating: RatingIn) -> None:
        """Keep ``rating`` on disk and wake the sender; returns at once."""
        with self._lock:
            self._conn.execute(
                "INSERT OR IGNORE INTO pending (client_id, body) VALUES (?, ?)",
                (rating.client_id, rating.model_dump_json(exclude_none=True)),
            )
        self._wake.set()

    def pending(self) -> int:
        with self._lock:
            return self._conn.execute("SELECT COUNT(*) FROM pending").fetchone()[0]

    def rejected(self) -> list[tuple[str, str, str]]:
        """(client_id, code, detail) of ratings the hub refused for good."""
        with self._lock:
            return self._conn.execute("SELECT client_id, code, detail FROM rejected").fetchall()

    def rejected_count(self) -> int:
        """Ratings refused for good, other than repeats of a visit already rated (for staff)."""
        with self._lock:
            return self._conn.execute(
                "SELECT COUNT(*) FROM rejected WHERE code != 'already_rated'"
            ).fetchone()[0]

    def wait_empty(self, timeout: float) -> bool:
        """Block until nothing is pending (True) or ``timeout`` passes (False)."""
        with self._idle:
            return self._idle.wait_for(lambda: self.pending() == 0, timeout)

    def _next(self) -> tuple[int, str, str] | None:
        with self._lock:
            return self._conn.execute(
                "SELECT seq, client_id, body FROM pending ORDER BY seq LIMIT 1"
            ).fetchone()

    def _done(self, seq: int) -> None:
        with self._lock:
            self._conn.execute("DELETE FROM pending WHERE seq = ?", (seq,))
        with self._idle:
            self._idle.notify_all()

    def _reject(self, client_id: str, body: str, code: str, detail: str) -> None:
        with self._lock:
            self._conn.execute(
                "INSERT OR REPLACE INTO rejected VALUES (?, ?, ?, ?)",
                (client_id, body, code, detail),
            )

    def _later(self, seq: int, client_id: str, error: Exception, delay: float) -> float:
        """Wait before the next try of a rating not delivered yet; the next pause."""
        log.info("rating %s not delivered yet (%s); retry in %.1f s", client_id, error, delay)
        with self._lock:
            self._conn.execute("UPDATE pending SET attempts = attempts + 1 WHERE seq = ?", (seq,))
        self._wake.wait(delay)
        self._wake.clear()
        return min(delay * 2, self.retry_s[1])

    def _run(self) -> None:
        delay = self.retry_s[0]
        while not self._stop.is_set():
            item = self._next()
            if item is None:
                self._wake.wait()
                self._wake.clear()
                continue
            seq, client_id, body = item
            try:
                self.client.rate(RatingIn.model_validate_json(body))
            except ValidationError as e:  # a damaged entry must not block the ones behind it
                log.error("rating %s in the outbox is unreadable: %s", client_id, e)
                self._reject(client_id, body, "unreadable", str(e))
            except HubUnreachable as e:
                delay = self._later(seq, client_id, e, delay)
                continue
            except HubRefused as e:
                if not refused_for_good(e):
                    delay = self._later(seq, client_id, e, delay)
                    continue
                if e.code != "already_rated":
                    log.warning("rating %s refused by the hub: %s", client_id, e)
                self._reject(client_id, body, e.code, e.detail)
            delay = self.retry_s[0]
            self._done(seq)
