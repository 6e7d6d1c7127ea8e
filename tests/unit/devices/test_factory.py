"""build_devices: every driver, every option error named by its config path."""

from __future__ import annotations

import queue

import pytest

from kiosk.config import Device, Peripheral, load_site
from kiosk.devices.announcer import SimAnnouncer, VlcAnnouncer
from kiosk.devices.base import DeviceConfigError, DeviceError
from kiosk.devices.factory import Devices, build_devices
from kiosk.devices.led_board import SerialLedBoard, SimLedBoard
from kiosk.devices.printer_sim import SimPrinter
from kiosk.devices.rating_pad import RatingPad, SimRatingPad
from kiosk.devices.scanner import Scanner, SimScanner


def device(**peripherals: tuple[str, dict]) -> Device:
    return Device(
        id="desk-7",
        role="counter",
        token="t" * 16,
        counter=1,
        peripherals={k: Peripheral(k, d, o) for k, (d, o) in peripherals.items()},
    )


def test_example_site_builds():
    site = load_site()
    for d in site.devices:
        if "printer" in d.peripherals:
            continue  # the printer factory is tested with the printer
        devices = build_devices(d)
        for kind in d.peripherals:
            assert getattr(devices, kind) is not None
        devices.close()
    rating = build_devices(site.device("rating-1"))
    assert isinstance(rating.rating_pad, SimRatingPad)
    assert rating.rating_pad.buttons == 3


def test_serial_drivers():
    devices = build_devices(
        device(
            scanner=("serial", {"port": "loop://", "baudrate": 115200, "max_length": 64}),
            rating_pad=("serial", {"port": "loop://", "buttons": 5, "debounce_ms": 150}),
            led_board=("serial", {"port": "socket://127.0.0.1:9", "address": 7}),
        )
    )
    assert type(devices.scanner) is Scanner and devices.scanner.port == "loop://"
    assert type(devices.rating_pad) is RatingPad and devices.rating_pad.buttons == 5
    assert devices.rating_pad.debouncer.debounce_s == 0.15
    assert type(devices.led_board) is SerialLedBoard and devices.led_board.address == 7
    devices.close()


def test_sim_drivers_work_end_to_end():
    devices = build_devices(
        device(
            scanner=("sim", {}),
            rating_pad=("sim", {"buttons": 4}),
            led_board=("sim", {"address": 3}),
            audio=(
                "sim",
                {
                    "reading": "digits",
                    "repeat": 2,
                    "english": True,
                    "dialect": "south",
                    "realtime": False,
                },
            ),
        )
    )
    assert isinstance(devices.scanner, SimScanner)
    codes: queue.Queue[str] = queue.Queue()
    devices.scanner.start(codes.put)
    devices.scanner.scan("A015")
    assert codes.get(timeout=2) == "A015"
    assert isinstance(devices.led_board, SimLedBoard) and devices.led_board.address == 3
    audio = devices.audio
    assert isinstance(audio, SimAnnouncer)
    item = audio.announce("A105", 1)
    assert item.clips.count("vi/xin_moi_so_thu_tu") == 2
    assert item.clips[2:6] == ("vi/letter_a", "vi/mot", "vi/khong", "vi/nam")
    assert "en/number" in item.clips
    counter_101 = audio.announce("A105", 101)
    assert "vi/le" in counter_101.clips  # the counter is read as a number, southern
    devices.close()
    assert audio.history == [item, counter_101]


def test_vlc_driver(tmp_path):
    out = tmp_path / "out.wav"
    args = ["--aout=afile", f"--audiofile-file={out}"]
    devices = build_devices(device(audio=("vlc", {"vlc_args": args, "repeat": 2})))
    assert isinstance(devices.audio, VlcAnnouncer) and devices.audio.repeat == 2
    devices.close()


