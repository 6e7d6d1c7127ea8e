"""systemd's notify protocol without libsystemd: ``READY=1``, ``WATCHDOG=1``, ``STATUS=...``.

A service started with ``Type=notify`` (and ``WatchdogSec=``) finds the socket in
``$NOTIFY_SOCKET``; elsewhere :func:`notify` does nothing and says so.
"""

from __future__ import annotations

import logging
import os
import socket

log = logging.getLogger(__name__)


def notify(message: str) -> bool:
    """Send ``message`` (e.g. "READY=1") to systemd; False when not run by systemd."""
    address = os.environ.get("NOTIFY_SOCKET", "")
    if not address:
        return False
    if address.startswith("@"):  # an abstract socket
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(address)
            sock.sendall(message.encode())
    except OSError as e:
        log.warning("sd_notify %r to %s failed: %s", message, address.lstrip("\0"), e)
        return False
    return True


def watchdog_period() -> float | None:
    """How often to send "WATCHDOG=1" (half of ``WatchdogSec``), or None without a watchdog."""
    usec = os.environ.get("WATCHDOG_USEC", "")
    pid = os.environ.get("WATCHDOG_PID", "")
    if not usec.isdigit() or (pid and pid != str(os.getpid())):
        return None
    return int(usec) / 2e6
