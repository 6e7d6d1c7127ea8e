"""Every hub process's events, in id order, for the displays of this one (PostgreSQL).

Several hub processes may serve one database, and a display connected to one of them
must see the calls any of them took. Each process runs one :class:`EventFeed`: a thread
with a connection of its own that LISTENs on :data:`~kiosk.store.pg_store.EVENTS_CHANNEL`
(every write batch with events NOTIFYs it at commit) and then reads the events table
after the last id it passed on, in id order, handing each run to ``publish``. Event ids
follow commit order (the write lock, kiosk/store/pg_store.py), so reading "after the
last id" never steps over an event that commits later. A notification missed while the
connection was away costs nothing: the feed reads the table after every (re)connect, and
every :data:`POLL_S` seconds as a backstop.

The process's own commits are passed on by :meth:`EventFeed.offer` before the writer
answers, without waiting for their notification: so once a write is answered, every
stream of the process that took it has its event on the way.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import psycopg

from kiosk.store.db import load_events_after
from kiosk.store.pg_store import EVENTS_CHANNEL, PgConn, connect, reason

log = logging.getLogger(__name__)
POLL_S = 5.0  # the table is read at least this often, notification or not
WAKE_S = 0.5  # the listening thread looks at close() this often
RETRY_S = 0.5  # wait before connecting again after the listening connection was lost
BATCH = 1000
APPLICATION = "kiosk event feed"  # the listening session's name in pg_stat_activity

Events = list[dict[str, Any]]


def _after(last_id: int, conn: Any) -> Events:
    return load_events_after(conn, last_id, BATCH)


class EventFeed:
    """Passes every committed event of the database to ``publish`` once, in id order."""

    def __init__(
        self,
        url: str,
        last_id: int,
        read: Callable[[Callable[[Any], Events]], Events],
        publish: Callable[[Events], None],
    ) -> None:
        self.url = url
        self.last_id = last_id  # every event up to this id has been passed on
        self._read = read
        self._publish = publish
        self._lock = threading.Lock()  # one reader of the table at a time, ids in order
        self._stop = threading.Event()
        self._listening = threading.Event()
        self._thread = threading.Thread(target=self._run, name="event-feed", daemon=True)

    def start(self, timeout: float = 5.0) -> None:
        """Start listening; returns once the feed listens (or after ``timeout``)."""
        self._thread.start()
        self._listening.wait(timeout)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=WAKE_S + 5)

    def offer(self, events: Events) -> None:
        """This process's commit (writer thread, before it answers): passed on now, with
        whatever other processes committed before it. Its ids follow the last one passed
        on, usually; else (another process's events between, an id a rollback used) the
        table is read up to them: every id below them has settled by now, since they were
        given under the write lock. A read that fails is left to the notification."""
        with self._lock:
            ids = [e["id"] for e in events]
            if ids == list(range(self.last_id + 1, self.last_id + 1 + len(ids))):
                self._pass(events)
            elif ids[-1] > self.last_id:
                self._pull_quietly()

    def catch_up(self) -> None:
        """Read the table now (a stream resuming from an id this process has not passed
        on yet, written through another process a moment ago); a read that fails leaves
        the stream to follow from what this process has."""
        with self._lock:
            self._pull_quietly()

    def _pull_quietly(self) -> None:
        try:
            self._pull()
        except psycopg.Error as e:  # the listener reads again once the store answers
            log.warning("event feed could not read the events table now: %s", reason(e))

    def _pass(self, events: Events) -> None:
        self._publish(events)
        self.last_id = events[-1]["id"]

    def _pull(self, read: Callable[[Callable[[Any], Events]], Events] | None = None) -> None:
        """Pass on every event after the last id, from the read connections (or ``read``)."""
        read = read or self._read
        while True:
            events = read(partial(_after, self.last_id))
            if events:
                self._pass(events)
            if len(events) < BATCH:
                return

    def _run(self) -> None:
        lost = False
        while not self._stop.is_set():
            try:
                with connect(self.url) as conn:
                    conn.execute(f"SET application_name = '{APPLICATION}'")
                    conn.execute(f"LISTEN {EVENTS_CHANNEL}")
                    self._listening.set()
                    if lost:
                        log.info("event feed listening again")
                        lost = False
                    self._follow(conn)
            except psycopg.Error as e:
                if not lost:
                    log.warning("event feed lost its connection (%s); reconnecting", reason(e))
                    lost = True
                self._stop.wait(RETRY_S)

    def _follow(self, conn: psycopg.Connection[Any]) -> None:
        """Read the table now, then after each notification of an id not yet passed
        on, and every :data:`POLL_S` seconds, until :meth:`close`. The reads are made on
        the listening connection (between waits), so they need no read connection."""

        def read(fn: Callable[[Any], Events]) -> Events:
            return fn(PgConn(conn))

        with self._lock:  # what was committed while nobody listened
            self._pull(read)
        pulled = time.monotonic()
        while not self._stop.is_set():
            newest = None
            for note in conn.notifies(timeout=WAKE_S, stop_after=1):
                newest = int(note.payload) if note.payload.isdigit() else 0
            if (newest or 0) > self.last_id or time.monotonic() - pulled >= POLL_S:
                with self._lock:
                    self._pull(read)
                pulled = time.monotonic()
