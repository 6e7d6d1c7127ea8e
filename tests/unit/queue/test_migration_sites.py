"""Schema 4 on a store of schema 3: every row keeps its values and gets the legacy site id;
the keys then include the site, the foreign keys still hold."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.store.sqlite_store import MIGRATIONS, connect, migrate, schema_version

TICKET_COLS = (
    "id, day, origin_service_id, service_id, seq, number, priority, priority_reason, status,"
    " front, lane_at, issued_at, issued_by, called_at, counter_id, recalls, finished_at,"
    " skipped_at, transferred_at, transfers"
)
TICKETS = [
    (1, "2026-11-20", "a", "a", 1, "A001", 0, None, "finished", 0, 10.0, 10.0, "kiosk-1",
     70.0, 1, 1, 130.0, None, None, 0),
    (2, "2026-11-20", "a", "b", 2, "A002", 1, "elderly", "finished", 1, 80.0, 20.0, "kiosk-1",
     90.0, 2, 0, 200.0, None, 80.0, 1),
    (3, "2026-11-20", "b", "b", 1, "B001", 0, None, "skipped", 0, 30.0, 30.0, None,
     95.0, 2, 2, None, 120.0, None, 0),
    (7, "2026-11-21", "a", "a", 1, "A001", 0, None, "waiting", 0, 500.0, 500.0, "kiosk-2",
     None, None, 0, None, None, None, 0),
]  # fmt: skip
RATING_COLS = (
    "id, client_id, ticket_id, dossier_code, counter_id, service_id, level, scale, reasons,"
    " device_id, created_at, day"
)
RATINGS = [
    (1, "client-0001", 1, None, 1, "a", 3, 3, "[]", "rating-1", 140.0, "2026-11-20"),
    (2, "client-0002", None, "H15.50.05.13-261120-0001", 2, None, 1, 3, '["attitude"]',
     "rating-2", 150.0, "2026-11-20"),
    (3, "client-0003", 2, "H15.50.05.13-261120-0002", 2, "b", 2, 3, "[]", "rating-2", 210.0,
     "2026-11-20"),
]  # fmt: skip
EVENTS = [
    (1, 10.0, "ticket.issued", '{"ticket_id": 1}'),
    (2, 70.0, "ticket.called", '{"ticket_id": 1}'),
    (5, 140.0, "rating.created", '{"rating_id": 1}'),
]
ALERTS = [
    (1, "kiosk-1", "printer", "paper_out", "Hết giấy", 60.0),
    (4, "display-1", "app", "restarted", "Khởi động lại", 61.5),
]
STATS_COLS = (
    "day, service_id, counter_id, issued, served, skipped, waiting, in_service, priority,"
    " wait_hist, service_hist, hour_hist, level_hist, reason_hist"
)
STATS = [
    ("2026-08-01", "a", 1, 12, 10, 1, 0, 0, 2, '{"60": 3}', '{"300": 10}', '{"8": 12}',
     '{"3": 4}', "{}"),
    ("2026-08-01", "a", 0, 1, 0, 0, 1, 0, 0, "{}", "{}", '{"9": 1}', "{}", "{}"),
    ("2026-08-01", "", 0, 0, 0, 0, 0, 0, 0, "{}", "{}", "{}", '{"1": 1}', '{"other": 1}'),
]  # fmt: skip


def placeholders(row: tuple) -> str:
    return ", ".join("?" * len(row))


def store_at_schema_3(path: Path) -> sqlite3.Connection:
    """A store as a hub of schema 3 left it, with rows in every table."""
    conn = connect(path)
    for script in MIGRATIONS[:3]:
        conn.executescript(script)
    conn.execute("PRAGMA user_version = 3")
    conn.executemany(
        f"INSERT INTO tickets ({TICKET_COLS}) VALUES ({placeholders(TICKETS[0])})", TICKETS
    )
    conn.executemany(
        f"INSERT INTO ratings ({RATING_COLS}) VALUES ({placeholders(RATINGS[0])})", RATINGS
    )
    conn.executemany("INSERT INTO events (id, ts, type, data) VALUES (?, ?, ?, ?)", EVENTS)
    conn.executemany(
        "INSERT INTO device_alerts (id, device_id, kind, status, message, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        ALERTS,
    )
    conn.executemany(
        f"INSERT INTO daily_stats ({STATS_COLS}) VALUES ({placeholders(STATS[0])})", STATS
    )
    assert schema_version(conn) == 3
    return conn


@pytest.fixture
def migrated(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    conn = store_at_schema_3(tmp_path / "hub.sqlite3")
    assert migrate(conn, legacy_site="xa-cu") == len(MIGRATIONS)
    yield conn
    conn.close()


def rows(conn: sqlite3.Connection, sql: str) -> list[tuple]:
    return [tuple(r) for r in conn.execute(sql).fetchall()]


def test_every_row_keeps_its_values_and_gets_the_legacy_site(migrated):
    conn = migrated
    assert schema_version(conn) == len(MIGRATIONS)
    assert rows(conn, f"SELECT {TICKET_COLS} FROM tickets ORDER BY id") == TICKETS
    assert rows(conn, f"SELECT {RATING_COLS} FROM ratings ORDER BY id") == RATINGS
    assert rows(conn, "SELECT id, ts, type, data FROM events ORDER BY id") == EVENTS
    assert (
        rows(conn, "SELECT id, device_id, kind, status, message, created_at FROM device_alerts")
        == ALERTS
    )
    assert (
        rows(
            conn, f"SELECT {STATS_COLS} FROM daily_stats ORDER BY counter_id DESC, service_id DESC"
        )
        == STATS
    )
    for table in ("tickets", "ratings", "events", "device_alerts", "daily_stats"):
        assert rows(conn, f"SELECT DISTINCT site_id FROM {table}") == [("xa-cu",)], table
    # the AUTOINCREMENT of events goes on from where it was
    conn.execute("INSERT INTO events (ts, type, data, site_id) VALUES (1, 't', '{}', 'x')")
    assert conn.execute("SELECT max(id) FROM events").fetchone()[0] == 6


def test_keys_include_the_site(migrated):
    conn = migrated
    ticket = ("2026-11-20", "a", "a", 1, "A001", "waiting", 1.0, 1.0)
    insert = (
        "INSERT INTO tickets (site_id, day, origin_service_id, service_id, seq, number, status,"
        " lane_at, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    conn.execute(insert, ("xa-moi", *ticket))  # the same number in another site
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(insert, ("xa-cu", *ticket))  # but never twice in one site

    dossier = "H15.50.05.13-261120-0001"
    rating = "INSERT INTO ratings (site_id, client_id, dossier_code, counter_id, level, scale,"
    rating += " device_id, created_at, day) VALUES (?, ?, ?, 1, 2, 3, 'r', 1, '2026-11-20')"
    conn.execute(rating, ("xa-moi", "client-0100", dossier))  # rated once per site
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(rating, ("xa-cu", "client-0101", dossier))
    with pytest.raises(sqlite3.IntegrityError):  # client ids stay unique per device (schema 7)
        conn.execute(rating, ("xa-moi", "client-0100", "H15.50.05.13-261120-0009"))
    conn.execute(rating, ("xa-khac", "client-0100", "H15.50.05.13-261120-0009"))

    stats = f"INSERT INTO daily_stats (site_id, {STATS_COLS}) VALUES (?, {placeholders(STATS[0])})"
    conn.execute(stats, ("xa-moi", *STATS[0]))
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(stats, ("xa-cu", *STATS[0]))


def test_foreign_keys_still_hold(migrated):
    conn = migrated
    assert rows(conn, "PRAGMA foreign_key_check") == []
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    fks = rows(conn, "PRAGMA foreign_key_list(ratings)")
    assert [(fk[2], fk[3], fk[4]) for fk in fks] == [("tickets", "ticket_id", "id")]
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO ratings (site_id, client_id, ticket_id, counter_id, level, scale,"
            " device_id, created_at, day) VALUES ('xa-cu', 'client-0200', 99, 1, 3, 3, 'r', 1,"
            " '2026-11-20')"
        )
    with pytest.raises(sqlite3.IntegrityError):  # a rated ticket cannot go
        conn.execute("DELETE FROM tickets WHERE id = 1")
    assert rows(conn, "PRAGMA integrity_check") == [("ok",)]


def test_migrating_again_changes_nothing(tmp_path):
    path = tmp_path / "hub.sqlite3"
    store_at_schema_3(path).close()
    conn = connect(path)
    migrate(conn, legacy_site="xa-cu")
    before = rows(conn, "SELECT * FROM tickets ORDER BY id")
    assert migrate(conn, legacy_site="other") == len(MIGRATIONS)
    assert rows(conn, "SELECT * FROM tickets ORDER BY id") == before
    conn.close()


def test_a_fresh_store_has_the_site_keys(tmp_path):
    conn = connect(tmp_path / "hub.sqlite3")
    migrate(conn, legacy_site="tinh")
    assert schema_version(conn) == len(MIGRATIONS)
    for table in ("tickets", "ratings", "events", "device_alerts", "daily_stats"):
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        assert "site_id" in columns, table
    conn.close()


def test_schema_5_keys_the_aggregates_by_officer(migrated):
    conn = migrated
    assert rows(conn, "SELECT DISTINCT officer_id FROM daily_stats") == [("",)]
    key = [r[1] for r in sorted(conn.execute("PRAGMA table_info(daily_stats)"), key=lambda r: r[5])
           if r[5]]  # fmt: skip
    assert key == ["site_id", "day", "service_id", "counter_id", "officer_id"]
    for table in ("tickets", "ratings"):
        assert "officer_id" in [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
    assert rows(conn, "SELECT * FROM counter_sessions") == []
