"""The hub's store: one writer thread with group commit over a SQLite or PostgreSQL backend.

All writes go through :class:`Database.write`: a task ``fn(tx)`` runs on the single
writer thread inside one transaction (under its own savepoint, so one failing task
does not undo the others of its batch). Tasks queued together share one durable
commit; callers get their result only after it, so an answered ticket survives
``kill -9``. Reads run on the backend's read connections.

The tasks are written as if theirs were the only writer, and they are: SQLite's file
lock keeps one hub process per store, and PostgreSQL's backend, which several hub
processes may share, begins every batch by taking the database's write lock
(:meth:`Backend.begin`), so batches of all processes run one at a time. Every event is
inserted inside such a batch (:meth:`Tx.emit`), so event ids follow commit order.

The queue code (tickets, ratings, retention, reports) is written once, in the SQL
both dialects share: ``?`` and ``:name`` parameters, ``INSERT ... RETURNING``,
``ON CONFLICT ... DO UPDATE``. The PostgreSQL backend translates the parameters.
"""

from __future__ import annotations

import contextlib
import json
import logging
import queue
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from kiosk.clock import Clock
from kiosk.store.errors import SchemaTooNew, StoreRefused, StoreUnusable

log = logging.getLogger(__name__)


class Backend(Protocol):
    """What :class:`Database` needs of a store: connections, transactions, errors."""

    dialect: str
    errors: tuple[type[Exception], ...]

    def describe(self) -> str: ...
    def check(self) -> int: ...
    def open_writer(self) -> None: ...
    def writer(self) -> Any: ...
    def keep(self) -> None: ...
    def refusal(self, error: Exception) -> Exception: ...
    def begin(self, conn: Any) -> None: ...
    def in_transaction(self, conn: Any) -> bool: ...
    def announce(self, conn: Any, newest_id: int) -> None: ...
    def job(self, name: str) -> contextlib.AbstractContextManager[bool]: ...
    def read(self, fn: Callable[[Any], Any]) -> Any: ...
    def close(self) -> None: ...


