"""One schema, checked: a fresh SQLite store and a fresh PostgreSQL store, each migrated
to the latest version by the backend's own code, have the same schema as their
catalogs tell it, and report the same schema version.

Each catalog is read into a set of facts, one line each ("column tickets.day text NOT
NULL", "index tickets_day ON tickets(day)"); the assertion lists the facts one side has
and the other has not ("pg only: ...", "sqlite only: ...").

What is compared, and what is not part of the contract:

- tables (not the engines' own: SQLite's ``sqlite_*``, PostgreSQL's ``kiosk_schema``,
  which holds what SQLite keeps in ``PRAGMA user_version``);
- columns: name, type family (integer, text, real, boolean, timestamp), nullability
  and default. Not their order: the queue code reads rows by name, and PostgreSQL
  appends what SQLite's table rebuilds put elsewhere;
- primary keys, unique constraints and foreign keys by their columns (in order).
  Their names are not part of the contract: SQLite gives them none (its
  ``sqlite_autoindex_*`` are internal) and PostgreSQL makes its own;
- indexes made by ``CREATE INDEX``, by name, columns (in order), uniqueness and
  whether partial. Their names are part of the contract: a later migration drops or
  replaces an index by its name, in the same words on both backends;
- CHECK constraints are not compared: SQLite's catalog keeps them only as the text of
  ``CREATE TABLE``.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.store import pg_store, sqlite_store
from kiosk.store.db import open_backend, open_reader
from kiosk.store.errors import SchemaTooNew
from tests.pgserver import PgServer

# Facts one backend has and the other cannot have, with why. Each must still be there:
# a difference that went away is taken off this list, not left to cover another one.
KNOWN = {
    # SQLite's ALTER TABLE ADD COLUMN ... NOT NULL needs a default (its value is the site
    # id given to the rows of a store from before schema 4); only a rebuild of the
    # table, the largest of the store, could drop it. PostgreSQL's stores began with
    # the column, so theirs has none: an insert without a site id fails there.
    "sqlite only: default events.site_id = 'site'",
    "sqlite only: default device_alerts.site_id = 'site'",
}

AUTO = "auto-numbered"  # SQLite's INTEGER PRIMARY KEY (rowid), PostgreSQL's identity
FAMILIES = (  # (family, words of a declared type), first match wins
    ("integer", ("INT", "SERIAL")),
    ("text", ("CHAR", "CLOB", "TEXT")),
    ("real", ("REAL", "FLOA", "DOUB", "NUMERIC", "DECIMAL")),
    ("boolean", ("BOOL",)),
    ("timestamp", ("TIMESTAMP", "DATETIME", "DATE", "TIME")),
)
FK_ACTIONS = {
    "a": "NO ACTION",
    "r": "RESTRICT",
    "c": "CASCADE",
    "n": "SET NULL",
    "d": "SET DEFAULT",
}

CAST = re.compile(r"::[\w ]+$")
Fact = tuple[str, str]  # (table, the fact in words)


def family(declared: str) -> str:
    """The type family of a declared type (SQLite's affinity rules, PostgreSQL's names)."""
    upper = declared.upper()
    for name, words in FAMILIES:
        if any(word in upper for word in words):
            return name
    return f"other ({declared})"  # shows in the diff rather than passing as a family


def cols(names: list[str] | tuple[str, ...]) -> str:
    return ", ".join(names)


def column_facts(table: str, name: str, declared: str, nullable: bool) -> Fact:
    null = "NULL" if nullable else "NOT NULL"
    return table, f"column {table}.{name} {family(declared)} {null}"


def sqlite_facts(path: Path) -> tuple[set[Fact], int]:
    conn = sqlite3.connect(path)
    try:
        facts: set[Fact] = set()
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]  # sqlite_sequence (AUTOINCREMENT's counters) and the like are SQLite's own
        for table in tables:
            facts.add((table, f"table {table}"))
            info = conn.execute(f"PRAGMA table_info({table})").fetchall()
            pk = [r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5])]
            types = {r[1]: r[2] for r in info}
            rowid = pk[0] if len(pk) == 1 and types[pk[0]] == "INTEGER" else None
            for _, name, declared, notnull, default, _ in info:
                # the rowid alias is never NULL (NULL asks for the next number) though the
                # catalog says nullable; any other key column really may be NULL in SQLite
                facts.add(column_facts(table, name, declared, not notnull and name != rowid))
                if name == rowid:
                    facts.add((table, f"default {table}.{name} = {AUTO}"))
                elif default is not None:
                    facts.add((table, f"default {table}.{name} = {default}"))
            if pk:
                facts.add((table, f"primary key {table}({cols(pk)})"))
            for _, index, unique, origin, partial in conn.execute(f"PRAGMA index_list({table})"):
                covered = [
                    r[2] if r[2] is not None else "<expression>"
                    for r in conn.execute(f"PRAGMA index_info({index})")
                ]
                if origin == "pk":  # the primary key's own index: the key is a fact already
                    continue
                if origin == "u":  # a UNIQUE constraint (its sqlite_autoindex_* is internal)
                    facts.add((table, f"unique {table}({cols(covered)})"))
                    continue
                kind = "unique index" if unique else "index"
                where = " (partial)" if partial else ""
                facts.add((table, f"{kind} {index} ON {table}({cols(covered)}){where}"))
            keys: dict[int, list[tuple]] = {}
            for row in conn.execute(f"PRAGMA foreign_key_list({table})"):
                keys.setdefault(row[0], []).append(row)
            for rows in keys.values():
                rows.sort(key=lambda r: r[1])
                target = rows[0][2]
                to = [r[4] for r in rows]
                if None in to:  # REFERENCES t without columns: t's primary key
                    ref = conn.execute(f"PRAGMA table_info({target})").fetchall()
                    to = [r[1] for r in sorted((r for r in ref if r[5]), key=lambda r: r[5])]
                mine = [r[3] for r in rows]
                facts.add((table, fk_fact(table, mine, target, to, rows[0][6], rows[0][5])))
        return facts, sqlite_store.schema_version(conn)
    finally:
        conn.close()


def fk_fact(table: str, mine: list[str], target: str, theirs: list[str], *actions: str) -> str:
    delete, update = actions
    return (
        f"foreign key {table}({cols(mine)}) -> {target}({cols(theirs)}) "
        f"ON DELETE {delete} ON UPDATE {update}"
    )


PG_TABLES = """
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
"""
PG_COLUMNS = """
    SELECT table_name, column_name, data_type, is_nullable = 'YES', column_default,
           is_identity = 'YES'
    FROM information_schema.columns WHERE table_schema = current_schema()
