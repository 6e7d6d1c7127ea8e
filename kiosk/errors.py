"""The one refusal type shared by the domain and the hub: HTTP status, code, reason."""

from __future__ import annotations


class ApiError(Exception):
    """A refused request or action; the hub turns it into {"error": code, "detail": detail}."""

    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
