"""The SQLite store: one file in WAL mode, migrations by ``PRAGMA user_version``.

The default store of a lobby. The writer connection runs ``synchronous=FULL``, so a
committed write survives power loss; readers open one connection per thread.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from kiosk.store.errors import SchemaTooNew, StoreRefused
from kiosk.store.storefile import (
    CORRUPT,
    READ_ONLY,
    StoreLock,
    check_database,
    check_writable,
    read_only_fs,
)

log = logging.getLogger(__name__)
LOG_EVERY_S = 60.0  # a refusal that lasts is logged once a minute, not once a request
_READONLY, _IOERR, _CORRUPT, _NOTADB = 8, 10, 11, 26  # SQLite's primary result codes

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
    # 4: a site id on every record, so that one hub serves several sites; the keys of
    # tickets, ratings and daily_stats include it (rebuilt: SQLite cannot alter constraints)
    """
    CREATE TABLE tickets_new (
        id INTEGER PRIMARY KEY,
        site_id TEXT NOT NULL,
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
        UNIQUE (site_id, day, origin_service_id, seq)
    );
    INSERT INTO tickets_new
        SELECT id, '{legacy_site}', day, origin_service_id, service_id, seq, number, priority,
               priority_reason, status, front, lane_at, issued_at, issued_by, called_at,
               counter_id, recalls, finished_at, skipped_at, transferred_at, transfers
        FROM tickets;
    DROP TABLE tickets;
    ALTER TABLE tickets_new RENAME TO tickets;
    CREATE INDEX tickets_lane ON tickets (site_id, status, service_id, priority, front, lane_at);
    CREATE INDEX tickets_counter ON tickets (site_id, counter_id, status);
    CREATE INDEX tickets_day ON tickets (day);
    CREATE INDEX tickets_service_finished ON tickets (site_id, service_id, status, finished_at);
    CREATE INDEX tickets_counter_called ON tickets (site_id, counter_id, called_at);
    ALTER TABLE events ADD COLUMN site_id TEXT NOT NULL DEFAULT '{legacy_site}';
    CREATE INDEX events_site ON events (site_id, id);
    CREATE TABLE ratings_new (
        id INTEGER PRIMARY KEY,
        site_id TEXT NOT NULL,
        client_id TEXT NOT NULL UNIQUE,
        ticket_id INTEGER UNIQUE REFERENCES tickets (id),
        dossier_code TEXT,
        counter_id INTEGER NOT NULL,
        service_id TEXT,
        level INTEGER NOT NULL,
        scale INTEGER NOT NULL,
        reasons TEXT NOT NULL DEFAULT '[]',
        device_id TEXT NOT NULL,
        created_at REAL NOT NULL,
        day TEXT NOT NULL,
        UNIQUE (site_id, dossier_code),
        CHECK (ticket_id IS NOT NULL OR dossier_code IS NOT NULL)
    );
    INSERT INTO ratings_new
        SELECT id, '{legacy_site}', client_id, ticket_id, dossier_code, counter_id, service_id,
               level, scale, reasons, device_id, created_at, day
        FROM ratings;
    DROP TABLE ratings;
    ALTER TABLE ratings_new RENAME TO ratings;
    CREATE INDEX ratings_site_day ON ratings (site_id, day);
    ALTER TABLE device_alerts ADD COLUMN site_id TEXT NOT NULL DEFAULT '{legacy_site}';
    CREATE TABLE daily_stats_new (
        site_id TEXT NOT NULL,
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
        PRIMARY KEY (site_id, day, service_id, counter_id)
    );
    INSERT INTO daily_stats_new SELECT '{legacy_site}', * FROM daily_stats;
    DROP TABLE daily_stats;
    ALTER TABLE daily_stats_new RENAME TO daily_stats;
    """,
    # 5: officers (who served each ticket and was rated), the counters' sign-in and pause,
    # and daily aggregates per officer (daily_stats rebuilt for its key)
    """
    ALTER TABLE tickets ADD COLUMN officer_id TEXT;
    ALTER TABLE ratings ADD COLUMN officer_id TEXT;
    CREATE TABLE counter_sessions (
        site_id TEXT NOT NULL,
        counter_id INTEGER NOT NULL,
        officer_id TEXT,
        signed_in_at REAL,
        paused_at REAL,
        PRIMARY KEY (site_id, counter_id)
    );
    CREATE TABLE daily_stats_new (
        site_id TEXT NOT NULL,
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
        officer_id TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (site_id, day, service_id, counter_id, officer_id)
    );
    INSERT INTO daily_stats_new SELECT *, '' FROM daily_stats;
    DROP TABLE daily_stats;
    ALTER TABLE daily_stats_new RENAME TO daily_stats;
    """,
    # 6: tickets whose printing failed; the state in force per device and peripheral
    # (device_alerts stays the history of reports)
    """
    ALTER TABLE tickets ADD COLUMN print_failed INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE device_faults (
        site_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        since REAL NOT NULL,
        alert_id INTEGER NOT NULL,
        PRIMARY KEY (site_id, device_id, kind)
    );
    CREATE INDEX device_alerts_latest ON device_alerts (site_id, device_id, kind, id);
    """,
    # 7: idempotency keys per device: a rating's client_id is unique per sending device
    # (ratings rebuilt for the key), a ticket may carry its kiosk's Idempotency-Key
    """
    CREATE TABLE ratings_new (
        id INTEGER PRIMARY KEY,
        site_id TEXT NOT NULL,
        client_id TEXT NOT NULL,
        ticket_id INTEGER UNIQUE REFERENCES tickets (id),
        dossier_code TEXT,
        counter_id INTEGER NOT NULL,
        service_id TEXT,
        level INTEGER NOT NULL,
        scale INTEGER NOT NULL,
        reasons TEXT NOT NULL DEFAULT '[]',
        device_id TEXT NOT NULL,
        created_at REAL NOT NULL,
        day TEXT NOT NULL,
        officer_id TEXT,
        UNIQUE (site_id, device_id, client_id),
        UNIQUE (site_id, dossier_code),
        CHECK (ticket_id IS NOT NULL OR dossier_code IS NOT NULL)
    );
    INSERT INTO ratings_new (id, site_id, client_id, ticket_id, dossier_code, counter_id,
                             service_id, level, scale, reasons, device_id, created_at, day,
                             officer_id)
        SELECT id, site_id, client_id, ticket_id, dossier_code, counter_id, service_id, level,
               scale, reasons, device_id, created_at, day, officer_id
        FROM ratings;
    DROP TABLE ratings;
    ALTER TABLE ratings_new RENAME TO ratings;
    CREATE INDEX ratings_site_day ON ratings (site_id, day);
    ALTER TABLE tickets ADD COLUMN idem_key TEXT;
    CREATE UNIQUE INDEX tickets_idem ON tickets (site_id, issued_by, idem_key);
    """,
    # the phone page: a ticket's unguessable link token, and whether its citizen delayed
    # their turn ("Hoãn lượt", once per ticket)
    """
    ALTER TABLE tickets ADD COLUMN page_token TEXT;
    ALTER TABLE tickets ADD COLUMN postponed INTEGER NOT NULL DEFAULT 0;
    CREATE UNIQUE INDEX tickets_page_token ON tickets (page_token);
    """,
    # the keyed hash of the ID card (CCCD) scanned for a ticket, never the number itself
    """
    ALTER TABLE tickets ADD COLUMN citizen_key TEXT;
    CREATE INDEX tickets_citizen ON tickets (site_id, citizen_key);
    """,
    # messages to citizens who left a phone number: the number apart from the ticket
    # (deleted when the ticket ends), and the durable outbox of messages (no number in it)
    """
    CREATE TABLE notify_phones (
        ticket_id BIGINT NOT NULL PRIMARY KEY REFERENCES tickets (id),
        site_id TEXT NOT NULL,
        phone TEXT NOT NULL,
        created_at REAL NOT NULL
    );
    CREATE TABLE notify_outbox (
        id INTEGER PRIMARY KEY,
        site_id TEXT NOT NULL,
        ticket_id INTEGER NOT NULL,
        kind TEXT NOT NULL,
        tracking_id TEXT NOT NULL UNIQUE,
        body TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'dropped', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at REAL NOT NULL,
        created_at REAL NOT NULL,
        done_at REAL,
        last_error TEXT,
        provider_id TEXT,
        UNIQUE (ticket_id, kind)
    );
    CREATE INDEX notify_outbox_due ON notify_outbox (status, next_at);
    """,
    # appointments booked ahead (đặt lịch hẹn); a ticket of a checked-in appointment is
    # in the appointment lane (booked = 1)
    """
    CREATE TABLE appointments (
        id INTEGER PRIMARY KEY,
        site_id TEXT NOT NULL,
        code TEXT NOT NULL UNIQUE,
        service_id TEXT NOT NULL,
        day TEXT NOT NULL,
        slot TEXT NOT NULL,
        slot_at REAL NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('booked', 'checked_in', 'cancelled')),
        booked_at REAL NOT NULL,
        checked_in_at REAL,
        cancelled_at REAL,
        ticket_id INTEGER
    );
    CREATE INDEX appointments_slot ON appointments (site_id, service_id, day, slot);
    ALTER TABLE tickets ADD COLUMN booked INTEGER NOT NULL DEFAULT 0;
    """,
    # blocks of numbers leased to ticket kiosks for issuing while the hub is unreachable:
    # the hub's own numbering skips them; returned_from: the kiosk gave back the rest
    """
    CREATE TABLE ticket_leases (
        id INTEGER PRIMARY KEY,
        site_id TEXT NOT NULL,
        day TEXT NOT NULL,
        service_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        first_seq INTEGER NOT NULL,
        last_seq INTEGER NOT NULL,
        leased_at REAL NOT NULL,
        returned_from INTEGER,
        UNIQUE (site_id, day, service_id, first_seq)
    );
    CREATE INDEX ticket_leases_device ON ticket_leases (site_id, device_id, day);
    """,
    # federation (kiosk/queue/federation_out.py, federation_in.py): an office's cursor of
    # what the province acknowledged; on the province, each forwarded record's id at its
    # office, and per site the last event applied and how far its data reaches
    """
    CREATE TABLE federation_cursor (
        site_id TEXT NOT NULL,
        upstream TEXT NOT NULL,
        last_event_id INTEGER NOT NULL,
        acked_at REAL NOT NULL,
        PRIMARY KEY (site_id, upstream)
    );
    CREATE TABLE federation_sites (
        site_id TEXT NOT NULL PRIMARY KEY,
        last_event_id INTEGER NOT NULL,
        last_event_at REAL,
        data_until REAL,
        applied_at REAL NOT NULL,
        events INTEGER NOT NULL DEFAULT 0
    );
    ALTER TABLE tickets ADD COLUMN origin_id INTEGER;
    CREATE UNIQUE INDEX tickets_origin ON tickets (site_id, origin_id);
    ALTER TABLE ratings ADD COLUMN origin_id INTEGER;
    CREATE UNIQUE INDEX ratings_origin ON ratings (site_id, origin_id);
    ALTER TABLE device_alerts ADD COLUMN origin_id INTEGER;
    CREATE UNIQUE INDEX device_alerts_origin ON device_alerts (site_id, origin_id);
    """,
)
LATEST = len(MIGRATIONS)  # the schema version, the same number on PostgreSQL (pg_store.LATEST)


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        target, uri = f"file:{path}?mode=ro", True
    else:
        target, uri = str(path), False
    conn = sqlite3.connect(
        target,
        isolation_level=None,
        check_same_thread=False,
        timeout=10,
        uri=uri,
    )
    conn.row_factory = sqlite3.Row
    if not read_only:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA secure_delete=ON")  # retention zeroes the rows it deletes
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=10000")
    return conn


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, legacy_site: str = "site") -> int:
    """Bring the schema to the latest version; refuse a database from a newer hub.

    ``legacy_site`` is the site id given to the rows of a store from before schema 4.
    Foreign keys are off while a migration rebuilds a table, and checked before commit.
    """
    version = schema_version(conn)
    if version > len(MIGRATIONS):
        raise SchemaTooNew("SQLite store", version, len(MIGRATIONS))
    conn.execute("PRAGMA foreign_keys=OFF")
    try:
        for number in range(version + 1, len(MIGRATIONS) + 1):
            script = MIGRATIONS[number - 1].replace("{legacy_site}", legacy_site)
            conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in script.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
                    raise RuntimeError(f"schema {number}: foreign keys broken by the migration")
                conn.execute(f"PRAGMA user_version = {number}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            log.info("database migrated to schema version %d", number)
    finally:
        conn.execute("PRAGMA foreign_keys=ON")
    return len(MIGRATIONS)


class SqliteBackend:
    """The store in one SQLite file: a writer connection and a read connection per thread.

    The hub holds the file's :class:`~kiosk.store.storefile.StoreLock` while it is open.
    """

    dialect = "sqlite"
    errors: tuple[type[Exception], ...] = (sqlite3.Error, StoreRefused)

    def __init__(self, path: Path, legacy_site: str = "site") -> None:
        self.path = path
        self.legacy_site = legacy_site
        self._writer: sqlite3.Connection | None = None
        self._file_lock: StoreLock | None = None
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._reopen = False  # the writer saw a read-only or corrupt file: open it afresh
        self._logged: tuple[str, float] | None = None  # the last refusal logged, and when

    def describe(self) -> str:
        return str(self.path)

    def check(self) -> int:
        """The schema version; :class:`StoreUnusable` for a corrupt, empty, newer, busy or
        unwritable file."""
        version = check_database(self.path, len(MIGRATIONS))
        check_writable(self.path)
        StoreLock(self.path).probe()
        return version

    def open_writer(self) -> None:
        self._file_lock = StoreLock(self.path).acquire()
        self._writer = connect(self.path)
        migrate(self._writer, self.legacy_site)

    def writer(self) -> sqlite3.Connection:
        """The writer connection; opened afresh after a refusal, so a disk that is
        writable again is used again without a restart."""
        assert self._writer is not None, "open_writer() first"
        if self._reopen:
            self._writer.close()
            self._writer = connect(self.path)
            self._reopen = False
        return self._writer

    def keep(self) -> None:
        """Nothing to watch while idle: the file lock lasts as long as the process."""

    def refusal(self, error: Exception) -> Exception:
        """A read-only disk or a corrupt file as :class:`StoreRefused` with its reason."""
        if not isinstance(error, sqlite3.Error):
            return error  # already a refusal
        code = getattr(error, "sqlite_errorcode", 0) & 0xFF
        if code == _READONLY or (code == _IOERR and read_only_fs(self.path)):
            why = READ_ONLY
        elif code in (_CORRUPT, _NOTADB):
            why = CORRUPT
        else:
            return error
        now = time.monotonic()
        if self._logged is None or self._logged[0] != why or now - self._logged[1] > LOG_EVERY_S:
            log.error("%s: %s (%s)", self.path, why, error)
            self._logged = (why, now)
        self._reopen = True
        return StoreRefused(why)

    @staticmethod
    def begin(conn: Any) -> None:
        conn.execute("BEGIN IMMEDIATE")

    @staticmethod
    def in_transaction(conn: Any) -> bool:
        return conn.in_transaction

    @staticmethod
    def announce(conn: Any, newest_id: int) -> None:
        """Nobody else to tell: the file lock keeps one hub process per store."""

    @contextlib.contextmanager
    def job(self, name: str) -> Iterator[bool]:
        """A maintenance pass may always run: this process is the store's only hub."""
        yield True

    def read(self, fn: Callable[[Any], Any]) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path)
            self._local.conn = conn
            with self._lock:
                self._readers.append(conn)
        return fn(conn)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        with self._lock:
            for conn in self._readers:
                conn.close()
            self._readers.clear()
        if self._file_lock is not None:
            self._file_lock.release()
            self._file_lock = None
