"""SQLite store: WAL, migrations by PRAGMA user_version, one writer thread with group commit.

All writes go through :class:`Database.write`: a task ``fn(tx)`` runs on the single
writer thread inside ``BEGIN IMMEDIATE`` (under its own savepoint, so one failing task
does not undo the others of its batch). Tasks queued together share one durable
commit (``synchronous=FULL``); callers get their result only after that commit, so an
answered ticket survives ``kill -9``. Reads use one connection per reading thread.
"""

from __future__ import annotations

import json
import logging
import queue
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.queue.clock import Clock

log = logging.getLogger(__name__)

MIGRATIONS: tuple[str, ...] = (
    # 1: tickets, events, ratings, device alerts
    """
    CREATE TABLE tickets (
        id INTEGER PRIMARY KEY,
        day TEXT NOT NULL,
        origin_service_id TEXT NOT NULL,
        service_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        number TEXT NOT NULL,
        priority INTEGER NOT NULL DEFAULT 0,
        priority_reason TEXT,
        status TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'finished', 'skipped')),
        front INTEGER NOT NULL DEFAULT 0,
        lane_at REAL NOT NULL,
        issued_at REAL NOT NULL,
        issued_by TEXT,
        called_at REAL,
        counter_id INTEGER,
        recalls INTEGER NOT NULL DEFAULT 0,
        finished_at REAL,
        skipped_at REAL,
        transferred_at REAL,
        transfers INTEGER NOT NULL DEFAULT 0,
        UNIQUE (day, origin_service_id, seq)
    );
    CREATE INDEX tickets_lane ON tickets (status, service_id, priority, front, lane_at);
    CREATE INDEX tickets_counter ON tickets (counter_id, status);
    CREATE INDEX tickets_day ON tickets (day);
    CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ts REAL NOT NULL,
        type TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE TABLE ratings (
        id INTEGER PRIMARY KEY,
        client_id TEXT NOT NULL UNIQUE,
        ticket_id INTEGER UNIQUE REFERENCES tickets (id),
        dossier_code TEXT UNIQUE,
        counter_id INTEGER NOT NULL,
        service_id TEXT,
        level INTEGER NOT NULL,
        scale INTEGER NOT NULL,
        reasons TEXT NOT NULL DEFAULT '[]',
        device_id TEXT NOT NULL,
        created_at REAL NOT NULL,
        day TEXT NOT NULL,
        CHECK (ticket_id IS NOT NULL OR dossier_code IS NOT NULL)
    );
    CREATE INDEX ratings_day ON ratings (day);
    CREATE TABLE device_alerts (
        id INTEGER PRIMARY KEY,
        device_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        message TEXT NOT NULL,
        created_at REAL NOT NULL
    );
    """,
    # 2: indexes for the ETA (recent service times, counters active in the last hour)
    """
    CREATE INDEX tickets_service_finished ON tickets (service_id, status, finished_at);
    CREATE INDEX tickets_counter_called ON tickets (counter_id, called_at);
    """,
    # 3: anonymous daily aggregates that replace tickets and ratings past retention
    # (kiosk/queue/retention.py); *_hist columns are JSON {value: count}
    """
    CREATE TABLE daily_stats (
        day TEXT NOT NULL,
        service_id TEXT NOT NULL,
        counter_id INTEGER NOT NULL,
        issued INTEGER NOT NULL,
        served INTEGER NOT NULL,
        skipped INTEGER NOT NULL,
        waiting INTEGER NOT NULL,
        in_service INTEGER NOT NULL,
        priority INTEGER NOT NULL,
        wait_hist TEXT NOT NULL,
        service_hist TEXT NOT NULL,
        hour_hist TEXT NOT NULL,
        level_hist TEXT NOT NULL,
        reason_hist TEXT NOT NULL,
        PRIMARY KEY (day, service_id, counter_id)
    );
    """,
)


class SchemaTooNew(RuntimeError):
    """The database was written by a newer version of the hub."""


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=10000")
    return conn


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema to the latest version; refuse a database from a newer hub."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise SchemaTooNew(
            f"database schema version {version} is newer than this hub knows "
            f"({len(MIGRATIONS)}); upgrade the kiosk software"
        )
    for number in range(version + 1, len(MIGRATIONS) + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in MIGRATIONS[number - 1].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        log.info("database migrated to schema version %d", number)
    return len(MIGRATIONS)


@dataclass
class Tx:
    """What a write task gets: the connection, the task's time, and an event sink."""

    conn: sqlite3.Connection
    now: float
    events: list[dict[str, Any]] = field(default_factory=list)

    def emit(self, type_: str, data: dict[str, Any]) -> None:
        """Record an event in the same transaction as the change it reports."""
        cur = self.conn.execute(
            "INSERT INTO events (ts, type, data) VALUES (?, ?, ?)",
            (self.now, type_, json.dumps(data, ensure_ascii=False)),
        )
        self.events.append({"id": cur.lastrowid, "ts": self.now, "type": type_, "data": data})


WriteFn = Callable[[Tx], Any]
_BATCH = 64


class Database:
    """The store's connections: one writer thread, per-thread readers."""

    def __init__(
        self,
        path: Path,
        clock: Clock,
        on_commit: Callable[[list[dict[str, Any]]], None] | None = None,
    ) -> None:
        self.path = path
        self.clock = clock
        self.on_commit = on_commit
        path.parent.mkdir(parents=True, exist_ok=True)
        self._writer_conn = connect(path)
        migrate(self._writer_conn)
        self._queue: queue.Queue[tuple[WriteFn, Future] | None] = queue.Queue()
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="db-writer", daemon=True)
        self._thread.start()

    def write(self, fn: WriteFn) -> Future:
        """Queue ``fn(tx)`` for the writer; the future resolves after the durable commit."""
        future: Future = Future()
        self._queue.put((fn, future))
        return future

    def read(self, fn: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run ``fn(conn)`` on this thread's read connection."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path)
            self._local.conn = conn
            with self._readers_lock:
                self._readers.append(conn)
        return fn(conn)

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10)
        with self._readers_lock:
            for conn in self._readers:
                conn.close()
            self._readers.clear()

    def _run(self) -> None:
        conn = self._writer_conn
        while True:
            item = self._queue.get()
            if item is None:
                break
            batch = [item]
            while len(batch) < _BATCH:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    self._queue.put(None)
                    break
                batch.append(nxt)
            self._run_batch(conn, batch)
        conn.close()

    def _run_batch(self, conn: sqlite3.Connection, batch: list[tuple[WriteFn, Future]]) -> None:
        outcomes: list[tuple[Future, bool, Any]] = []
        events: list[dict[str, Any]] = []
        try:
            conn.execute("BEGIN IMMEDIATE")
            for fn, future in batch:
                if not future.set_running_or_notify_cancel():
                    continue
                tx = Tx(conn, self.clock.now())
                conn.execute("SAVEPOINT task")
                try:
                    result = fn(tx)
                except BaseException as exc:  # the task's own failure: undo just this task
                    conn.execute("ROLLBACK TO task")
                    conn.execute("RELEASE task")
                    outcomes.append((future, False, exc))
                    continue
                conn.execute("RELEASE task")
                events.extend(tx.events)
                outcomes.append((future, True, result))
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            log.exception("write batch failed; rolled back")
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            for _, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        for future, ok, value in outcomes:
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)
        if events and self.on_commit:
            self.on_commit(events)
