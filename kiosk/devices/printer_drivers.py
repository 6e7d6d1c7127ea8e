"""Real printers through python-escpos transports, and ``make_printer`` for the site config.

Drivers (the ``driver`` of a ``printer = {...}`` peripheral):

``sim``             simulated printer (kiosk/devices/printer_sim.py)
``escpos-serial``   ``port`` (device or pyserial URL: /dev/ttyUSB0, socket://host:port,
                    loop://), ``baudrate`` (9600), ``flow_control`` (none|rtscts|dsrdtr|xonxoff)
``escpos-usb``      ``vendor_id``, ``product_id`` (numbers or "0x0416"), ``in_ep``, ``out_ep``
``escpos-network``  ``host``, ``port`` (9100)
``file``            ``path`` (e.g. /dev/usb/lp0); write-only, so no status read-back

Every driver takes ``paper_width_mm`` (58 or 80), ``width_dots`` (overrides the
width), ``profile`` (a python-escpos printer profile, "default"), ``job_timeout_s``
and ``vietnamese`` ("glyphs": accented letters downloaded with ESC &, the default
and smallest; "raster": lines drawn as GS v 0 images, for printers without
user-defined characters). Links that read back take ``timeout_s`` and
``query_status`` (DLE EOT, default true).
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

import serial
import usb.core
from escpos.escpos import Escpos
from escpos.exceptions import Error as EscposError
from escpos.printer import File, Network, Serial, Usb

from kiosk.config import Peripheral
from kiosk.devices.base import DeviceConfigError, DeviceError, DeviceStatus
from kiosk.devices.escpos_text import MODES
from kiosk.devices.printer import Printer
from kiosk.devices.printer_sim import FAULTS, SimPrinter

WIDTHS = {58: 384, 80: 576}
_COMMON = {"paper_width_mm", "width_dots", "profile", "job_timeout_s", "vietnamese"}
_READ_BACK = {"timeout_s", "query_status"}
_DRIVER_OPTIONS = {
    "sim": {*FAULTS, "write_delay_ms", "baud"},
    "escpos-serial": {"port", "baudrate", "flow_control", *_READ_BACK},
    "escpos-usb": {"vendor_id", "product_id", "in_ep", "out_ep", *_READ_BACK},
    "escpos-network": {"host", "port", *_READ_BACK},
    "file": {"path"},
}
DRIVERS = tuple(_DRIVER_OPTIONS)


class UrlSerial(Serial):
    """python-escpos's serial printer, opened with ``serial_for_url`` and a write timeout."""

    device: serial.Serial | None  # python-escpos's property: None after a failed open

    def __init__(self, url: str, baudrate: int, timeout_s: float, flow_control: str) -> None:
        super().__init__(url, baudrate, timeout=timeout_s, dsrdtr=flow_control == "dsrdtr")
        self.xonxoff = flow_control == "xonxoff"
        self.rtscts = flow_control == "rtscts"

    def open(self, raise_not_found: bool = True) -> None:
        try:
            self.device = serial.serial_for_url(
                self.devfile,
                baudrate=self.baudrate,
                timeout=self.timeout,
                xonxoff=self.xonxoff,
                rtscts=self.rtscts,
                dsrdtr=self.dsrdtr,
            )
        except (ValueError, serial.SerialException) as e:
            self.device = None
            raise DeviceError(f"cannot open {self.devfile}: {e}", DeviceStatus.OFFLINE) from e

    def _port(self) -> serial.Serial:
        device = self.device
        if device is None:
            raise DeviceError(f"{self.devfile} is not open", DeviceStatus.OFFLINE)
        return device

    def _raw(self, msg: bytes) -> None:
        port = self._port()
        # allow the time the line needs at its baud rate (10 bits a byte), plus the timeout
        port.write_timeout = self.timeout + len(msg) * 10 / self.baudrate
        port.write(msg)

    def _read(self) -> bytes:
        return self._port().read(1)  # DLE EOT answers one byte; read(16) would wait the timeout


class EscposPrinter(Printer):
    """A real printer reached through one python-escpos transport (its ``_raw``/``_read``)."""

    def __init__(
        self,
        device: Escpos,
        name: str,
        width_dots: int,
        profile: str = "default",
        job_timeout_s: float = 30.0,
        vietnamese: str = "glyphs",
        reads_back: bool = True,
    ) -> None:
        super().__init__(name, width_dots, profile, job_timeout_s, vietnamese)
        self.device = device
        self.reads_back = reads_back

    def _open(self) -> None:
        try:
            self.device.open()
        except (EscposError, OSError, ValueError) as e:
            raise DeviceError(f"printer {self.name}: {e}", DeviceStatus.OFFLINE) from e

    def _write(self, data: bytes) -> None:
        self.device._raw(data)

    def _transact(self, query: bytes) -> bytes | None:
        if not self.reads_back:
            return None
        self.device._raw(query)
        try:
            return bytes(self.device._read())
        except (TimeoutError, usb.core.USBTimeoutError):
            return b""

    def _close(self) -> None:
        with contextlib.suppress(EscposError, OSError):  # a vanished device may fail to close
            self.device.close()


