"""Choosing the store from its URL, and the PostgreSQL side's reading of the shared SQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.store.db import is_postgres_url, open_backend, require_sqlite, sqlite_path
from kiosk.store.errors import StoreUnusable
from kiosk.store.pg_store import PostgresBackend, masked, translate
from kiosk.store.sqlite_store import SqliteBackend


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("var/hub.sqlite3", Path("var/hub.sqlite3")),
        ("/var/lib/kiosk/hub.sqlite3", Path("/var/lib/kiosk/hub.sqlite3")),
        ("sqlite:///var/hub.sqlite3", Path("var/hub.sqlite3")),
        ("sqlite:////var/lib/kiosk/hub.sqlite3", Path("/var/lib/kiosk/hub.sqlite3")),
    ],
)
def test_sqlite_paths(url, path):
    assert sqlite_path(url) == path
    assert not is_postgres_url(url)
    assert isinstance(open_backend(url), SqliteBackend)


def test_postgres_urls_choose_postgres_and_refuse_file_commands():
    for url in ("postgresql://kiosk@db/kiosk", "postgres://kiosk@db/kiosk"):
        assert is_postgres_url(url)
        assert isinstance(open_backend(url), PostgresBackend)
        with pytest.raises(StoreUnusable, match="pg_dump"):
            require_sqlite(url, "kiosk backup")


def test_passwords_stay_out_of_messages():
    assert (
        masked("postgresql://kiosk:s3cret@db:5432/kiosk") == "postgresql://kiosk:***@db:5432/kiosk"
    )
    assert masked("postgresql://kiosk@db/kiosk") == "postgresql://kiosk@db/kiosk"


@pytest.mark.parametrize(
    ("shared", "psycopg"),
    [
        ("SELECT * FROM t WHERE a = ? AND b = ?", "SELECT * FROM t WHERE a = %s AND b = %s"),
        ("UPDATE t SET x = :now WHERE id = :id", "UPDATE t SET x = %(now)s WHERE id = %(id)s"),
        ("SELECT 'a' || counter_id, '09:00' FROM t", "SELECT 'a' || counter_id, '09:00' FROM t"),
        ("SET c = excluded.c", "SET c = excluded.c"),
        ("WHERE name LIKE '50%'", "WHERE name LIKE '50%%'"),
        ("SELECT x::text", "SELECT x::text"),
    ],
)
def test_shared_sql_in_psycopg_parameters(shared, psycopg):
    assert translate(shared) == psycopg
