"""A real ``kiosk hub`` process for tests: start, wait for health, stop or kill -9.

Its database is a SQLite path or a ``postgresql://`` URL; it runs in the clock file's
folder, so whatever it keeps beside the store (the dossier table) stays there. The
process is forked by the session's :class:`~tests.hub.zygote.Zygote`, which has the
hub's modules imported already (it runs ``kiosk hub`` with the same arguments).
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path
from typing import Any

import requests

from kiosk.catalog.dossier_sources import SqliteDossierSource
from kiosk.store.db import is_postgres_url, open_reader
from tests.helpers import free_port, poll
from tests.hub.zygote import ForkedHub, Zygote

_zygote: Zygote | None = None


def zygote() -> Zygote:
    """The session's zygote, started on first use."""
    global _zygote
    if _zygote is None:
        _zygote = Zygote()
    return _zygote


def answers(url: str) -> bool:
    """The hub at ``url`` answers its health check (False while it is not listening)."""
    try:
        return requests.get(f"{url}/api/v1/health", timeout=0.5).status_code == 200
    except requests.RequestException:
        return False


class HubProcess:
    def __init__(
        self, config: Path, db: str | Path, clock_file: Path, heartbeat: float = 1.0
    ) -> None:
        self.config = config
        self.db = db
        self.clock_file = clock_file
        self.workdir = clock_file.parent
        self.heartbeat = heartbeat
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: ForkedHub | None = None
        self.log = self.workdir / f"hub-{self.port}.log"

    @property
    def postgres(self) -> bool:
        return is_postgres_url(str(self.db))

    @property
    def dossiers(self) -> Path:
        """The dossier table the hub reads (beside a SQLite store, else in var/)."""
        base = self.workdir / "var" if self.postgres else Path(self.db).parent
        return base / "dossiers.sqlite3"

    def know_dossiers(self, *codes: str) -> None:
        """Put dossiers with these codes in the hub's dossier table (ratings need them)."""
        row = ",Đăng ký khai sinh,Nguyễn Văn An,2026-01-05 08:00,2026-01-09 17:00,4"
        rows = [code + row for code in codes]
        header = "code,procedure_name,applicant_name,received_at,appointment_at,status"
        report = SqliteDossierSource(self.dossiers).import_csv("\n".join([header, *rows]))
        assert report.imported == len(codes), report.errors

    def query(self, sql: str, params: Any = ()) -> list[Any]:
        """Rows of a read on the hub's store, whichever it is."""
        conn = open_reader(self.db)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def count(self, sql: str, params: Any = ()) -> Any:
        """The first column of the first row of ``sql``."""
        return self.query(sql, params)[0][0]

    def start(self, timeout: float = 20.0) -> HubProcess:
        args = [
            "hub",
            "--config", str(self.config),
            "--db", str(self.db),
            "--port", str(self.port),
            "--clock-file", str(self.clock_file),
            "--heartbeat", str(self.heartbeat),
        ]  # fmt: skip
        proc = self.proc = zygote().spawn(args, self.workdir, self.log)
        if not poll(lambda: proc.poll() is not None or answers(self.url), timeout):
            raise RuntimeError(f"hub did not start: {self.log.read_text()[-2000:]}")
        if proc.poll() is not None:
            raise RuntimeError(f"hub exited: {self.log.read_text()[-2000:]}")
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def set_time(self, iso: str) -> None:
        """Move the hub's clock (ISO-8601 with offset); "" returns to real time. The file is
        replaced whole, so the hub never reads it half written (empty: real time)."""
        part = self.clock_file.with_name(self.clock_file.name + ".part")
        part.write_text(iso)
        os.replace(part, self.clock_file)
