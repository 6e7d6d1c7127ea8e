"""Fixtures: a real hub process on the hub tests' site (clock 09:00), clients per device."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import Site, load_site
from tests.hub.conftest import Clients, clients, hub, site_file, token  # noqa: F401


@pytest.fixture
def store(tmp_path: Path) -> str:
    """The hub's store: SQLite (the lobby's logic is under test here, not the store)."""
    return str(tmp_path / "hub.sqlite3")


@pytest.fixture
def site(site_file: Path) -> Site:  # noqa: F811
    return load_site(site_file)
