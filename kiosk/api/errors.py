"""The one refusal type shared by the domain and the hub: HTTP status, code, reason."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A refused request or action; the hub turns it into {"error": code, "detail": detail}
    plus any ``extra`` fields (e.g. ``current``, the ticket a stale screen did not show)."""

    def __init__(self, status: int, code: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.extra = extra
