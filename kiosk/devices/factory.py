"""Build a device's peripherals from its site config: ``build_devices(device) -> Devices``.

Each peripheral names its driver explicitly; a wrong driver or option raises
:class:`DeviceConfigError` naming ``devices[<id>].<kind>.<option>``. There is no silent
fallback to a simulator. Serial ports open when a device starts, so an unplugged scanner
shows as offline instead of stopping the kiosk; a machine without libvlc fails here, at
start-up, with the packages to install.

    kind        driver  options (default)
    printer     see kiosk.devices.printer_drivers.make_printer
    scanner     serial  port (required), baudrate (9600), max_length (512)
                sim     max_length (512)
    rating_pad  serial  port (required), baudrate (9600), buttons (3), debounce_ms (300)
                sim     buttons (3), debounce_ms (300)
    led_board   serial  port (required), baudrate (9600), address (1), protocol ("stx")
                sim     address (1)
    audio       vlc     vlc_args ([]), reading ("number"), repeat (1), english (false),
                        dialect ("north"), pack
                sim     reading ("number"), repeat (1), english (false), dialect ("north"),
                        pack, realtime (true), output_dir
    media       vlc     playlist (required), image_seconds (8), volume (100),
                        duck_volume (15), vlc_args ([])
                sim     playlist (required), image_seconds (8), volume (100),
                        duck_volume (15), video_seconds (5)
    speech      espeak  clips, rate (140)
                sim     clips

``port`` is a pyserial URL (/dev/ttyUSB0, COM3, loop://, socket://host:port, spy://...);
``pack`` is a voice pack folder (default assets/audio); ``reading`` "number" says A015 as
"A mười lăm", "digits" as "A không một năm"; ``repeat`` is how many times the words are
spoken; ``dialect`` "south" reads numbers with "lẻ" and "ngàn". ``playlist``
lists pictures and videos, relative to assets/ or absolute (a missing file is skipped at
play time, not refused here); the display's media is ducked while its audio announces.
``speech`` is a kiosk's voice for spoken guidance; ``clips`` a folder of human recordings
(``<lang>/<key>.wav``) that replace the synthetic voice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.config import Device, Peripheral
from kiosk.devices.announcer import Announcer, SimAnnouncer, VlcAnnouncer
from kiosk.devices.base import DeviceConfigError
from kiosk.devices.led_board import LedBoard, SerialLedBoard, SimLedBoard, StxLedProtocol
from kiosk.devices.media import MediaPlayer, SimMediaPlayer, VlcMediaPlayer
from kiosk.devices.rating_pad import RatingPad, SimRatingPad
from kiosk.devices.scanner import Scanner, SimScanner
from kiosk.devices.serial_port import BAUDRATES, check_url
from kiosk.devices.speech import EspeakSpeaker, SimSpeaker, Speaker
from kiosk.devices.voice_pack import READINGS, VoicePack
from kiosk.paths import asset

if TYPE_CHECKING:
    from kiosk.devices.printer import Printer

_ANY = object()
AUDIO_CLOSE_S = 3.0  # closing plays out a call being announced, not a long queue (stop < 5 s)


@dataclass
class Devices:
    """The peripherals of one kiosk PC; absent ones are ``None``."""

    printer: Printer | None = None
    scanner: Scanner | None = None
    rating_pad: RatingPad | None = None
    led_board: LedBoard | None = None
    audio: Announcer | None = None
    media: MediaPlayer | None = None
    speech: Speaker | None = None

    def __post_init__(self) -> None:
        """Duck the media while the audio announces (its callbacks come from its worker)."""
        if self.audio is not None and self.media is not None:
            media = self.media
            self.audio.on_start = lambda _item: media.duck()
            self.audio.on_end = lambda _item: media.unduck()

    def close(self) -> None:
        """Stop readers, close ports, play out the announcement (at most 3 s), stop media."""
        if self.scanner is not None:
            self.scanner.stop()
        if self.rating_pad is not None:
            self.rating_pad.stop()
        if isinstance(self.led_board, SerialLedBoard):
            self.led_board.close()
        if self.audio is not None:
            self.audio.close(timeout=AUDIO_CLOSE_S)
        if self.printer is not None:
            self.printer.close()
        if self.media is not None:
            self.media.stop()
        if self.speech is not None:
            self.speech.close(timeout=AUDIO_CLOSE_S)


class _Options:
    """Typed, named access to one peripheral's options; :meth:`finish` rejects unknown ones."""

    def __init__(self, device_id: str, peripheral: Peripheral) -> None:
        self.path = f"devices[{device_id}].{peripheral.kind}"
        self.data = dict(peripheral.options)
        self.allowed: set[str] = set()

    def error(self, name: str, problem: str) -> DeviceConfigError:
        return DeviceConfigError(f"{self.path}.{name}: {problem}")

    def get(self, name: str, kind: type, default: Any = _ANY) -> Any:
        self.allowed.add(name)
        if name not in self.data:
            if default is _ANY:
                raise self.error(name, "missing (required)")
            return default
        value = self.data[name]
        if isinstance(value, bool) != (kind is bool) or not isinstance(value, kind):
            raise self.error(name, f"expected {kind.__name__}, got {value!r}")
        return value

    def number(self, name: str, default: int, low: int, high: int) -> int:
        value = self.get(name, int, default)
        if not low <= value <= high:
            raise self.error(name, f"{value} must be {low}-{high}")
        return value

    def choice(self, name: str, default: Any, choices: tuple[Any, ...]) -> Any:
        value = self.get(name, type(default), default)
        if value not in choices:
            raise self.error(name, f"{value!r} is not one of {', '.join(map(str, choices))}")
        return value

    def port(self) -> str:
        url = self.get("port", str)
        try:
            check_url(url)
        except ValueError as e:
            raise self.error("port", f"{url!r} is not a serial port or pyserial URL ({e})") from e
        return url

    def baudrate(self) -> int:
        return self.choice("baudrate", 9600, BAUDRATES)

    def finish(self) -> None:
        unknown = sorted(set(self.data) - self.allowed)
        if unknown:
            allowed = ", ".join(sorted(self.allowed)) or "none"
            raise self.error(unknown[0], f"unknown option (allowed: {allowed})")


