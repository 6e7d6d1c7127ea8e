"""The store's file: the health check before a hub opens it, and the lock a running hub holds."""

from __future__ import annotations

import errno
import fcntl
import os
import pwd
import sqlite3
from pathlib import Path
from types import TracebackType

from kiosk.store.errors import SchemaTooNew, StoreBusy, StoreUnusable

READ_ONLY = (
    "Ổ đĩa của hub chỉ cho đọc, không ghi được / the hub's disk is read-only: "
    "nothing can be written; make it writable (the data is not lost)"
)
CORRUPT = (
    "Cơ sở dữ liệu của hub bị hỏng / the hub's database is corrupt; "
    "stop the hub and restore a backup with `kiosk restore`"
)


def check_database(path: Path, known: int, *, full: bool = False) -> int:
    """The schema version of the store at ``path`` (0 when there is none yet).

    Raises :class:`StoreUnusable` for a corrupt file (``PRAGMA quick_check``, or the
    slower ``integrity_check`` when ``full``) or one from a schema newer than ``known``.
    """
    if not path.exists():
        return 0
    if path.is_file() and path.stat().st_size == 0:
        raise StoreUnusable(
            f"{path}: tệp rỗng, không phải cơ sở dữ liệu / an empty file is not a store (its "
            f"history is gone, numbering would restart at 001); to start a new store, remove "
            f"the file: rm {path}"
        )
    pragma = "integrity_check" if full else "quick_check"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            problems = [r[0] for r in conn.execute(f"PRAGMA {pragma}")]
        finally:
            conn.close()
    except sqlite3.Error as e:
        if read_only_fs(path):  # a WAL store cannot even be read without its -shm file
            raise unwritable(path) from None
        raise StoreUnusable(
            f"{path}: hỏng hoặc không phải cơ sở dữ liệu SQLite / corrupt or not an SQLite "
            f"database ({e}); restore a backup with `kiosk restore`"
        ) from None
    if problems != ["ok"]:
        raise StoreUnusable(
            f"{path}: cơ sở dữ liệu bị hỏng / the database is corrupt ({pragma}: "
            f"{'; '.join(problems[:3])}); restore a backup with `kiosk restore`"
        )
    if version > known:
        raise SchemaTooNew(str(path), version, known)
    return version


def _user() -> str:
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return str(os.geteuid())


def unwritable(path: Path, error: OSError | None = None) -> StoreUnusable:
    """The refusal of a store file or folder this hub cannot write, with the fix."""
    if (error and error.errno == errno.EROFS) or read_only_fs(path):
        return StoreUnusable(
            f"{path}: ổ đĩa chỉ cho đọc / the disk is read-only (not corrupt); remount it "
            "writable or move the store to a writable disk"
        )
    why = f" ({error.strerror})" if error and error.strerror else ""
    return StoreUnusable(
        f"{path}: hub không ghi được / the hub (user {_user()}) cannot write here{why}; "
        f"give it back: sudo chown {_user()}: {path}, or remove it if it is a .lock file"
    )


def read_only_fs(path: Path) -> bool:
    """Whether ``path`` (or the folder it would be made in) is on a read-only mount."""
    while not path.exists() and path != path.parent:
        path = path.parent
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def check_writable(db_path: Path) -> None:
    """Raise :class:`StoreUnusable` when the store's file, its WAL files or its folder
    cannot be written (a read-only disk, a file root took), before anything breaks."""
    folder = db_path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    suffixes = ("", "-wal", "-shm")
    files = [db_path.with_name(db_path.name + s) for s in suffixes]
    for target in [folder, *(f for f in files if f.exists())]:
        if not os.access(target, os.W_OK):
            raise unwritable(target)


class StoreLock:
    """An exclusive ``flock`` on ``<store>.lock`` for as long as a hub has the store open.

    The kernel drops it when the process dies, so a crash never leaves a stale lock.
    """

    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(db_path.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> StoreLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:  # a read-only disk, a lock root left behind
            raise unwritable(self.path, e) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise StoreBusy(
                f"{self.path.with_suffix('')}: một hub đang dùng cơ sở dữ liệu này / a running "
                f"hub (pid {holder}) holds this database; stop it first"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None

    def probe(self) -> None:
        """Raise :class:`StoreBusy` when a hub holds the store; hold nothing."""
        self.acquire().release()

    def __enter__(self) -> StoreLock:
        return self.acquire()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()
