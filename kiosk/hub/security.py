"""Browser defences of the hub's HTML pages: security headers on every HTML answer,
and the same-origin check of state-changing forms (login CSRF)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk.hub.phone_page import SCRIPT_HASH

# inline styles only; the inline scripts are the print button's onclick="window.print()"
# and the phone page's script (kiosk/hub/phone_page.py), by hash; the phone page's
# live stream and forms go to this hub only
PRINT_BUTTON = "sha256-MguIPR6qNR8D3B+eAlK+bIRTZe8t3wkOY4B/56Me9FU="
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    f"script-src 'unsafe-hashes' '{PRINT_BUTTON}' '{SCRIPT_HASH}'; "
    "connect-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
# "same-origin", not "no-referrer": under "no-referrer" a browser sends "Origin: null" with
# a form even to its own site, which same_origin() must refuse (the report sign-in and the
# phone page's forms failed in Chromium); other sites still get no Referer (the phone
# page's token never leaves the hub)
COMMON = [
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"x-content-type-options", b"nosniff"),
]
HEADERS = [(b"content-security-policy", CSP.encode()), *COMMON]
# the OpenAPI browser (/api/v1/docs) loads Swagger UI's scripts: only framing is limited
DOCS_HEADERS = [(b"content-security-policy", b"frame-ancestors 'none'"), *COMMON]


class HtmlSecurityHeaders:
    """Adds :data:`HEADERS` to every text/html answer outside ``/api/`` (plain ASGI)."""

    def __init__(self, app: ASGIApp, docs_path: str) -> None:
        self.app = app
        self.docs_path = docs_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        api = path.startswith("/api/") and not path.startswith(self.docs_path)
        if scope["type"] != "http" or api:  # JSON and event streams: no wrapper on their sends
            await self.app(scope, receive, send)
            return

        extra = DOCS_HEADERS if path.startswith(self.docs_path) else HEADERS

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.get("headers") or []
                kind = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if kind.startswith(b"text/html"):
                    message["headers"] = [*headers, *extra]
            await send(message)

        await self.app(scope, receive, with_headers)


def same_origin(request: Request) -> bool:
    """The form was sent from this hub's own pages: Origin, or else Referer, names this
    hub. A request with neither (not a browser's cross-site form) passes."""
    own = f"{request.url.scheme}://{request.headers.get('host', '')}"
    origin = request.headers.get("origin")
    if origin is not None:
        return origin == own
    referer = request.headers.get("referer")
    return referer is None or referer == own or referer.startswith(own + "/")