"""
PG_KEY_COLUMNS = """
    ARRAY(SELECT a.attname FROM unnest({keys}) WITH ORDINALITY AS k(attnum, n)
          JOIN pg_attribute a ON a.attrelid = {rel} AND a.attnum = k.attnum ORDER BY k.n)
"""
PG_CONSTRAINTS = f"""
    SELECT c.contype, t.relname, {PG_KEY_COLUMNS.format(keys="c.conkey", rel="c.conrelid")},
           r.relname, {PG_KEY_COLUMNS.format(keys="c.confkey", rel="c.confrelid")},
           c.confdeltype, c.confupdtype
    FROM pg_constraint c
    JOIN pg_class t ON t.oid = c.conrelid
    LEFT JOIN pg_class r ON r.oid = c.confrelid
    WHERE c.connamespace = current_schema()::regnamespace AND c.contype IN ('p', 'u', 'f')
"""
PG_INDEXES = """
    SELECT t.relname, i.relname, x.indisunique, x.indpred IS NOT NULL,
           ARRAY(SELECT pg_get_indexdef(x.indexrelid, n, true)
                 FROM generate_series(1, x.indnkeyatts) AS n ORDER BY n)
    FROM pg_index x
    JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_indexes p ON p.schemaname = current_schema() AND p.indexname = i.relname
    WHERE NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
