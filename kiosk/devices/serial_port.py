"""Serial ports opened by pyserial URL, and a reader thread that cuts the input into lines.

Every serial device takes a port URL, so the site config picks the transport and the code
never branches:

    /dev/ttyUSB0, /dev/ttyACM0, COM3     a real port (RS-232, USB CDC, USB/RS-485 adapter)
    loop://                             writes come back as reads (simulators, tests)
    socket://192.168.1.50:4001          a device behind a TCP serial server
    spy:///dev/ttyUSB0?file=/tmp/t.txt  hex-dump all traffic, for a technician on site

:class:`LineReader` reads CR/LF-terminated frames on a daemon thread and hands each raw
frame (terminator removed, never empty) to a callback. It reopens the port after an error
(a USB scanner unplugged and plugged back), so a missing device shows as ``OFFLINE``
instead of stopping the kiosk.
"""

from __future__ import annotations

import abc
import logging
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import serial

from kiosk.devices.base import DeviceError, DeviceStatus

log = logging.getLogger(__name__)

BAUDRATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
_TERMINATORS = b"\r\n"


def open_port(url: str, baudrate: int = 9600, timeout: float | None = 0.2) -> serial.Serial:
    """Open ``url`` with :func:`serial.serial_for_url`; failures become ``DeviceError(OFFLINE)``."""
    try:
        return serial.serial_for_url(url, baudrate=baudrate, timeout=timeout, write_timeout=2.0)
    except (serial.SerialException, ValueError, OSError) as e:
        raise DeviceError(f"cannot open serial port {url}: {e}", DeviceStatus.OFFLINE) from e


def check_url(url: str) -> None:
    """Raise ``ValueError`` when pyserial does not know the URL's scheme (nothing is opened)."""
    serial.serial_for_url(url, do_not_open=True)


@dataclass
class FrameStats:
    """What a reader received: good frames and the ones it skipped, by reason."""

    frames: int = 0
    garbled: int = 0
    too_long: int = 0
    not_utf8: int = 0

    @property
    def skipped(self) -> int:
        return self.garbled + self.too_long + self.not_utf8


def decode_text(frame: bytes, stats: FrameStats, name: str) -> str | None:
    """The frame as stripped text, or ``None`` (logged and counted) when it is not
    UTF-8 or holds control characters; blank frames are ``None`` without a count. The log
    gives the length only: a scanned frame may be an ID card's personal data."""
    try:
        text = frame.decode("utf-8").strip()
    except UnicodeDecodeError:
        stats.not_utf8 += 1
        log.warning("%s: frame of %d bytes is not UTF-8, skipped", name, len(frame))
        return None
    if not text:
        return None
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") for c in text):
        stats.garbled += 1
        log.warning("%s: garbled frame of %d bytes skipped", name, len(frame))
        return None
    return text


class LineReader:
    """Reads CR/LF-terminated frames from a port URL on one daemon thread.

    :param on_frame: called on the reader thread with each frame's bytes.
    :param max_length: longer frames are dropped up to the next terminator and counted
        in ``stats.too_long``.
    """

    def __init__(
        self,
        url: str,
        on_frame: Callable[[bytes], None],
        *,
        baudrate: int = 9600,
        max_length: int = 512,
        name: str = "serial",
        reconnect_s: float = 2.0,
    ) -> None:
        self.url = url
        self.baudrate = baudrate
        self.max_length = max_length
        self.name = name
        self.reconnect_s = reconnect_s
        self.stats = FrameStats()
        self.last_error = ""
        self._on_frame = on_frame
        self._port: serial.Serial | None = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def status(self) -> DeviceStatus:
        return DeviceStatus.READY if self._port is not None else DeviceStatus.OFFLINE

    def start(self) -> None:
        """Open the port now (an error is logged and retried) and start reading."""
        if self._thread is not None:
            return
        self._stopping.clear()
        self._reopen()
        self._thread = threading.Thread(target=self._run, name=f"{self.name}-reader", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread and close the port; safe to call twice."""
        self._stopping.set()
        with self._lock:
            port = self._port
        if port is not None and hasattr(port, "cancel_read"):
            port.cancel_read()
        if self._thread is not None:
            self._thread.join(timeout=2.0)
            self._thread = None
        self._close()

    def write(self, data: bytes) -> None:
        """Write to the open port (a simulator injects frames this way over ``loop://``)."""
        with self._lock:
            if self._port is None:
                raise DeviceError(f"{self.name}: port {self.url} is not open", DeviceStatus.OFFLINE)
            try:
                self._port.write(data)
                self._port.flush()
            except serial.SerialException as e:
                raise DeviceError(f"{self.name}: write failed: {e}", DeviceStatus.OFFLINE) from e

    def _reopen(self) -> bool:
        try:
            port = open_port(self.url, self.baudrate)
        except DeviceError as e:
            if str(e) != self.last_error:
                log.warning("%s: %s", self.name, e)
            self.last_error = str(e)
            return False
        with self._lock:
            self._port = port
        self.last_error = ""
        log.info("%s: reading %s at %d baud", self.name, self.url, self.baudrate)
        return True

    def _close(self) -> None:
        with self._lock:
            port, self._port = self._port, None
        if port is not None:
            port.close()

    def _run(self) -> None:
        buffer = bytearray()
        discarding = False
        while not self._stopping.is_set():
            port = self._port
            if port is None:
                if not self._reopen():
                    self._stopping.wait(self.reconnect_s)
                continue
            try:
                chunk = port.read(port.in_waiting or 1)
            except Exception as e:  # a vanished USB device also raises TypeError/AttributeError
                if not self._stopping.is_set():
                    self.last_error = f"{self.url}: {e}"
                    log.warning("%s: read failed, reopening: %s", self.name, e)
                self._close()
                buffer.clear()
                discarding = False
                self._stopping.wait(self.reconnect_s)
                continue
            for byte in chunk:
                if byte in _TERMINATORS:
                    if buffer and not discarding:
                        self._deliver(bytes(buffer))
                    buffer.clear()
                    discarding = False
                elif not discarding:
                    buffer.append(byte)
                    if len(buffer) > self.max_length:
                        self.stats.too_long += 1
                        log.warning(
                            "%s: frame longer than %d bytes skipped", self.name, self.max_length
                        )
                        buffer.clear()
                        discarding = True

    def _deliver(self, frame: bytes) -> None:
        try:
            self._on_frame(frame)
        except Exception:
            log.exception("%s: frame handler failed on %d bytes", self.name, len(frame))


class LineDevice(abc.ABC):
    """An input device that sends one text frame per line; subclasses handle ``_text``."""

    name = "device"

    def __init__(self, port: str, *, baudrate: int, max_length: int) -> None:
        self._reader = LineReader(
            port, self._frame, baudrate=baudrate, max_length=max_length, name=self.name
        )

    @property
    def port(self) -> str:
        return self._reader.url

    @property
    def stats(self) -> FrameStats:
        return self._reader.stats

    @property
    def status(self) -> DeviceStatus:
        return self._reader.status

    @property
    def last_error(self) -> str:
        return self._reader.last_error

    def stop(self) -> None:
        self._reader.stop()

    def _frame(self, frame: bytes) -> None:
        text = decode_text(frame, self.stats, self.name)
        if text is not None:
            self._text(text)

    @abc.abstractmethod
    def _text(self, text: str) -> None:
        """One decoded frame, on the reader thread."""
