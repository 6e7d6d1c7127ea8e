"""A throwaway PostgreSQL server for the tests and the benchmark: initdb + pg_ctl from the
Debian package, in a temporary folder, on a loopback port, run by an unprivileged user.

:func:`find_bindir` says where the server's programs are (or why there are none), so a
test run can skip the PostgreSQL half with that reason, visibly.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

from tests.helpers import free_port

USER = "kiosk"  # the server's superuser; trust authentication on loopback only


def find_bindir() -> tuple[Path | None, str]:
    """The folder holding initdb and pg_ctl (newest version first), or None and why."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
        reverse=True,
    )
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).resolve())
    for initdb in candidates:
        if (initdb.parent / "pg_ctl").exists():
            return initdb.parent, ""
    return None, "PostgreSQL server not installed (Debian package postgresql: initdb, pg_ctl)"


def _runner() -> tuple[list[str], int | None, int | None]:
    """How to run the server's programs: as ourselves, or (as root) as an ordinary user."""
    if os.geteuid() != 0:
        return [], None, None
    for name in ("postgres", "nobody"):
        try:
            user = pwd.getpwnam(name)
        except KeyError:
            continue
        return ["runuser", "-u", name, "--"], user.pw_uid, user.pw_gid
    raise RuntimeError("running as root and no unprivileged user (postgres, nobody) to run as")


class PgServer:
    """One server; :meth:`create_database` gives each test a database of its own."""

    def __init__(self, bindir: Path, *, durable: bool = False) -> None:
        self.bindir = bindir
        self.durable = durable  # fsync as in production (benchmarks); off for tests
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self._prefix, uid, gid = _runner()
        if uid is not None:
            os.chown(self.root, uid, gid)
        self._count = 0

    def _run(self, *args: str) -> None:
        done = subprocess.run(
            [*self._prefix, *args], capture_output=True, text=True, timeout=120, cwd=self.root
        )
        if done.returncode != 0:
            raise RuntimeError(f"{Path(args[0]).name} failed: {done.stderr or done.stdout}")

    def start(self) -> PgServer:
        """Create the cluster (the first time) and start the server; wait until it is up."""
        if not self.data.exists():
            self._run(
                str(self.bindir / "initdb"), "-D", str(self.data), "-U", USER,
                "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync",
            )  # fmt: skip
        options = [
            f"-p {self.port}",
            "-c listen_addresses=127.0.0.1",
            f"-c unix_socket_directories={self.root}",
            "-c max_connections=200",
        ]
        if not self.durable:
            options += ["-c fsync=off", "-c full_page_writes=off", "-c synchronous_commit=off"]
        self._run(
            str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
            "-o", " ".join(options), "-w", "-t", "60", "start",
        )  # fmt: skip
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "kiosk") -> str:
        """A new empty database; its URL."""
        self._count += 1
        name = f"{prefix}_{os.getpid()}_{self._count}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def halt(self) -> None:
        """Stop the server (fast shutdown: clients are cut off); :meth:`start` resumes it."""
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def stop(self) -> None:
        """Stop the server and remove everything it had."""
        if self.data.exists():
            subprocess.run(
                [*self._prefix, str(self.bindir / "pg_ctl"), "-D", str(self.data),
                 "-m", "immediate", "-w", "stop"],
                capture_output=True, timeout=60, cwd=self.root,
            )  # fmt: skip
        shutil.rmtree(self.root, ignore_errors=True)
