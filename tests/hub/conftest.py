"""Fixtures: a test site file and a real hub process per test, with clients per role.

Every test that takes ``store`` (and so every test using ``hub``) runs twice: on a
SQLite file and on a PostgreSQL database of a real server that the session starts
(tests/pgserver.py). Where no PostgreSQL server is installed, the second run is
skipped with that reason. Tests marked ``sqlite_only`` (file backups, file checks)
run on SQLite alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.device.hub_client import HubClient
from tests.hub.hubproc import HubProcess
from tests.pgserver import PgServer, find_bindir

STORES = ("sqlite", "postgresql")

COUNTERS = 16
# the peripherals each role's devices have (device alerts are refused for any other kind)
PERIPHERALS = {
    "kiosk": ("printer", "scanner"),
    "display": ("audio",),
    "counter": ("led_board",),
    "rating": ("rating_pad",),
}


def token(device_id: str) -> str:
    return f"test-token-{device_id}-0123456789"


def site_toml() -> str:
    """Services a (A), b (B), c (C, limit 3), d (D, closed 00:00-00:01 only).

    Counter 1 serves a+b, counter 2 serves b, counters 3..16 serve a. Devices have the
    simulated peripherals of :data:`PERIPHERALS`.
    """
    parts = [
        '[site]\nname = "Bộ phận Một cửa thử nghiệm"\ntimezone = "Asia/Ho_Chi_Minh"\n',
        '[[services]]\nid = "a"\nname_vi = "Hộ tịch"\nname_en = "Civil status"\nprefix = "A"\n'
        "service_minutes = 10\n",
        '[[services]]\nid = "b"\nname_vi = "Chứng thực"\nname_en = "Certification"\nprefix = "B"\n',
        '[[services]]\nid = "c"\nname_vi = "Đất đai"\nname_en = "Land"\nprefix = "C"\n'
        "daily_limit = 3\n",
        '[[services]]\nid = "d"\nname_vi = "Xây dựng"\nname_en = "Construction"\nprefix = "D"\n'
        'open_hours = "00:00-00:01"\n',
        '[[counters]]\nid = 1\nservices = ["a", "b"]\n',
        '[[counters]]\nid = 2\nservices = ["b"]\n',
    ]
    parts += [f'[[counters]]\nid = {i}\nservices = ["a"]\n' for i in range(3, COUNTERS + 1)]
    devices = [("kiosk-1", "kiosk", None), ("display-1", "display", None), ("admin", "admin", None)]
    devices += [(f"counter-{i}", "counter", i) for i in range(1, COUNTERS + 1)]
    devices += [("rating-1", "rating", 1), ("rating-2", "rating", 2)]
    for device_id, role, counter in devices:
        line = f'[[devices]]\nid = "{device_id}"\nrole = "{role}"\ntoken = "{token(device_id)}"\n'
        if counter is not None:
            line += f"counter = {counter}\n"
        for kind in PERIPHERALS.get(role, ()):
            line += f'{kind} = {{ driver = "sim" }}\n'
        parts.append(line)
    return "\n".join(parts)


@pytest.fixture
def site_file(tmp_path: Path) -> Path:
    path = tmp_path / "site.toml"
    path.write_text(site_toml(), encoding="utf-8")
    return path


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "store" in metafunc.fixturenames:
        stores = STORES[:1] if metafunc.definition.get_closest_marker("sqlite_only") else STORES
        metafunc.parametrize("store", stores, indirect=True)


def new_pg_server() -> PgServer:
    """A started PostgreSQL server of its own, or a skip saying why there is none."""
    bindir, why = find_bindir()
    if bindir is None:
        pytest.skip(why)
    return PgServer(bindir).start()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    server = new_pg_server()
    yield server
    server.stop()


@pytest.fixture
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store: a SQLite path, or the URL of a new PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "hub.sqlite3")
        return
    server: PgServer = request.getfixturevalue("pg_server")
    url = server.create_database()
    yield url
    server.drop_database(url)


@pytest.fixture
def hub(tmp_path: Path, site_file: Path, store: str) -> Iterator[HubProcess]:
    process = HubProcess(site_file, store, tmp_path / "clock.txt")
    process.set_time("2026-11-23T09:00:00+07:00")
    process.start()
    yield process
    process.stop()


class Clients:
    def __init__(self, url: str) -> None:
        self.url = url
        self.kiosk = HubClient(url, token("kiosk-1"))
        self.display = HubClient(url, token("display-1"))
        self.admin = HubClient(url, token("admin"))
        self.rating1 = HubClient(url, token("rating-1"))

    def counter(self, n: int) -> HubClient:
        return HubClient(self.url, token(f"counter-{n}"))


@pytest.fixture
def clients(hub: HubProcess) -> Clients:
    return Clients(hub.url)
