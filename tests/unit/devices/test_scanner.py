"""Serial scanner: frames over real loop:// and socket:// ports, good and bad."""

from __future__ import annotations

import queue
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from kiosk.devices.base import DeviceStatus
from kiosk.devices.scanner import Scanner, SimScanner
from kiosk.devices.serial_port import LineReader
from tests.helpers import wait_for

DOSSIER = "H15.50.05.13-261008-0975"


@pytest.fixture
def sim() -> Iterator[tuple[SimScanner, queue.Queue[str]]]:
    codes: queue.Queue[str] = queue.Queue()
    scanner = SimScanner(max_length=64)
    scanner.start(codes.put)
    yield scanner, codes
    scanner.stop()


def drain(codes: queue.Queue[str], scanner: SimScanner) -> list[str]:
    """Everything delivered before a marker code sent last (the marker excluded)."""
    scanner.scan("MARKER")
    got = []
    while (code := codes.get(timeout=2)) != "MARKER":
        got.append(code)
    return got


def test_scan_goes_through_the_port(sim):
    scanner, codes = sim
    assert scanner.status is DeviceStatus.READY
    scanner.scan(DOSSIER)
    scanner.scan("  h15.50.05.13-261008-0975 ")
    scanner.scan("Hồ sơ số 12")
    assert drain(codes, scanner) == [DOSSIER, "h15.50.05.13-261008-0975", "Hồ sơ số 12"]
    assert scanner.stats.frames == 4
    assert scanner.stats.skipped == 0


def test_terminators_and_blank_lines(sim):
    scanner, codes = sim
    scanner.send_raw(b"ONE\r\nTWO\nTHREE\r\r\n\n")
    assert drain(codes, scanner) == ["ONE", "TWO", "THREE"]


def test_frame_split_across_reads(sim):
    scanner, codes = sim
    scanner.send_raw(DOSSIER[:7].encode())
    time.sleep(0.05)  # a real pause of the device between two bursts: what is tested
    scanner.send_raw(DOSSIER[7:].encode() + b"\r")
    assert codes.get(timeout=2) == DOSSIER


def test_bad_frames_are_skipped_and_counted(sim):
    scanner, codes = sim
    scanner.send_raw(b"\xff\xfe\x00garbage\r")  # not UTF-8
    scanner.send_raw("đơn".encode("cp1258") + b"\r")  # Vietnamese Windows code page
    scanner.send_raw(b"AB\x07CD\r")  # control character
    scanner.send_raw(b"X" * 200 + b"\r")  # longer than max_length=64
    scanner.send_raw(b"Y" * 65 + b"TAIL\r")  # the tail of a long frame is not a code
    scanner.scan(DOSSIER)
    assert drain(codes, scanner) == [DOSSIER]
    stats = scanner.stats
    assert (stats.not_utf8, stats.garbled, stats.too_long) == (2, 1, 2)
    assert stats.frames == 2


def test_a_frame_of_exactly_max_length_passes(sim):
    scanner, codes = sim
    scanner.scan("Z" * 64)
    assert codes.get(timeout=2) == "Z" * 64


def test_callback_error_does_not_stop_the_reader():
    codes: queue.Queue[str] = queue.Queue()

    def handler(code: str) -> None:
        if code == "BOOM":
            raise RuntimeError("app bug")
        codes.put(code)

    scanner = SimScanner()
    scanner.start(handler)
    try:
        scanner.scan("BOOM")
        scanner.scan("AFTER")
        assert codes.get(timeout=2) == "AFTER"
    finally:
        scanner.stop()


def test_socket_url_reads_from_a_tcp_serial_server():
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    opened = threading.Event()  # pyserial flushes input on open: send only after it
    read = threading.Event()  # the device stays connected until the test has its codes

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            opened.wait(2)
            conn.sendall(DOSSIER.encode() + b"\r\n" + b"\xc3(\r\n" + b"B-2\r\n")
            read.wait(5)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    codes: queue.Queue[str] = queue.Queue()
    scanner = Scanner(f"socket://127.0.0.1:{port}")
    scanner.start(codes.put)
    opened.set()
    try:
        assert [codes.get(timeout=2), codes.get(timeout=2)] == [DOSSIER, "B-2"]
        assert scanner.stats.not_utf8 == 1
    finally:
        read.set()
        scanner.stop()
        server.close()
        thread.join(2)


def test_missing_port_is_offline_not_a_crash():
    scanner = Scanner("/dev/ttyKIOSK-NO-SUCH-PORT")
    scanner.start(lambda code: None)
    try:
        assert scanner.status is DeviceStatus.OFFLINE
        assert "/dev/ttyKIOSK-NO-SUCH-PORT" in scanner.last_error
    finally:
        scanner.stop()


def test_reader_reopens_after_the_device_goes_away():
    server = socket.create_server(("127.0.0.1", 0))
    frames: queue.Queue[bytes] = queue.Queue()
    reader = LineReader(
        f"socket://127.0.0.1:{server.getsockname()[1]}", frames.put, reconnect_s=0.1
    )
    reader.start()
    try:
        first, _ = server.accept()
        first.close()  # the device vanishes
        second, _ = server.accept()  # the reader came back by itself
        with second:
            # pyserial flushes input while it opens: send once it is open
            wait_for(lambda: reader.status is DeviceStatus.READY, 2, "the reader to reopen")
            second.sendall(b"AGAIN\r")
            assert frames.get(timeout=2) == b"AGAIN"
            assert reader.status is DeviceStatus.READY
    finally:
        reader.stop()
        server.close()
