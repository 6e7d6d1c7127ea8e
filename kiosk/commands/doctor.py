"""``kiosk doctor``: what hardware this PC sees, and the state of each configured device.

Lists serial ports, USB printers (with pyusb), the audio output (libvlc), then builds
every device of the site file and probes each peripheral: serial ports are opened and
closed, simulated devices report their state. Exits 1 when a configured device is not
usable, so it can gate an installation script.
"""

from __future__ import annotations

import argparse
from typing import Any

USB_PRINTER_CLASS = 7


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("doctor", help="check serial ports, printers, audio and configured devices")
    p.add_argument("--config", metavar="FILE", help="site TOML (default: the example site)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.config import load_site

    site = load_site(args.config)
    print("Serial ports:")
    for line in serial_ports():
        print(f"  {line}")
    print("USB printers:")
    for line in usb_printers():
        print(f"  {line}")
    print("Audio output:")
    print(f"  {audio_output()}")
    print(f"Devices of {site.name} ({site.source}):")
    failures = 0
    for device in site.devices:
        if not device.peripherals:
            continue
        print(f"  {device.id} ({device.role}):")
        for ok, line in check_device(device):
            failures += not ok
            print(f"    {'ok  ' if ok else 'FAIL'} {line}")
    print("All configured devices are usable." if not failures else f"{failures} problem(s).")
    return 1 if failures else 0


def serial_ports() -> list[str]:
    from serial.tools import list_ports

    ports = sorted(list_ports.comports(), key=lambda p: p.device)
    if not ports:
        return ["(none found)"]
    return [
        f"{p.device}  {p.description}" + (f"  [{p.vid:04x}:{p.pid:04x}]" if p.vid else "")
        for p in ports
    ]


def usb_printers() -> list[str]:
    try:
        import usb.core
    except ImportError:
        return ["pyusb is not installed (pip install pyusb; system package libusb-1.0-0)"]
    try:
        found = list(usb.core.find(find_all=True))
    except usb.core.NoBackendError:
        return ["no libusb backend: install the system package libusb-1.0-0"]
    lines = []
    for dev in found:
        try:
            classes = {i.bInterfaceClass for cfg in dev for i in cfg}
        except (usb.core.USBError, ValueError, NotImplementedError):
            continue
        if USB_PRINTER_CLASS in classes:
            ids = f"{dev.idVendor:04x}:{dev.idProduct:04x}"
            lines.append(f"[{ids}] bus {dev.bus} address {dev.address}")
    return lines or ["(none with the USB printer class; vendor-class printers are not listed)"]


def audio_output() -> str:
    from kiosk.devices.announcer import audio_outputs, load_vlc
    from kiosk.devices.base import DeviceError

    try:
        vlc = load_vlc()
    except DeviceError as e:
        return str(e)
    version = vlc.libvlc_get_version().decode()
    instance = vlc.Instance("--no-video", "--quiet")
    outputs = audio_outputs(vlc, instance) if instance is not None else []
    if not outputs:
        return f"libvlc {version} has no audio output module (install vlc-plugin-base)"
    return f"libvlc {version}; outputs: {', '.join(outputs)}"


def check_device(device: Any) -> list[tuple[bool, str]]:
    """(usable, description) for each peripheral of ``device``."""
    from kiosk.devices.base import DeviceConfigError, DeviceError
    from kiosk.devices.factory import build_devices

    try:
        devices = build_devices(device)
    except (DeviceConfigError, DeviceError, ImportError) as e:
        return [(False, f"{type(e).__name__}: {e}")]
    results = []
    try:
        for kind, peripheral in device.peripherals.items():
            ok, state = probe(getattr(devices, kind))
            results.append((ok, f"{kind:<10} {peripheral.driver:<6} {state}"))
    finally:
        devices.close()
    return results


def probe(dev: Any) -> tuple[bool, str]:
    """Try a device once and say how it is."""
    from kiosk.devices.base import DeviceError, DeviceStatus
    from kiosk.devices.led_board import SerialLedBoard

    where = f" at {dev.port}" if isinstance(getattr(dev, "port", None), str) else ""
    try:
        if hasattr(dev, "start") and hasattr(dev, "stop"):  # scanner, rating pad
            dev.start(lambda _value: None)
        elif isinstance(dev, SerialLedBoard):
            dev.open()
        status = dev.status() if callable(dev.status) else dev.status  # the printer's is a call
    except DeviceError as e:
        return False, f"{e.status}{where}: {e}"
    error = getattr(dev, "last_error", "")
    detail = f"{status}{where}" + (f": {error}" if error else "")
    return DeviceStatus(status).usable, detail
