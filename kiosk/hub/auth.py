"""Bearer-token authentication: each device token has a role, each role its actions.

Wrong tokens are counted per client address (:class:`kiosk.hub.guard.Lockout` in
``app.state.lockout``): after ten, that address is refused (429) for a minute, then
longer; other addresses, and their valid tokens, are never slowed.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request

from kiosk.config import Device, HubConfig
from kiosk.hub.errors import ApiError
from kiosk.hub.guard import Lockout, client_address, refuse


def authenticate(config: HubConfig, header: str | None) -> Device:
    """The device owning the bearer token in ``header``; 401 when absent or unknown."""
    if not header:
        raise ApiError(401, "unauthorized", "missing Authorization: Bearer <device token>")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", "expected Authorization: Bearer <device token>")
    presented = token.strip().encode()
    found = None
    for device in config.devices:  # compare against every token, in constant time each
        if hmac.compare_digest(device.token.encode(), presented):
            found = device
    if found is None:
        raise ApiError(401, "unauthorized", "unknown device token")
    return found


def guarded(request: Request, header: str | None) -> Device:
    """:func:`authenticate`, refused while the caller's address is locked out; a wrong
    token counts against the address."""
    lockout: Lockout = request.app.state.lockout
    address = client_address(request)
    wait = lockout.locked(address)
    if wait:
        raise refuse(wait, "Sai mã thiết bị quá nhiều lần", "too many wrong tokens")
    try:
        return authenticate(request.app.state.config, header)
    except ApiError as e:
        if header:  # a guess, not a missing header
            wait = lockout.failed(address)
            if wait:
                raise refuse(wait, "Sai mã thiết bị quá nhiều lần", "too many wrong tokens") from e
        raise


def require_roles(*roles: str) -> Callable[[Request], Coroutine[Any, Any, Device]]:
    """FastAPI dependency: the calling device, which must have one of ``roles`` (or admin)."""
    allowed = set(roles) | {"admin"}

    async def dependency(request: Request) -> Device:  # on the loop: no thread hop
        device = guarded(request, request.headers.get("authorization"))
        if device.role not in allowed:
            raise ApiError(
                403,
                "forbidden",
                f"device {device.id!r} ({device.role}) may not do this; "
                f"needs {' or '.join(sorted(allowed))}",
            )
        return device

    return dependency
