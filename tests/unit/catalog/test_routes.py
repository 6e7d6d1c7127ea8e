"""The hub's catalog routes through FastAPI's TestClient, with the real auth and errors."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kiosk.catalog.catalog import Catalog
from kiosk.catalog.dossier_sources import DossierSourceError, SqliteDossierSource
from kiosk.config import Device, hub_config, load_site
from kiosk.hub.errors import install_error_handlers
from kiosk.hub.guard import Lockout
from kiosk.hub.ratelimit import RateLimiter
from kiosk.hub.routes_catalog import catalog_router
from kiosk.paths import asset

KIOSK = {"Authorization": "Bearer demo-kiosk-1-token-change-me"}
DISPLAY = {"Authorization": "Bearer demo-display-1-token-change-me"}
DONE = "H15.50.05.13-251008-0975"


class _Down:
    def get(self, code: str):
        raise DossierSourceError("dossier service unreachable (ConnectTimeout)")


def _app(catalog: Catalog, source, limiter: RateLimiter | None = None) -> TestClient:
    app = FastAPI()
    install_error_handlers(app)
    app.state.config = hub_config([load_site()])
    app.state.lockout = Lockout()
    app.include_router(
        catalog_router(catalog, source, limiter=limiter, now=lambda: datetime(2025, 10, 14, 9)),
        prefix="/api/v1",
    )
    return TestClient(app)


@pytest.fixture()
def client(catalog: Catalog, tmp_path: Path) -> TestClient:
    source = SqliteDossierSource(tmp_path / "d.sqlite3")
    source.import_csv(asset("catalog", "dossiers.sample.csv").read_text(encoding="utf-8"))
    return _app(catalog, source, RateLimiter(capacity=100, per_minute=100))


def test_search(client: TestClient) -> None:
    r = client.get("/api/v1/procedures", params={"q": "lam so do", "limit": 3}, headers=KIOSK)
    assert r.status_code == 200
    body = r.json()
    assert body["items"][0]["code"] == "1.012756" and body["count"] == len(body["items"]) <= 3
    assert {"code", "name", "field", "levels", "online_level", "score"} <= body["items"][0].keys()


def test_browse_by_field_and_level(client: TestClient, catalog: Catalog) -> None:
    r = client.get("/api/v1/procedures", params={"field": "Hộ tịch", "limit": 5}, headers=DISPLAY)
    body = r.json()
    assert body["count"] == len(catalog.browse("Hộ tịch")) and len(body["items"]) == 5
    r = client.get("/api/v1/procedures", params={"level": "tinh", "limit": 200}, headers=KIOSK)
    assert all("tinh" in p["levels"] for p in r.json()["items"])


def test_fields(client: TestClient, catalog: Catalog) -> None:
    body = client.get("/api/v1/fields", headers=KIOSK).json()
    assert sum(f["count"] for f in body["fields"]) == len(catalog)
    assert {lv["id"] for lv in body["levels"]} == {"xa", "tinh"}


def test_procedure_detail_404(client: TestClient) -> None:
    r = client.get("/api/v1/procedures/1.001193", headers=KIOSK)
    assert r.status_code == 200 and r.json()["name"] == "Đăng ký khai sinh"
    assert r.json()["url"].endswith("ma_thu_tuc=1.001193")
    r = client.get("/api/v1/procedures/9.999999", headers=KIOSK)
    assert r.status_code == 404 and r.json()["error"] == "not_found"
    r = client.get("/api/v1/procedures/abc", headers=KIOSK)
    assert r.status_code == 404 and r.json()["error"] == "invalid_code"


@pytest.mark.parametrize(
    "params", [{"limit": 0}, {"limit": "many"}, {"level": "huyen"}, {"q": "x" * 201}]
)
def test_bad_query_parameters_are_422(client: TestClient, params: dict) -> None:
    r = client.get("/api/v1/procedures", params=params, headers=KIOSK)
    assert r.status_code == 422 and r.json()["error"] == "invalid"


def test_auth_401_and_403(client: TestClient) -> None:
    assert client.get("/api/v1/fields").status_code == 401
    r = client.get("/api/v1/fields", headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401 and r.json()["error"] == "unauthorized"
    admin = {"Authorization": "Bearer demo-admin-token-change-me-now"}
    assert client.get("/api/v1/fields", headers=admin).status_code == 200


def test_403_for_a_role_not_allowed(client: TestClient) -> None:
    site = client.app.state.config.main
    other = Device(id="printer-1", role="printer", token="some-printer-token-1234")
    client.app.state.config = hub_config(
        [dataclasses.replace(site, devices=(*site.devices, other))]
    )
    r = client.get("/api/v1/fields", headers={"Authorization": f"Bearer {other.token}"})
    assert r.status_code == 403 and r.json()["error"] == "forbidden"


def test_catalog_etag_and_304(client: TestClient, catalog: Catalog) -> None:
    r = client.get("/api/v1/catalog", headers=KIOSK)
    assert r.status_code == 200 and r.headers["etag"] == catalog.etag
    assert len(r.json()["procedures"]) == len(catalog) and r.json()["sample"] is True
    for inm in (catalog.etag, f'"x", W/{catalog.etag}', "*"):
        r2 = client.get("/api/v1/catalog", headers={**KIOSK, "If-None-Match": inm})
        assert r2.status_code == 304 and r2.content == b"" and r2.headers["etag"] == catalog.etag
    r3 = client.get("/api/v1/catalog", headers={**KIOSK, "If-None-Match": '"stale"'})
    assert r3.status_code == 200


def test_dossier_found_masked(client: TestClient) -> None:
    r = client.get("/api/v1/dossiers/h15.50.05.13-251008-0975", headers=KIOSK)
    assert r.status_code == 200
    body = r.json()
    assert body["code"] == DONE and body["applicant"] == "Nguyễn V*** A**"
    assert body["status"]["vi"] == "Đã trả kết quả" and body["timeliness"]["key"] == "on_time"
    for secret in ("001085012345", "0912345678", "thôn Đông", "Nguyễn Văn An"):
        assert secret not in r.text


def test_dossier_overdue(client: TestClient) -> None:
    body = client.get("/api/v1/dossiers/H15.50.05.13-251001-0044", headers=KIOSK).json()
    assert body["status"]["id"] == 5 and body["timeliness"]["vi"] == "Quá hạn"


@pytest.mark.parametrize("raw", ["<b>evil", "H15.50.05.13-251308-0975", "x" * 200])
def test_dossier_invalid_code_is_not_echoed(client: TestClient, raw: str) -> None:
    r = client.get(f"/api/v1/dossiers/{raw}", headers=KIOSK)
    assert r.status_code == 404 and r.json()["error"] == "invalid_code"
    assert raw not in r.text and "evil" not in r.text


def test_dossier_unknown_and_source_down(client: TestClient, catalog: Catalog) -> None:
    r = client.get("/api/v1/dossiers/H15.50.05.13-251008-0976", headers=KIOSK)
    assert r.status_code == 404 and r.json()["error"] == "not_found"
    down = _app(catalog, _Down())
    r = down.get(f"/api/v1/dossiers/{DONE}", headers=KIOSK)
    assert r.status_code == 503 and r.json()["error"] == "source_unavailable"


def test_dossier_lookups_are_rate_limited_per_device(catalog: Catalog, tmp_path: Path) -> None:
    t = [0.0]
    limiter = RateLimiter(capacity=2, per_minute=6, clock=lambda: t[0])
    client = _app(catalog, SqliteDossierSource(tmp_path / "d.sqlite3"), limiter)
    codes = [f"H15.50.05.13-251008-{n:04d}" for n in range(3)]
    assert [client.get(f"/api/v1/dossiers/{c}", headers=KIOSK).status_code for c in codes] == [
        404,
        404,
        429,
    ]
    r = client.get(f"/api/v1/dossiers/{codes[0]}", headers=KIOSK)
    assert r.status_code == 429 and r.json()["error"] == "rate_limited"
    assert r.headers["retry-after"] == "10"
    assert client.get(f"/api/v1/dossiers/{codes[0]}", headers=DISPLAY).status_code == 404
    t[0] = 10.0
    assert client.get(f"/api/v1/dossiers/{codes[0]}", headers=KIOSK).status_code == 404
