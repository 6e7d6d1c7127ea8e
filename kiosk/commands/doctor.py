"""``kiosk doctor``: is this PC ready? Its devices, the hub, the clock, the QR address.

Lists serial ports, USB printers and the audio output (libvlc) for information, then
checks: this PC's devices (``--device``, else ``$KIOSK_DEVICE``, else every device of
the site file whose peripherals can be probed here), the hub's health and the clock
skew against it, the site's time zone, and the public URL printed in ticket QR codes.
Each check prints ``ok`` or ``FAIL`` and one line; a check that raises is a failed
check, never a traceback. Exits 1 when any check failed, so it can gate an install.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

USB_PRINTER_CLASS = 7
MAX_SKEW_S = 30.0  # the hub stamps tickets; a PC's clock this far off misleads people
HTTP_TIMEOUT_S = 3.0
Check = tuple[bool, str]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("doctor", help="check this PC's devices, the hub, clock and QR address")
    p.add_argument("--config", metavar="FILE", help="site TOML (default: the example site)")
    p.add_argument("--device", help="this PC's device id (default: $KIOSK_DEVICE)")
    p.add_argument("--hub", metavar="URL", help="hub base URL (default: from the config)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.config import load_site

    site = load_site(args.config)
    print("Serial ports:")
    for line in _guard(serial_ports):
        print(f"  {line}")
    print("USB printers:")
    for line in _guard(usb_printers):
        print(f"  {line}")
    print("Audio output:")
    print(f"  {_guard(lambda: [audio_output()])[0]}")
    hub_url = (args.hub or site.hub.base_url).rstrip("/")  # where this PC's app goes
    failed = 0
    for title, checks in (
        (f"Devices of {site.name} ({site.source}):", lambda: device_checks(site, args.device)),
        (f"Hub {hub_url}:", lambda: hub_checks(hub_url)),
        (f"Time zone {site.timezone}:", lambda: [timezone_check(site.timezone)]),
        ("Ticket QR address ([hub] public_url):", lambda: public_url_checks(site.hub)),
    ):
        print(title)
        for ok, line in _checked(checks):
            failed += not ok
            print(f"  {'ok  ' if ok else 'FAIL'} {line}")
    print("Everything checked is ready." if not failed else f"{failed} check(s) failed.")
    return 1 if failed else 0


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}".rstrip(": ")


def _guard(lines: Callable[[], list[str]]) -> list[str]:
    try:
        return lines()
    except Exception as e:  # information only: say what went wrong, go on
        return [f"(could not list: {_first_line(e)})"]


def _checked(checks: Callable[[], Any]) -> Iterator[Check]:
    """The checks' results; one that raises becomes a failed check of one line."""
    try:
        yield from checks()
    except Exception as e:
        yield False, _first_line(e)


# -- hardware, for information --------------------------------------------------


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


# -- this PC's devices ----------------------------------------------------------


def device_checks(site: Any, named: str | None) -> Iterator[Check]:
    """The named device's peripherals, or every device's that can be probed here."""
    named = named or os.environ.get("KIOSK_DEVICE") or None
    known = ", ".join(d.id for d in site.devices)
    if named:
        device = site.device(named)
        if device is None:
            yield False, f"no device {named!r} in {site.source} (known: {known})"
            return
        devices = [device]
    else:
        with_peripherals = [d for d in site.devices if d.peripherals]
        devices = [d for d in with_peripherals if not missing_ports(d)]
        skipped = [d.id for d in with_peripherals if d not in devices]
        if skipped:
            print(f"  (not probed, their ports are not on this PC: {', '.join(skipped)})")
        if not devices:
            yield (
                False,
                (
                    "no device of the site can be probed here: name this PC's with --device ID "
                    f"or $KIOSK_DEVICE (known: {known})"
                ),
            )
            return
    for device in devices:
        if not device.peripherals:
            yield True, f"{device.id} ({device.role}): no peripherals"
        for ok, line in check_device(device):
            yield ok, f"{device.id} ({device.role}): {line}"


def missing_ports(device: Any) -> list[str]:
    """Serial device paths (``port = "/dev/..."``) the device names that this PC lacks."""
    ports = [p.options.get("port") for p in device.peripherals.values()]
    return [p for p in ports if isinstance(p, str) and p.startswith("/") and not Path(p).exists()]


