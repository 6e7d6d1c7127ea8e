"""What every device shares: status values and the error a driver raises."""

from __future__ import annotations

import enum


class DeviceStatus(enum.StrEnum):
    """A device's state as shown to citizens and staff."""

    READY = "ready"
    BUSY = "busy"
    PAPER_LOW = "paper_low"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    ERROR = "error"
    UNKNOWN = "unknown"  # the link cannot read back, or the device does not answer

    @property
    def usable(self) -> bool:
        """True when the device can still do its job: paper low still prints, and an
        unknown state is tried (a failed write is then the only sign)."""
        return self in (
            DeviceStatus.READY,
            DeviceStatus.BUSY,
            DeviceStatus.PAPER_LOW,
            DeviceStatus.UNKNOWN,
        )


class DeviceError(RuntimeError):
    """A device failed; ``status`` says how, the message says it in words."""

    def __init__(self, message: str, status: DeviceStatus = DeviceStatus.ERROR) -> None:
        super().__init__(message)
        self.status = status


class DeviceConfigError(ValueError):
    """A peripheral's driver or options in the site config are wrong."""
