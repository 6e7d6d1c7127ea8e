"""The kiosk's copy of the hub catalog: revalidated with ETag, used offline when the hub is down."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import requests

from kiosk.catalog.catalog import Catalog
from kiosk.catalog.load import CatalogFileError, parse_json

log = logging.getLogger(__name__)


class CatalogUnavailable(RuntimeError):
    """Neither the hub nor a cached copy can provide a catalog."""


@dataclass(frozen=True)
class Fetched:
    catalog: Catalog
    origin: str  # "hub" (new copy), "not_modified" (304, cached copy), "offline" (hub down)
    etag: str | None


class CatalogCache:
    """GET {hub}/api/v1/catalog with If-None-Match; keeps the JSON and its ETag in ``directory``."""

    def __init__(
        self, hub_url: str, token: str, directory: str | Path, *, timeout: float = 5.0
    ) -> None:
        self.url = hub_url.rstrip("/") + "/api/v1/catalog"
        self.token = token
        self.directory = Path(directory)
        self.timeout = timeout
        self.data_path = self.directory / "catalog.json"
        self.etag_path = self.directory / "catalog.etag"

    def cached_etag(self) -> str | None:
        try:
            return self.etag_path.read_text(encoding="ascii").strip() or None
        except (OSError, UnicodeDecodeError):
            return None

    def load_cached(self) -> Catalog:
        """The catalog kept on disk; CatalogUnavailable when there is none or it is damaged."""
        try:
            result = parse_json(self.data_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, CatalogFileError) as e:
            raise CatalogUnavailable(
                f"no usable cached catalog in {self.directory} ({e})"
            ) from None
        return Catalog(result.procedures, meta=result.meta)

    def _store(self, body: bytes, etag: str | None) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        for path, data in ((self.data_path, body), (self.etag_path, (etag or "").encode())):
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)

    def refresh(self) -> Fetched:
        """Ask the hub for a newer catalog; fall back to the cached copy when it cannot answer."""
        etag = self.cached_etag() if self.data_path.exists() else None
        headers = {"Authorization": f"Bearer {self.token}"}
        if etag:
            headers["If-None-Match"] = etag
        try:
            response = requests.get(self.url, headers=headers, timeout=self.timeout)
        except requests.RequestException as e:
            log.warning("hub unreachable (%s); using the cached catalog", type(e).__name__)
            return Fetched(self.load_cached(), "offline", etag)
        if response.status_code == 304 and etag:
            return Fetched(self.load_cached(), "not_modified", etag)
        if response.status_code != 200:
            log.warning("hub answered HTTP %s; using the cached catalog", response.status_code)
            return Fetched(self.load_cached(), "offline", etag)
        try:
            result = parse_json(response.content.decode("utf-8"))
        except (UnicodeDecodeError, CatalogFileError) as e:
            log.warning("hub sent an unreadable catalog (%s); using the cached one", e)
            return Fetched(self.load_cached(), "offline", etag)
        new_etag = response.headers.get("ETag")
        self._store(response.content, new_etag)
        return Fetched(Catalog(result.procedures, meta=result.meta), "hub", new_etag)
