"""Online backup and checked restore of the store, with SQLite's backup API.

A backup copies every page in one step under one read transaction, so it is a
consistent snapshot even while the hub writes (WAL readers do not block the writer);
citizens' phone numbers are left out; it is written beside the destination, checked
with ``integrity_check``, switched to a single self-contained file (rollback journal)
and renamed into place.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from kiosk.store.errors import StoreUnusable
from kiosk.store.sqlite_store import MIGRATIONS
from kiosk.store.storefile import StoreLock, check_database


@dataclass(frozen=True)
class StoreInfo:
    """A store file's identity: where, how big, which schema, how many rows."""

    path: Path
    bytes: int
    schema: int
    tickets: int
    ratings: int
    aggregated_days: int


def describe(path: Path) -> StoreInfo:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}

        def count(sql: str, table: str) -> int:
            return conn.execute(sql).fetchone()[0] if table in tables else 0

        return StoreInfo(
            path=path,
            bytes=path.stat().st_size,
            schema=conn.execute("PRAGMA user_version").fetchone()[0],
            tickets=count("SELECT COUNT(*) FROM tickets", "tickets"),
            ratings=count("SELECT COUNT(*) FROM ratings", "ratings"),
            aggregated_days=count("SELECT COUNT(DISTINCT day) FROM daily_stats", "daily_stats"),
        )
    finally:
        conn.close()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _without_phones(conn: sqlite3.Connection) -> None:
    """A copy keeps no citizen's phone number: the rows are zeroed out of the file (a
    restored store sends no message for the tickets it holds: they are dropped)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "notify_phones" in tables:
        conn.execute("PRAGMA secure_delete=ON")
        conn.execute("DELETE FROM notify_phones")


def backup(src: Path, dest: Path) -> StoreInfo:
    """Copy the store at ``src`` to the file ``dest`` (replaced atomically if it exists)."""
    if not src.exists():
        raise StoreUnusable(f"{src}: không có cơ sở dữ liệu / no database here")
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    part.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    target = sqlite3.connect(part, isolation_level=None)
    try:
        source.backup(target)  # pages=-1: all pages in one step, one snapshot
        target.execute("PRAGMA journal_mode=DELETE")
        _without_phones(target)
        problems = [r[0] for r in target.execute("PRAGMA integrity_check")]
    finally:
        target.close()
        source.close()
    if problems != ["ok"]:
        part.unlink()
        raise StoreUnusable(f"{src}: the copy fails integrity_check ({'; '.join(problems[:3])})")
    with part.open("rb+") as f:
        os.fsync(f.fileno())
    os.replace(part, dest)
    _fsync_dir(dest.parent)
    return describe(dest)


def backup_name(now: dt.datetime) -> str:
    return f"hub-{now:%Y%m%d-%H%M%S}.sqlite3"


@dataclass(frozen=True)
class Restored:
    store: StoreInfo
    replaced: Path | None  # where the previous store was kept, if there was one


def restore(src: Path, target: Path, now: dt.datetime) -> Restored:
    """Put the backup ``src`` in place of the store ``target``; keep the old one aside.

    Refuses (:class:`StoreUnusable`) a corrupt backup, one from a newer schema, a file
    that is not a kiosk store, and a target a running hub holds (:class:`StoreBusy`).
    """
    if not src.is_file():
        raise StoreUnusable(f"{src}: không có tệp này / no such file")
    if target.exists() and src.resolve() == target.resolve():
        raise StoreUnusable(f"{src}: this is the store itself")
    check_database(src, len(MIGRATIONS), full=True)
    info = describe(src)
    if info.schema < 1:
        raise StoreUnusable(f"{src}: không phải dữ liệu của hub / not a kiosk hub database")
    with StoreLock(target):
        replaced = None
        if target.exists():
            replaced = target.with_name(f"{target.name}.replaced-{now:%Y%m%d-%H%M%S}")
            os.replace(target, replaced)  # byte for byte, with its WAL beside it
            wal = target.with_name(target.name + "-wal")
            if wal.exists():
                os.replace(wal, replaced.with_name(replaced.name + "-wal"))
            target.with_name(target.name + "-shm").unlink(missing_ok=True)
        staged = target.with_name(target.name + ".restoring")
        backup(src, staged)
        os.replace(staged, target)
        _fsync_dir(target.parent)
    return Restored(describe(target), replaced)
