"""The hub's catalog and dossier routes (mounted under /api/v1 by the hub app)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response

from kiosk.api.models import CitizenIn
from kiosk.catalog.catalog import Catalog
from kiosk.catalog.dossier import lookup_key, public_answer
from kiosk.catalog.dossier_sources import (
    AmbiguousReceipt,
    DossierSource,
    DossierSourceError,
    find_dossier,
)
from kiosk.catalog.model import CODE_RE, LEVELS
from kiosk.clock import local_time
from kiosk.config import Device
from kiosk.hub.auth import require_roles
from kiosk.hub.errors import ApiError, errors
from kiosk.hub.ratelimit import RateLimiter

READERS = ("kiosk", "display", "counter", "rating")
MAX_BY_CITIZEN = 10
Reader = Annotated[Device, Depends(require_roles(*READERS))]


def _etag_matches(header: str | None, etag: str) -> bool:
    """If-None-Match uses the weak comparison: W/"x" matches "x"; * matches anything."""
    if not header:
        return False
    tags = [t.strip() for t in header.split(",")]
    return "*" in tags or etag in (t.removeprefix("W/") for t in tags)


def catalog_router(
    catalog: Catalog,
    dossiers: DossierSource,
    *,
    limiter: RateLimiter | None = None,
    now: Callable[[], datetime] | None = None,
) -> APIRouter:
    """Routes for procedures, fields, the whole catalog (with ETag) and dossier status.

    ``limiter`` bounds dossier lookups per device (default 5 at once, 10 a
    minute); ``now`` gives local time (default: the site's time zone).
    """
    router = APIRouter(tags=["catalog"], responses=errors(404, 429, 503))
    limiter = limiter or RateLimiter()

    @router.get("/procedures")
    def list_procedures(
        device: Reader,
        q: Annotated[str, Query(max_length=200, description="what the citizen typed")] = "",
        field: Annotated[str | None, Query(max_length=200, description="lĩnh vực")] = None,
        level: Literal["xa", "tinh"] | None = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 20,
    ) -> dict:
        if q.strip():
            hits = catalog.search(q, limit, field=field, level=level)
            items = [h.procedure.summary() | {"score": h.score} for h in hits]
            return {"items": items, "count": len(items)}
        found = catalog.browse(field, level)
        return {"items": [p.summary() for p in found[:limit]], "count": len(found)}

    @router.get("/procedures/{code}")
    def get_procedure(code: Annotated[str, Path(max_length=20)], device: Reader) -> dict:
        if not CODE_RE.match(code.strip()):
            raise ApiError(404, "invalid_code", "mã thủ tục must look like 1.001193")
        procedure = catalog.get(code)
        if procedure is None:
            raise ApiError(404, "not_found", f"Không có thủ tục {code.strip()} / no such procedure")
        return procedure.to_json()

    @router.get("/fields")
    def list_fields(device: Reader) -> dict:
        levels = [{"id": k, "vi": vi, "en": en} for k, (vi, en) in LEVELS.items()]
        return {"fields": catalog.fields(), "levels": levels}

    @router.get("/catalog")
    def whole_catalog(request: Request, device: Reader) -> Response:
        headers = {"ETag": catalog.etag, "Cache-Control": "no-cache"}
        if _etag_matches(request.headers.get("if-none-match"), catalog.etag):
            return Response(status_code=304, headers=headers)
        return Response(catalog.json_bytes, media_type="application/json", headers=headers)

    def _limit(device: Device) -> None:
        wait = limiter.take(device.id)
        if wait:
            raise HTTPException(
                429,
                "Tra cứu quá nhanh, vui lòng đợi giây lát / too many lookups, please wait",
                headers={"Retry-After": limiter.retry_after(wait)},
            )

    def _local_now(request: Request) -> datetime:
        return now() if now else local_time(request.app.state.config.main.tz).replace(tzinfo=None)

    @router.post("/citizen-dossiers")
    def dossiers_by_citizen(request: Request, body: CitizenIn, device: Reader) -> dict:
        """The dossiers of the citizen whose scanned ID card hashes to ``citizen_key``
        (newest first, at most 10), where the dossier source holds such keys
        (``supported``); each as ``GET /dossiers/{code}`` answers it."""
        _limit(device)
        try:
            found = dossiers.by_citizen(body.citizen_key)
        except DossierSourceError as e:
            raise ApiError(503, "source_unavailable", f"Chưa tra cứu được hồ sơ / {e}") from None
        local_now = _local_now(request)
        items = [public_answer(r, local_now) for r in (found or [])[:MAX_BY_CITIZEN]]
        return {"items": items, "count": len(items), "supported": found is not None}

    @router.get("/dossiers/{code}", responses=errors(409))
    def get_dossier(
        request: Request, code: Annotated[str, Path(max_length=200)], device: Reader
    ) -> dict:
        """A dossier by its full code or by the receipt number ("261008-0975", "0975")."""
        _limit(device)
        key = lookup_key(code)
        if key is None:  # never echo what was sent; no such resource can exist: 404
            raise ApiError(
                404,
                "invalid_code",
                "Mã hồ sơ không hợp lệ (dạng H15.50.05.13-261008-0975) / invalid dossier code",
            )
        local_now = _local_now(request)
        try:
            record = find_dossier(dossiers, key, local_now.date())
        except DossierSourceError as e:
            raise ApiError(503, "source_unavailable", f"Chưa tra cứu được hồ sơ / {e}") from None
        except AmbiguousReceipt:
            raise ApiError(
                409,
                "ambiguous_code",
                "Nhiều hồ sơ cùng số biên nhận, cần nhập đủ mã / several dossiers, give the code",
            ) from None
        if record is None:
            raise ApiError(404, "not_found", f"Không tìm thấy hồ sơ {key} / not found")
        return public_answer(record, local_now)

    return router
