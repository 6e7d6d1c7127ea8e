"""JSON errors of the hub API: {"error": code, "detail": text} with a 4xx status."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from kiosk.api.errors import ApiError

__all__ = ["ApiError", "ErrorOut", "error_response", "errors", "install_error_handlers"]


class ErrorOut(BaseModel):
    """Every error answer of the API."""

    error: str
    detail: str


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI documentation of the JSON error answers a route may give."""
    return {code: {"model": ErrorOut} for code in (400, 401, 403, 413, 422, *codes)}


def error_response(
    status: int,
    code: str,
    detail: str,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    body = {"error": code, "detail": detail} | (extra or {})
    return JSONResponse(jsonable_encoder(body), status_code=status, headers=headers)


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
}


def _describe(errors: list[dict]) -> str:
    parts = []
    for e in errors[:5]:
        where = ".".join(str(x) for x in e.get("loc", ()) if x != "body") or "body"
        parts.append(f"{where}: {e.get('msg', 'invalid')}")
    return "; ".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    """Make every error, including framework ones, a JSON {"error", "detail"}."""

    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.detail, extra=exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, "invalid", _describe(list(exc.errors())))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "error")
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(sorted(_allowed_methods(request)))
        return error_response(exc.status_code, code, str(exc.detail), headers)


def _allowed_methods(request: Request) -> set[str]:
    """Every documented method on this path (Starlette's 405 names only the first route's)."""
    methods: set[str] = set()
    for template, operations in request.app.openapi().get("paths", {}).items():
        regex, _, _ = compile_path(template)
        if regex.match(request.url.path):
            methods |= {m.upper() for m in operations}
    return methods