def _scanner(o: _Options, sim: bool) -> Scanner:
    max_length = o.number("max_length", 512, 16, 4096)
    if sim:
        o.finish()
        return SimScanner(max_length=max_length)
    port, baudrate = o.port(), o.baudrate()
    o.finish()
    return Scanner(port, baudrate=baudrate, max_length=max_length)


def _rating_pad(o: _Options, sim: bool) -> RatingPad:
    buttons = o.number("buttons", 3, 3, 5)
    debounce_s = o.number("debounce_ms", 300, 20, 3000) / 1000
    if sim:
        o.finish()
        return SimRatingPad(buttons=buttons, debounce_s=debounce_s)
    port, baudrate = o.port(), o.baudrate()
    o.finish()
    return RatingPad(port, buttons=buttons, baudrate=baudrate, debounce_s=debounce_s)


def _led_board(o: _Options, sim: bool) -> LedBoard:
    address = o.number("address", 1, 1, 99)
    if sim:
        o.finish()
        return SimLedBoard(address=address)
    o.choice("protocol", "stx", ("stx",))
    port, baudrate = o.port(), o.baudrate()
    o.finish()
    return SerialLedBoard(port, baudrate=baudrate, address=address, protocol=StxLedProtocol())


def _audio(o: _Options, sim: bool) -> Announcer:
    common = {
        "reading": o.choice("reading", "number", READINGS),
        "repeat": o.number("repeat", 1, 1, 5),
        "english": o.get("english", bool, False),
        "southern": o.choice("dialect", "north", ("north", "south")) == "south",
    }
    pack_dir = o.get("pack", str, None)
    if pack_dir is not None:
        common["pack"] = VoicePack(pack_dir)
    if sim:
        realtime, output_dir = o.get("realtime", bool, True), o.get("output_dir", str, None)
        o.finish()
        return SimAnnouncer(realtime=realtime, output_dir=output_dir, **common)
    args = o.get("vlc_args", list, [])
    if not all(isinstance(a, str) for a in args):
        raise o.error("vlc_args", "expected a list of strings")
    o.finish()
    return VlcAnnouncer(vlc_args=args, **common)