def is_postgres_url(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def sqlite_path(url: str | Path) -> Path:
    """The file of a plain path or a ``sqlite:///`` URL (SQLAlchemy's form: three slashes
    then a relative path, four for an absolute one)."""
    return Path(str(url).removeprefix("sqlite:///"))


POSTGRES_TOOLS = "pg_dump / pg_restore (the hub reduces old days itself)"


def require_sqlite(url: str | Path, what: str) -> Path:
    """The SQLite file of ``url``; :class:`StoreUnusable` naming PostgreSQL's own tool."""
    if is_postgres_url(str(url)):
        raise StoreUnusable(f"{what} works on a SQLite store; for PostgreSQL use {POSTGRES_TOOLS}")
    return sqlite_path(url)


def is_conflict(error: BaseException) -> bool:
    """Whether a unique or foreign-key constraint refused a write (either backend)."""
    import sqlite3

    if isinstance(error, sqlite3.IntegrityError):
        return True
    pg_errors = sys.modules.get("psycopg.errors")
    return pg_errors is not None and isinstance(error, pg_errors.IntegrityError)


def open_backend(url: str | Path, legacy_site: str = "site") -> Backend:
    """The backend a database URL names: ``postgresql://...``, else a SQLite file."""
    if is_postgres_url(str(url)):
        from kiosk.store.pg_store import PostgresBackend

        return PostgresBackend(str(url))
    from kiosk.store.sqlite_store import SqliteBackend

    return SqliteBackend(sqlite_path(url), legacy_site)


def open_reader(url: str | Path) -> Any:
    """A read connection for a command beside a running hub (reports); the store must be
    at this software's schema. Raises :class:`StoreUnusable` with a one-line reason."""
    if is_postgres_url(str(url)):
        import psycopg

        from kiosk.store import pg_store

        where = pg_store.masked(str(url))
        try:
            conn: Any = pg_store.PgConn(pg_store.connect(str(url)))
        except psycopg.Error as e:
            raise StoreUnusable(f"{where}: cannot connect ({pg_store.reason(e)})") from None
        version, known = pg_store.schema_version(conn), pg_store.LATEST
    else:
        from kiosk.store import sqlite_store

        path = sqlite_path(url)
        where = str(path)
        if not path.is_file():
            raise StoreUnusable(f"{path}: không có cơ sở dữ liệu / no database here")
        conn = sqlite_store.connect(path, read_only=True)
        version, known = sqlite_store.schema_version(conn), sqlite_store.LATEST
    if version != known:
        conn.close()
        if version > known:
            raise SchemaTooNew(where, version, known)
        raise StoreUnusable(f"{where}: schema {version} is older; start the hub once")
    return conn


@dataclass
class Tx:
    """What a write task gets: the connection, the task's time, and an event sink."""

    conn: Any
    now: float
    events: list[dict[str, Any]] = field(default_factory=list)

    def emit(self, site_id: str, type_: str, data: dict[str, Any]) -> None:
        """Record a site's event in the same transaction as the change it reports."""
        event_id = self.conn.execute(
            "INSERT INTO events (site_id, ts, type, data) VALUES (?, ?, ?, ?) RETURNING id",
            (site_id, self.now, type_, json.dumps(data, ensure_ascii=False)),
        ).fetchone()[0]
        self.events.append(
            {"id": event_id, "site_id": site_id, "ts": self.now, "type": type_, "data": data}
        )


def load_events_after(conn: Any, last_id: int, limit: int) -> list[dict[str, Any]]:
    """Up to ``limit`` committed events after ``last_id``, in id order."""
    rows = conn.execute(
        "SELECT id, site_id, ts, type, data FROM events WHERE id > ? ORDER BY id LIMIT ?",
        (last_id, limit),
    ).fetchall()
    return [
        {
            "id": r["id"],
            "site_id": r["site_id"],
            "ts": r["ts"],
            "type": r["type"],
            "data": json.loads(r["data"]),
        }
        for r in rows
    ]


WriteFn = Callable[[Tx], Any]
_BATCH = 64
IDLE_CHECK_S = 1.0  # an idle writer checks its store this often (a lost lock, a dropped link)


class Database:
    """The store's connections: one writer thread, the backend's readers."""

    def __init__(
        self,
        backend: Backend,
        clock: Clock,
        on_commit: Callable[[list[dict[str, Any]]], None] | None = None,
    ) -> None:
        self.backend = backend
        self.clock = clock
        self.on_commit = on_commit
        backend.open_writer()  # migrates the schema, or raises
        self._last_ts = backend.read(
            lambda c: c.execute("SELECT COALESCE(MAX(ts), 0) FROM events").fetchone()[0]
        )
        self._queue: queue.Queue[tuple[WriteFn, Future] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="db-writer", daemon=True)
        self._thread.start()

    def write(self, fn: WriteFn) -> Future:
        """Queue ``fn(tx)`` for the writer; the future resolves after the durable commit."""
        future: Future = Future()
        self._queue.put((fn, future))
        return future

    def read(self, fn: Callable[[Any], Any]) -> Any:
        """Run ``fn(conn)`` on a read connection."""
        return self.backend.read(fn)

    def scrub(self) -> bool:
        """Leave no copy of deleted rows beside the store: SQLite (which zeroes deleted
        rows in place, ``secure_delete``) checkpoints its WAL and empties it, since old
        frames there still hold them. False when readers kept it busy (try again later).
        PostgreSQL's dead rows are its autovacuum's."""
        if self.backend.dialect != "sqlite":
            return True
        busy = self.read(lambda c: c.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0])
        return not busy

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10)
        self.backend.close()  # the writer connection and the readers

    def _run(self) -> None:
        while True:
            try:
                item = self._queue.get(timeout=IDLE_CHECK_S)
            except queue.Empty:
                self.backend.keep()
                continue
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
            self._run_batch(batch)

    def _begin(self) -> Any:
        """The writer connection in a new transaction; a connection the server dropped
        since the last batch is replaced once, so a restart costs no request."""
        conn = self.backend.writer()
        try:
            self.backend.begin(conn)
        except self.backend.errors:
            conn = self.backend.writer()
            self.backend.begin(conn)
        return conn

    def _run_batch(self, batch: list[tuple[WriteFn, Future]]) -> None:
        outcomes: list[tuple[Future, bool, Any]] = []
        events: list[dict[str, Any]] = []
        conn = None
        try:
            conn = self._begin()
            for fn, future in batch:
                if not future.set_running_or_notify_cancel():
                    continue
                tx = Tx(conn, self._now())
                conn.execute("SAVEPOINT task")
                try:
                    result = fn(tx)
                except BaseException as exc:  # the task's own failure: undo just this task
                    conn.execute("ROLLBACK TO SAVEPOINT task")
                    conn.execute("RELEASE SAVEPOINT task")
                    outcomes.append((future, False, exc))
                    continue
                conn.execute("RELEASE SAVEPOINT task")
                events.extend(tx.events)
                outcomes.append((future, True, result))
            if events:
                self.backend.announce(conn, max(e["id"] for e in events))
            conn.execute("COMMIT")
        except self.backend.errors as error:
            failure = self.backend.refusal(error)
            if not isinstance(failure, StoreRefused):  # a refusal is logged once by the backend
                log.error("write batch of %d failed, rolled back: %s", len(batch), failure)
            self._rollback(conn)
            for _, future in batch:
                if not future.done():
                    future.set_exception(failure)
            return
        if events:  # before the answers: an answered write's event is on its way out
            self._last_ts = max(self._last_ts, *(e["ts"] for e in events))
            if self.on_commit:
                self.on_commit(events)
        for future, ok, value in outcomes:
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)

    def observe(self, events: list[dict[str, Any]]) -> None:
        """Events another hub process committed: this writer's time never goes below
        theirs either (see :meth:`_now`)."""
        if events:
            self._last_ts = max(self._last_ts, *(e["ts"] for e in events))

    def job(self, name: str) -> contextlib.AbstractContextManager[bool]:
        """Whether this process may run a pass of background job ``name`` ("retention",
        "notify") now: no other hub process of the store runs one."""
        return self.backend.job(name)

    def _now(self) -> float:
        """The task's time: the clock's, but never before the last change recorded, so a
        clock stepped back (NTP, a BIOS battery) cannot let new tickets overtake waiting
        ones (lanes are ordered by time), make waits negative or reopen yesterday."""
        return max(self.clock.now(), self._last_ts + 1e-6)

    def _rollback(self, conn: Any) -> None:
        if conn is None:
            return
        try:
            if self.backend.in_transaction(conn):
                conn.execute("ROLLBACK")
        except self.backend.errors as e:  # the connection is gone: nothing to undo
            log.warning("rollback failed: %s", e)
