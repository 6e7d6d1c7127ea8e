"""The kiosk's cached catalog against the real router served by uvicorn on 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI

from kiosk.catalog.catalog import Catalog
from kiosk.catalog.dossier_sources import SqliteDossierSource
from kiosk.config import hub_config, load_site
from kiosk.device.catalog_cache import CatalogCache, CatalogUnavailable
from kiosk.hub.errors import install_error_handlers
from kiosk.hub.guard import Lockout
from kiosk.hub.routes_catalog import catalog_router
from tests.helpers import free_port, wait_for

TOKEN = "demo-kiosk-1-token-change-me"


@pytest.fixture()
def hub(catalog: Catalog, tmp_path: Path) -> Iterator[tuple[str, Callable[[], None]]]:
    """The catalog router served on a free port: its URL, and a call that stops it."""
    app = FastAPI()
    install_error_handlers(app)
    app.state.config = hub_config([load_site()])
    app.state.lockout = Lockout()
    app.include_router(
        catalog_router(catalog, SqliteDossierSource(tmp_path / "d.sqlite3")), prefix="/api/v1"
    )
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, 10, "uvicorn to start")

    def stop() -> None:
        server.should_exit = True
        thread.join(5)
        assert not thread.is_alive(), "uvicorn did not stop"

    yield f"http://127.0.0.1:{port}", stop
    stop()


def test_fetch_then_304_then_offline(hub, catalog: Catalog, tmp_path: Path) -> None:
    url, stop = hub
    cache = CatalogCache(url, TOKEN, tmp_path / "cache", timeout=2)
    first = cache.refresh()
    assert first.origin == "hub" and first.etag == catalog.etag
    assert len(first.catalog) == len(catalog)
    assert cache.cached_etag() == catalog.etag
    second = cache.refresh()
    assert second.origin == "not_modified" and len(second.catalog) == len(catalog)
    stop()  # the hub is gone: its port refuses
    offline = cache.refresh()
    assert offline.origin == "offline"
    assert offline.catalog.search("khai sinh", 1)[0].procedure.code == "1.001193"


def test_bad_token_keeps_the_cached_copy(hub, tmp_path: Path) -> None:
    url, _ = hub
    CatalogCache(url, TOKEN, tmp_path / "c").refresh()
    fetched = CatalogCache(url, "wrong", tmp_path / "c").refresh()
    assert fetched.origin == "offline" and len(fetched.catalog) > 0


def test_no_hub_and_no_copy_is_unavailable(tmp_path: Path) -> None:
    cache = CatalogCache(f"http://127.0.0.1:{free_port()}", TOKEN, tmp_path / "c", timeout=1)
    with pytest.raises(CatalogUnavailable):
        cache.refresh()
