"""Shared fixtures: the shipped sample catalog (loaded once per session)."""

from __future__ import annotations

import pytest

from kiosk.catalog.catalog import Catalog
from kiosk.catalog.load import load_catalog
from kiosk.paths import asset


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(asset("catalog", "procedures.json"))
