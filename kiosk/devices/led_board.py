"""The LED number board above a counter, over a serial line (RS-485 adapters are serial ports).

Frame format of the default protocol, :class:`StxLedProtocol` (one-way; boards do not answer)::

    STX  ADDR  CMD  PAYLOAD  ETX  LRC
    02   "01"  "S"  "A015"   03   "24"

    ADDR     two ASCII digits, the board's address 01-99 (DIP switches), so several
             boards share one RS-485 pair
    CMD      "S" show PAYLOAD steadily
             "B" blink: PAYLOAD is two ASCII digits of seconds, then the text; the board
                 blinks the text that long, then shows it steadily
             "C" clear (no payload)
    text     1-8 characters of 0-9, A-Z, space and "-"
    LRC      XOR of every byte from ADDR through ETX, as two upper-case ASCII hex digits

Another board's protocol is one new :class:`LedProtocol` subclass passed to the board.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import reduce

import serial

from kiosk.devices.base import DeviceError, DeviceStatus
from kiosk.devices.serial_port import open_port

log = logging.getLogger(__name__)

STX, ETX = 0x02, 0x03
_TEXT = re.compile(r"^[0-9A-Z \-]{1,8}$")
_FRAME = re.compile(rb"^\x02(\d\d)([SBC])([0-9A-Z \-]*)\x03([0-9A-F]{2})$")


def board_text(text: str) -> str:
    """``text`` upper-cased, or ``ValueError`` when a board cannot show it."""
    upper = text.upper()
    if not _TEXT.match(upper):
        raise ValueError(f"an LED board shows 1-8 of 0-9 A-Z space -, not {text!r}")
    return upper


@dataclass(frozen=True)
class LedCommand:
    """One decoded frame: ``cmd`` is "show", "blink" or "clear"."""

    address: int
    cmd: str
    text: str = ""
    seconds: int = 0


class LedProtocol(ABC):
    """Encodes board commands as bytes for one family of boards."""

    @abstractmethod
    def show(self, address: int, text: str) -> bytes: ...

    @abstractmethod
    def blink(self, address: int, text: str, seconds: int) -> bytes: ...

    @abstractmethod
    def clear(self, address: int) -> bytes: ...

    @abstractmethod
    def decode(self, frame: bytes) -> LedCommand:
        """Parse one frame (``ValueError`` if malformed); the simulated board uses it."""


class StxLedProtocol(LedProtocol):
    """STX addr cmd payload ETX LRC, as described in the module docstring."""

    def show(self, address: int, text: str) -> bytes:
        return self._frame(address, "S", board_text(text))

    def blink(self, address: int, text: str, seconds: int) -> bytes:
        if not 1 <= seconds <= 99:
            raise ValueError(f"blink seconds must be 1-99, not {seconds}")
        return self._frame(address, "B", f"{seconds:02d}{board_text(text)}")

    def clear(self, address: int) -> bytes:
        return self._frame(address, "C", "")

    def decode(self, frame: bytes) -> LedCommand:
        m = _FRAME.match(frame)
        if m is None:
            raise ValueError(f"not an STX LED frame: {frame!r}")
        if m.group(4).decode() != _lrc(frame[1:-2]):
            raise ValueError(f"bad checksum in {frame!r}")
        address, cmd, payload = int(m.group(1)), m.group(2).decode(), m.group(3).decode()
        if cmd == "S":
            return LedCommand(address, "show", payload)
        if cmd == "B" and len(payload) > 2 and payload[:2].isdigit():
            return LedCommand(address, "blink", payload[2:], int(payload[:2]))
        if cmd == "C" and not payload:
            return LedCommand(address, "clear")
        raise ValueError(f"bad payload in {frame!r}")

    @staticmethod
    def _frame(address: int, cmd: str, payload: str) -> bytes:
        if not 1 <= address <= 99:
            raise ValueError(f"board address must be 1-99, not {address}")
        body = f"{address:02d}{cmd}{payload}".encode("ascii") + bytes([ETX])
        return bytes([STX]) + body + _lrc(body).encode("ascii")


def _lrc(data: bytes) -> str:
    return f"{reduce(lambda a, b: a ^ b, data, 0):02X}"


class LedBoard(ABC):
    """A counter's number board; the protocol encodes, :meth:`_write` sends."""

    def __init__(self, *, address: int = 1, protocol: LedProtocol | None = None) -> None:
        self.address = address
        self.protocol = protocol or StxLedProtocol()

    def show(self, text: str) -> None:
        """Show ``text`` (e.g. a ticket number) steadily."""
        self._write(self.protocol.show(self.address, text))

    def call(self, text: str, blink_s: int = 5) -> None:
        """Show ``text`` blinking for ``blink_s`` seconds, then steadily (a new call)."""
        self._write(self.protocol.blink(self.address, text, blink_s))

    def clear(self) -> None:
        self._write(self.protocol.clear(self.address))

    @property
    @abstractmethod
    def status(self) -> DeviceStatus: ...

    @abstractmethod
    def _write(self, frame: bytes) -> None: ...


class SerialLedBoard(LedBoard):
    """A board at a pyserial URL; the port opens on first use and reopens after an error."""

    def __init__(
        self,
        port: str,
        *,
        baudrate: int = 9600,
        address: int = 1,
        protocol: LedProtocol | None = None,
    ) -> None:
        super().__init__(address=address, protocol=protocol)
        self.port = port
        self.baudrate = baudrate
        self.last_error = ""
        self._serial: serial.SerialBase | None = None
        self._lock = threading.Lock()

    @property
    def status(self) -> DeviceStatus:
        return DeviceStatus.OFFLINE if self.last_error else DeviceStatus.READY

    def open(self) -> None:
        """Open the port now (``DeviceError(OFFLINE)`` when it cannot)."""
        with self._lock:
            self._open()

    def close(self) -> None:
        with self._lock:
            if self._serial is not None:
                self._serial.close()
                self._serial = None

    def _open(self) -> serial.SerialBase:
        if self._serial is None:
            try:
                self._serial = open_port(self.port, self.baudrate)
            except DeviceError as e:
                self.last_error = str(e)
                raise
        return self._serial

    def _write(self, frame: bytes) -> None:
        with self._lock:
            port = self._open()
            try:
                port.write(frame)
                port.flush()
            except (serial.SerialException, OSError) as e:
                port.close()
                self._serial = None
                self.last_error = f"LED board at {self.port}: {e}"
                raise DeviceError(self.last_error, DeviceStatus.OFFLINE) from e
            self.last_error = ""


class SimLedBoard(LedBoard):
    """A simulated board: decodes every frame it gets and keeps what it would show.

    ``text`` is the text shown, ``blinking`` is true while a call blinks, ``frames`` holds
    every frame received. ``offline = True`` makes writes fail as an unplugged board does.
    """

    def __init__(self, *, address: int = 1, protocol: LedProtocol | None = None) -> None:
        super().__init__(address=address, protocol=protocol)
        self.text = ""
        self.frames: list[bytes] = []
        self.offline = False
        self._blink_until = 0.0

    @property
    def status(self) -> DeviceStatus:
        return DeviceStatus.OFFLINE if self.offline else DeviceStatus.READY

    @property
    def blinking(self) -> bool:
        return time.monotonic() < self._blink_until

    def _write(self, frame: bytes) -> None:
        if self.offline:
            raise DeviceError("simulated LED board is offline", DeviceStatus.OFFLINE)
        command = self.protocol.decode(frame)
        self.frames.append(frame)
        if command.address != self.address:
            return
        self.text = command.text
        self._blink_until = time.monotonic() + command.seconds if command.cmd == "blink" else 0