"""  # an index that backs a key or a UNIQUE constraint is that constraint's fact


def pg_facts(url: str) -> tuple[set[Fact], int]:
    conn = pg_store.PgConn(pg_store.connect(url))
    try:
        facts: set[Fact] = set()
        # kiosk_schema is PostgreSQL's record of its migrations (PRAGMA user_version's part)
        tables = {r[0] for r in conn.raw.execute(PG_TABLES)} - {"kiosk_schema"}
        for table in tables:
            facts.add((table, f"table {table}"))
        for table, name, declared, nullable, default, identity in conn.raw.execute(PG_COLUMNS):
            if table not in tables:
                continue
            facts.add(column_facts(table, name, declared, nullable))
            if identity:
                facts.add((table, f"default {table}.{name} = {AUTO}"))
            elif default is not None:  # '[]'::text is '[]', as SQLite keeps it
                facts.add((table, f"default {table}.{name} = {CAST.sub('', default)}"))
        for kind, table, mine, target, theirs, delete, update in conn.raw.execute(PG_CONSTRAINTS):
            if kind == "p":
                facts.add((table, f"primary key {table}({cols(mine)})"))
            elif kind == "u":
                facts.add((table, f"unique {table}({cols(mine)})"))
            else:
                actions = (FK_ACTIONS[delete], FK_ACTIONS[update])
                facts.add((table, fk_fact(table, mine, target, theirs, *actions)))
        for table, index, unique, partial, covered in conn.raw.execute(PG_INDEXES):
            kind = "unique index" if unique else "index"
            where = " (partial)" if partial else ""
            facts.add((table, f"{kind} {index} ON {table}({cols(covered)}){where}"))
        return facts, pg_store.schema_version(conn)
    finally:
        conn.close()


def differences(sqlite: set[Fact], pg: set[Fact]) -> list[str]:
    """What one side has and the other has not, a line each; of a table only one side has,
    the table alone (not each of its columns)."""
    lone = {t for t, fact in sqlite ^ pg if fact == f"table {t}"}

    def shown(table: str, fact: str) -> bool:
        return table not in lone or fact == f"table {table}"

    lines = [f"sqlite only: {fact}" for t, fact in sqlite - pg if shown(t, fact)]
    lines += [f"pg only: {fact}" for t, fact in pg - sqlite if shown(t, fact)]
    return sorted(lines)


def migrated(url: str) -> int:
    """Migrate a store to the latest schema as the hub does (it opens it for writing);
    the version its check before opening reports. A reader (reports beside a running
    hub) takes it as this software's schema."""
    backend = open_backend(url)
    backend.open_writer()  # migrates the schema
    backend.close()
    open_reader(url).close()  # raises for a schema other than the latest
    return backend.check()


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    url = pg_server.create_database()
    yield url
    pg_server.drop_database(url)


def test_both_backends_migrate_to_one_schema(tmp_path: Path, pg_url: str) -> None:
    sqlite_path = tmp_path / "hub.sqlite3"
    reported = {"sqlite": migrated(str(sqlite_path)), "pg": migrated(pg_url)}
    sqlite, sqlite_version = sqlite_facts(sqlite_path)
    pg, pg_version = pg_facts(pg_url)

    found = differences(sqlite, pg)
    unexplained = [line for line in found if line not in KNOWN]
    gone = sorted(KNOWN - set(found))
    assert not unexplained and not gone, "\n".join(
        ["the two backends' schemas differ:", *unexplained]
        + [f"no longer differs (take it off KNOWN): {line}" for line in gone]
    )

    versions = {
        "latest sqlite": sqlite_store.LATEST,
        "latest pg": pg_store.LATEST,
        "sqlite store": sqlite_version,
        "pg store": pg_version,
        "sqlite check": reported["sqlite"],
        "pg check": reported["pg"],
    }
    assert len(set(versions.values())) == 1, f"schema versions differ: {versions}"
    assert any(fact.startswith("table ") for _, fact in sqlite)  # the catalogs were read


def test_a_newer_store_is_refused_with_the_one_error_on_both(tmp_path: Path, pg_url: str):
    """A store from a newer kiosk: both backends refuse it with the one SchemaTooNew,
    naming the same numbers, in the check before opening, when asked to migrate it and
    to a reader."""
    sqlite_path = tmp_path / "hub.sqlite3"
    migrated(str(sqlite_path))
    migrated(pg_url)
    newer = sqlite_store.LATEST + 1
    with sqlite3.connect(sqlite_path) as conn:
        conn.execute(f"PRAGMA user_version = {newer}")
    with pg_store.connect(pg_url) as raw:  # PostgreSQL counts its own migrations there
        raw.execute("INSERT INTO kiosk_schema (version) VALUES (%s)", (newer - pg_store.FIRST + 1,))
    for url in (str(sqlite_path), pg_url):
        for step in ("check", "open_writer", "open_reader"):
            backend = open_backend(url)
            try:
                with pytest.raises(SchemaTooNew) as refused:
                    open_reader(url) if step == "open_reader" else getattr(backend, step)()
            finally:
                backend.close()  # open_writer holds the store's lock when it refuses
            error = refused.value
            assert (error.version, error.known) == (newer, sqlite_store.LATEST), (url, step)
            assert f"schema {newer}, this software knows {sqlite_store.LATEST}" in str(error)