def _media(o: _Options, sim: bool) -> MediaPlayer:
    playlist = o.get("playlist", list)
    if not playlist or not all(isinstance(p, str) for p in playlist):
        raise o.error("playlist", "expected a non-empty list of file names")
    common = {
        "image_seconds": o.number("image_seconds", 8, 1, 600),
        "volume": o.number("volume", 100, 0, 100),
        "duck_volume": o.number("duck_volume", 15, 0, 100),
    }
    paths = [asset(p) if not Path(p).is_absolute() else Path(p) for p in playlist]
    if sim:
        video_seconds = o.number("video_seconds", 5, 1, 600)
        o.finish()
        return SimMediaPlayer(paths, video_seconds=video_seconds, **common)
    args = o.get("vlc_args", list, [])
    if not all(isinstance(a, str) for a in args):
        raise o.error("vlc_args", "expected a list of strings")
    o.finish()
    return VlcMediaPlayer(paths, vlc_args=args, **common)


def _speech(o: _Options, sim: bool) -> Speaker:
    clips = o.get("clips", str, None)
    clips_dir = None if clips is None else asset(clips) if not Path(clips).is_absolute() else clips
    if sim:
        o.finish()
        return SimSpeaker(clips_dir)
    rate = o.number("rate", 140, 80, 300)
    o.finish()
    return EspeakSpeaker(clips_dir, rate=rate)


_DRIVERS: dict[str, tuple[Callable[[_Options, bool], Any], tuple[str, str]]] = {
    "scanner": (_scanner, ("serial", "sim")),
    "rating_pad": (_rating_pad, ("serial", "sim")),
    "led_board": (_led_board, ("serial", "sim")),
    "audio": (_audio, ("vlc", "sim")),
    "media": (_media, ("vlc", "sim")),
    "speech": (_speech, ("espeak", "sim")),
}


def build_devices(device: Device) -> Devices:
    """Make every peripheral of ``device`` (``DeviceConfigError`` on a bad driver/option;
    ``DeviceError`` when a needed system library or voice pack is missing)."""
    built: dict[str, Any] = {}
    for kind, peripheral in device.peripherals.items():
        if kind == "printer":
            built[kind] = _printer(device, peripheral)
            continue
        if kind not in _DRIVERS:
            raise DeviceConfigError(f"devices[{device.id}].{kind}: unknown device kind")
        make, drivers = _DRIVERS[kind]
        if peripheral.driver not in drivers:
            raise DeviceConfigError(
                f"devices[{device.id}].{kind}.driver: unknown driver {peripheral.driver!r} "
                f"(known: {', '.join(drivers)})"
            )
        options = _Options(device.id, peripheral)
        try:
            built[kind] = make(options, peripheral.driver == "sim")
        except ValueError as e:
            if isinstance(e, DeviceConfigError):
                raise
            raise DeviceConfigError(f"{options.path}: {e}") from e
    return Devices(**built)


def _printer(device: Device, peripheral: Peripheral) -> Printer:
    from kiosk.devices.printer_drivers import make_printer

    try:
        return make_printer(peripheral)
    except DeviceConfigError as e:
        if str(e).startswith("devices["):
            raise
        raise DeviceConfigError(f"devices[{device.id}].printer: {e}") from e