def check_device(device: Any) -> list[Check]:
    """(usable, description) for each peripheral of ``device``."""
    from kiosk.devices.factory import build_devices

    try:
        devices = build_devices(device)
    except Exception as e:  # a bad option, a missing libvlc or pyusb
        return [(False, _first_line(e))]
    results = []
    try:
        for kind, peripheral in device.peripherals.items():
            ok, state = probe(getattr(devices, kind))
            results.append((ok, f"{kind:<10} {peripheral.driver:<6} {state}"))
    finally:
        devices.close()
    return results


def probe(dev: Any) -> Check:
    """Try a device once and say how it is."""
    from kiosk.devices.base import DeviceError, DeviceStatus
    from kiosk.devices.led_board import SerialLedBoard
    from kiosk.devices.media import MediaPlayer
    from kiosk.devices.rating_pad import RatingPad
    from kiosk.devices.scanner import Scanner

    where = f" at {dev.port}" if isinstance(getattr(dev, "port", None), str) else ""
    try:
        if isinstance(dev, (Scanner, RatingPad)):  # the serial line devices: open the port
            dev.start(lambda _value: None)
        elif isinstance(dev, SerialLedBoard):
            dev.open()
        elif isinstance(dev, MediaPlayer):
            present = [p for p in dev.playlist if p.is_file()]
            if not present:
                return False, f"none of the {len(dev.playlist)} playlist files exists"
            where = f", {len(present)} of {len(dev.playlist)} playlist files present"
        status = dev.status() if callable(dev.status) else dev.status  # the printer's is a call
    except DeviceError as e:
        return False, f"{e.status}{where}: {e}"
    except Exception as e:
        return False, f"{_first_line(e)}{where}"
    error = getattr(dev, "last_error", "")
    detail = f"{status}{where}" + (f": {error}" if error else "")
    return DeviceStatus(status).usable, detail


# -- hub, clock, time zone, QR address --------------------------------------------


def hub_checks(url: str, now: Callable[[], float] = time.time) -> Iterator[Check]:
    """The hub answers its health check, and its clock agrees with this PC's."""
    import requests

    try:
        sent = now()
        answer = requests.get(f"{url}/api/v1/health", timeout=HTTP_TIMEOUT_S)
        received = now()
    except requests.RequestException as e:
        yield False, f"hub unreachable at {url}: {type(e).__name__}"
        return
    if answer.status_code != 200:
        yield False, f"hub at {url} answered HTTP {answer.status_code} to /api/v1/health"
        return
    health = answer.json()
    yield True, f"reachable: {health.get('site')} (kiosk {health.get('version')})"
    skew = float(health["time"]) - (sent + received) / 2
    line = f"clock skew {skew:+.1f} s (hub minus this PC; at most ±{MAX_SKEW_S:.0f} s)"
    if abs(skew) > MAX_SKEW_S:
        yield False, f"{line}: set the time (timedatectl set-ntp true)"
    else:
        yield True, line


def timezone_check(name: str, now: float | None = None) -> Check:
    """The site's zone exists here (tzdata), and what the time is there vs on this PC."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from kiosk.clock import local_time

    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False, f"{name!r} is not a time zone this PC knows (apt-get install tzdata)"
    there = local_time(zone, now)
    here = dt.datetime.fromtimestamp(there.timestamp()).astimezone()
    same = there.utcoffset() == here.utcoffset()
    note = (
        "as on this PC"
        if same
        else f"{here:%H:%M} on this PC ({here.tzname()}); screens show the site's"
    )
    return True, f"{there:%H:%M} there ({there.tzname()}), {note}"


def public_url_checks(hub: Any) -> Iterator[Check]:
    """Set (unless the hub only listens on loopback, as the demo does), not loopback, and
    answering its health check."""
    import requests

    from kiosk.config import is_loopback

    if not hub.public_url:
        if is_loopback(hub.host):
            yield True, f"not set; the hub listens on {hub.host} only (a demo, no phones)"
        else:
            yield (
                False,
                (
                    f"not set while the hub listens on {hub.host}: QR codes would point at "
                    f"http://{hub.host}:{hub.port}; set the address phones reach"
                ),
            )
        return
    host = urlsplit(hub.public_url).hostname or ""
    if is_loopback(host):
        yield False, f"{hub.public_url} is a loopback address no phone can open"
        return
    try:
        answer = requests.get(f"{hub.public_url}/api/v1/health", timeout=HTTP_TIMEOUT_S)
    except requests.RequestException as e:
        yield False, f"{hub.public_url} unreachable from this PC: {type(e).__name__}"
        return
    if answer.status_code == 200:
        yield True, f"{hub.public_url} answers"
    else:
        yield False, f"{hub.public_url} answered HTTP {answer.status_code}"
