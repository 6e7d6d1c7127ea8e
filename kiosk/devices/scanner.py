"""QR/barcode scanners on a serial line (RS-232, or USB in CDC "virtual COM" mode).

A scanner sends each code as one frame terminated by CR, LF or CR LF (the factory setting
of common Honeywell, Zebra, Newland and Zkteco readers). A frame that is not UTF-8, holds
control characters, or is longer than ``max_length`` bytes is logged, counted in
``stats`` and skipped; blank frames are ignored. No log line holds a code's text: it
may be the QR of a citizen's ID card (kiosk/device/cccd.py).

Codes reach ``on_code`` on the reader thread: a caller with a UI marshals them itself
(Kivy: ``Clock.schedule_once``). Scanners that type into the app as a keyboard (HID
"keyboard wedge") are handled by :mod:`kiosk.device.wedge` instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from kiosk.devices.serial_port import LineDevice

log = logging.getLogger(__name__)

CodeHandler = Callable[[str], None]


class Scanner(LineDevice):
    """A serial scanner at a pyserial URL; :meth:`start` begins delivering codes."""

    name = "scanner"

    def __init__(self, port: str, *, baudrate: int = 9600, max_length: int = 512) -> None:
        super().__init__(port, baudrate=baudrate, max_length=max_length)
        self._on_code: CodeHandler | None = None

    def start(self, on_code: CodeHandler) -> None:
        """Open the port and call ``on_code(text)`` on the reader thread for each code."""
        self._on_code = on_code
        self._reader.start()

    def _text(self, text: str) -> None:
        self.stats.frames += 1
        log.debug("scanner: a code of %d characters", len(text))  # never its text
        if self._on_code is not None:
            self._on_code(text)


class SimScanner(Scanner):
    """A simulated scanner: codes written to a ``loop://`` port go through the real parsing.

    ``scan(code)`` sends one code as the hardware would; ``send_raw(data)`` injects any
    bytes (noise, a frame with no terminator, Latin-1 text) to try the fault paths.
    """

    def __init__(self, *, port: str = "loop://", max_length: int = 512) -> None:
        super().__init__(port, max_length=max_length)

    def scan(self, code: str) -> None:
        """Send ``code`` followed by CR, like a scanner in its factory setting."""
        self.send_raw(code.encode("utf-8") + b"\r")

    def send_raw(self, data: bytes) -> None:
        self._reader.write(data)