class _Options:
    """Typed access to a peripheral's options, raising DeviceConfigError naming the option."""

    def __init__(self, peripheral: Peripheral, allowed: set[str]) -> None:
        self.kind, self.options = peripheral.kind, peripheral.options
        unknown = sorted(set(self.options) - allowed)
        if unknown:
            raise DeviceConfigError(
                f"{self.kind}.{unknown[0]}: unknown option for driver {peripheral.driver!r} "
                f"(allowed: {', '.join(sorted(allowed))})"
            )

    def get(self, name: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        if name not in self.options:
            if default is ...:
                raise DeviceConfigError(f"{self.kind}.{name}: missing (required by this driver)")
            return default
        value = self.options[name]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(value, bool) is not (bool in kinds) or not isinstance(value, kinds):
            names = " or ".join(k.__name__ for k in kinds)
            raise DeviceConfigError(f"{self.kind}.{name}: expected {names}, got {value!r}")
        return value

    def number(self, name: str, default: Any, low: float, high: float) -> Any:
        value = self.get(name, (int, float) if isinstance(default, float) else int, default)
        if not low <= value <= high:
            raise DeviceConfigError(f"{self.kind}.{name}: {value} must be {low}-{high}")
        return value

    def usb_id(self, name: str, default: Any = ...) -> int:
        value = self.get(name, (int, str), default)
        try:
            number = int(value, 0) if isinstance(value, str) else value
        except ValueError:
            raise DeviceConfigError(f"{self.kind}.{name}: {value!r} is not a number") from None
        if not 0 <= number <= 0xFFFF:
            raise DeviceConfigError(f"{self.kind}.{name}: {value!r} is not a USB id (0-0xFFFF)")
        return number


def _width(o: _Options) -> int:
    mm = o.get("paper_width_mm", int, 80)
    if mm not in WIDTHS:
        raise DeviceConfigError(f"{o.kind}.paper_width_mm: {mm} must be 58 or 80")
    return o.number("width_dots", WIDTHS[mm], 128, 832)


def _profile(o: _Options) -> str:
    from escpos.capabilities import CAPABILITIES

    name = o.get("profile", str, "default")
    if name not in CAPABILITIES["profiles"]:
        raise DeviceConfigError(f"{o.kind}.profile: unknown python-escpos profile {name!r}")
    return name


def _vietnamese(o: _Options) -> str:
    mode = o.get("vietnamese", str, "glyphs")
    if mode not in MODES:
        raise DeviceConfigError(f"{o.kind}.vietnamese: {mode!r} must be one of {', '.join(MODES)}")
    return mode


def _device(driver: str, o: _Options) -> tuple[Escpos, bool]:
    timeout = o.number("timeout_s", 2.0, 0.1, 60) if driver != "file" else 0
    reads_back = o.get("query_status", bool, True) if driver != "file" else False
    if driver == "escpos-serial":
        flow = o.get("flow_control", str, "none")
        if flow not in ("none", "rtscts", "dsrdtr", "xonxoff"):
            raise DeviceConfigError(
                f"{o.kind}.flow_control: {flow!r} must be none, rtscts, dsrdtr or xonxoff"
            )
        baud = o.number("baudrate", 9600, 1200, 921600)
        return UrlSerial(o.get("port", str), baud, timeout, flow), reads_back
    if driver == "escpos-usb":
        if not Usb.is_usable():
            raise DeviceConfigError(f"{o.kind}.driver: escpos-usb needs pyusb and libusb installed")
        usb = Usb(
            o.usb_id("vendor_id"),
            o.usb_id("product_id"),
            timeout=int(timeout * 1000),
            in_ep=o.usb_id("in_ep", 0x82),
            out_ep=o.usb_id("out_ep", 0x01),
        )
        return usb, reads_back
    if driver == "escpos-network":
        return Network(o.get("host", str), o.number("port", 9100, 1, 65535), timeout), reads_back
    return File(o.get("path", str)), False


def make_printer(peripheral: Peripheral, name: str = "printer") -> Printer:
    """Build the printer a site config names; never falls back to the simulator."""
    driver = peripheral.driver
    if driver not in _DRIVER_OPTIONS:
        raise DeviceConfigError(
            f"{peripheral.kind}.driver: unknown printer driver {driver!r} "
            f"(known: {', '.join(DRIVERS)})"
        )
    o = _Options(peripheral, _COMMON | _DRIVER_OPTIONS[driver])
    common: Mapping[str, Any] = {
        "width_dots": _width(o),
        "profile": _profile(o),
        "job_timeout_s": o.number("job_timeout_s", 30.0, 1, 600),
        "vietnamese": _vietnamese(o),
    }
    if driver == "sim":
        faults = {f: o.get(f, bool, False) for f in FAULTS}
        return SimPrinter(
            name,
            **common,
            **faults,
            write_delay_ms=o.number("write_delay_ms", 0, 0, 60_000),
            baud=o.number("baud", 0, 0, 921_600),
        )
    device, reads_back = _device(driver, o)
    return EscposPrinter(device, name, **common, reads_back=reads_back)
