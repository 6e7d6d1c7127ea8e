"""The event feed of hub processes sharing one PostgreSQL database: each store writer
here stands for one process (its own connections, its own feed), on a real server.

Every feed passes on every committed event of the database once, in id order, whichever
writer committed it; a writer's own events are passed on before its write is answered;
another's arrive by NOTIFY (the backstop poll is pushed out of the test's reach); a
feed whose listening connection is cut reads what it missed when it is back.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import psycopg
import pytest

from kiosk.clock import Clock
from kiosk.store import pg_feed
from kiosk.store.db import Database, Tx
from kiosk.store.pg_feed import EventFeed
from kiosk.store.pg_store import PostgresBackend
from tests.helpers import wait_for
from tests.pgserver import PgServer


class Process:
    """One hub process's store: the writer, and the feed with what it passed on."""

    def __init__(self, url: str) -> None:
        self.db = Database(PostgresBackend(url), Clock(ZoneInfo("Asia/Ho_Chi_Minh")))
        self.passed: list[int] = []
        last = self.db.read(
            lambda c: c.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]
        )
        self.feed = EventFeed(
            url, last, self.db.read, lambda events: self.passed.extend(e["id"] for e in events)
        )
        self.db.on_commit = self.feed.offer
        self.feed.start()

    def emit(self, n: int) -> int:
        """Write one event; its id, once the write is answered."""

        def task(tx: Tx) -> int:
            tx.emit("site", "ticket.issued", {"n": n})
            return tx.events[-1]["id"]

        return self.db.write(task).result(10)

    def close(self) -> None:
        self.feed.close()
        self.db.close()


@pytest.fixture
def processes(pg_server: PgServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Process]]:
    monkeypatch.setattr(pg_feed, "POLL_S", 600.0)  # only a notification can bring news
    url = pg_server.create_database()
    made = [Process(url), Process(url)]
    yield made
    for p in made:
        p.close()
    pg_server.drop_database(url)


def stored(p: Process) -> list[int]:
    return [
        r[0] for r in p.db.read(lambda c: c.execute("SELECT id FROM events ORDER BY id").fetchall())
    ]


def test_every_feed_passes_every_writers_events_once_in_order(processes: list[Process]) -> None:
    a, b = processes
    own = a.emit(0)
    assert a.passed == [own]  # before the write was answered
    wait_for(lambda: b.passed == [own], 5, "the other process's feed to hear of it")
    answered: list[int] = []

    def write(p: Process, base: int) -> None:
        answered.extend(p.emit(base + i) for i in range(100))

    threads = [threading.Thread(target=write, args=(p, k * 1000)) for k, p in enumerate(processes)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(answered) == 200
    ids = stored(a)
    for p in processes:
        wait_for(lambda p=p: len(p.passed) >= len(ids), 10, "a feed to pass on everything")
        assert p.passed == ids


def test_a_feed_whose_connection_was_cut_reads_what_it_missed(processes: list[Process]) -> None:
    a, b = processes
    with psycopg.connect(a.feed.url, autocommit=True) as admin:
        cut = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND application_name = %s",
            (pg_feed.APPLICATION,),
        ).fetchall()
        assert len(cut) == 2  # both feeds' listening connections
        for i in range(20):  # written while the feeds may not listen
            a.emit(i)
    ids = stored(a)
    for p in processes:
        wait_for(lambda p=p: len(p.passed) >= len(ids), 10, "a feed to catch up")
        assert p.passed == ids
    news = b.emit(99)  # a listens again: the notification brings it
    wait_for(lambda: a.passed[-1:] == [news], 5, "the reconnected feed to hear of it")