@pytest.mark.parametrize(
    ("kind", "driver", "options", "message"),
    [
        ("scanner", "usb", {}, "devices[desk-7].scanner.driver: unknown driver 'usb'"),
        ("scanner", "serial", {}, "devices[desk-7].scanner.port: missing"),
        ("scanner", "serial", {"port": "bogus://x"}, "devices[desk-7].scanner.port: 'bogus://x'"),
        ("scanner", "serial", {"port": "loop://", "baudrate": 1234}, "scanner.baudrate: 1234"),
        ("scanner", "sim", {"max_length": 5}, "devices[desk-7].scanner.max_length: 5 must be"),
        ("rating_pad", "sim", {"buttons": 6}, "devices[desk-7].rating_pad.buttons: 6 must be 3-5"),
        ("rating_pad", "sim", {"buttons": True}, "rating_pad.buttons: expected int"),
        ("led_board", "serial", {"port": "loop://", "address": 0}, "led_board.address: 0"),
        ("led_board", "serial", {"port": "loop://", "protocol": "x"}, "led_board.protocol: 'x'"),
        ("audio", "sim", {"repeat": "2"}, "devices[desk-7].audio.repeat: expected int"),
        ("audio", "sim", {"english": "yes"}, "devices[desk-7].audio.english: expected bool"),
        ("audio", "sim", {"dialect": "central"}, "audio.dialect: 'central' is not one of"),
        ("audio", "sim", {"reading": "spelled"}, "audio.reading: 'spelled' is not one of"),
        ("audio", "sim", {"volume": 80}, "devices[desk-7].audio.volume: unknown option"),
        ("audio", "vlc", {"vlc_args": [1]}, "devices[desk-7].audio.vlc_args: expected a list"),
        ("audio", "vlc", {"output_dir": "x"}, "devices[desk-7].audio.output_dir: unknown"),
        ("camera", "sim", {}, "devices[desk-7].camera: unknown device kind"),
    ],
)
def test_config_errors_name_the_option(kind, driver, options, message):
    with pytest.raises(DeviceConfigError) as err:
        build_devices(device(**{kind: (driver, options)}))
    assert message in str(err.value)


def test_missing_voice_pack_is_a_device_error(tmp_path):
    with pytest.raises(DeviceError, match="lacks"):
        build_devices(device(audio=("sim", {"pack": str(tmp_path)})))


def test_printer_goes_to_the_printer_factory():
    devices = build_devices(load_site().device("kiosk-1"))
    assert isinstance(devices.printer, SimPrinter)
    assert isinstance(devices.scanner, SimScanner)
    devices.close()


def test_no_peripherals():
    assert build_devices(device()) == Devices()


SITE = """
[site]
name = "Thử nghiệm"
[[services]]
id = "hotich"
name_vi = "Hộ tịch"
name_en = "Civil status"
prefix = "A"
[[counters]]
id = 1
services = ["hotich"]
[[devices]]
id = "counter-1"
role = "counter"
counter = 1
token = "test-counter-1-token-xx"
scanner = { driver = "serial", port = "/dev/ttyKIOSK-NO-SUCH-SCANNER" }
led_board = { driver = "sim", address = 2 }
[[devices]]
id = "display-1"
role = "display"
token = "test-display-1-token-xx"
audio = { driver = "sim", volume = 3 }
"""


def test_doctor_reports_each_device(tmp_path, capsys):
    from kiosk.cli import main

    site = tmp_path / "site.toml"
    site.write_text(SITE, encoding="utf-8")
    assert main(["doctor", "--config", str(site), "--device", "counter-1"]) == 1
    out = capsys.readouterr().out
    assert "Serial ports:" in out and "USB printers:" in out
    assert "libvlc 3." in out
    assert "FAIL counter-1 (counter): scanner    serial offline at /dev/ttyKIOSK-NO-SUCH" in out
    assert "ok   counter-1 (counter): led_board  sim    ready" in out
    assert main(["doctor", "--config", str(site), "--device", "display-1"]) == 1
    out = capsys.readouterr().out
    assert "FAIL display-1 (display): DeviceConfigError: devices[display-1].audio.volume" in out
