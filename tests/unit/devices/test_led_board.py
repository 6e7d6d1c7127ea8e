"""LED counter board: exact frames, the simulated board, a real socket:// port."""

from __future__ import annotations

import socket
import threading

import pytest

from kiosk.devices import led_board
from kiosk.devices.base import DeviceError, DeviceStatus
from kiosk.devices.led_board import SerialLedBoard, SimLedBoard, StxLedProtocol, board_text
from tests.helpers import shifted_time

STX, ETX = b"\x02", b"\x03"
proto = StxLedProtocol()


def test_frames_are_exact():
    # LRC = XOR of "01SA015" ETX = 0x24 (worked by hand in the led_board docstring)
    assert proto.show(1, "A015") == STX + b"01SA015" + ETX + b"24"
    assert proto.blink(12, "b7", 5) == STX + b"12B05B7" + ETX + b"32"
    assert proto.clear(3) == STX + b"03C" + ETX + b"43"


@pytest.mark.parametrize(
    "frame",
    [
        proto.show(1, "A015")[:-2] + b"25",  # checksum off by one
        STX + b"01XA015" + ETX + b"00",  # unknown command
        proto.show(1, "A015")[1:],  # no STX
        STX + b"01B" + ETX + b"40",  # blink without seconds (checksum right)
    ],
)
def test_decode_rejects_bad_frames(frame):
    with pytest.raises(ValueError):
        proto.decode(frame)


def test_decode_round_trip():
    cmd = proto.decode(proto.blink(7, "C-12", 9))
    assert (cmd.address, cmd.cmd, cmd.text, cmd.seconds) == (7, "blink", "C-12", 9)


@pytest.mark.parametrize("text", ["", "A0151234X", "Ă15", "A\n1"])
def test_text_a_board_cannot_show(text):
    with pytest.raises(ValueError):
        board_text(text)


def test_address_and_seconds_ranges():
    with pytest.raises(ValueError):
        proto.show(100, "1")
    with pytest.raises(ValueError):
        proto.blink(1, "1", 0)


def test_sim_board_keeps_what_it_shows():
    board = SimLedBoard(address=2)
    board.call("a015", blink_s=1)
    assert (board.text, board.blinking) == ("A015", True)
    board.show("A016")
    assert (board.text, board.blinking) == ("A016", False)
    board.clear()
    assert (board.text, board.blinking) == ("", False)
    assert board.frames == [
        proto.blink(2, "A015", 1),
        proto.show(2, "A016"),
        proto.clear(2),
    ]


def test_sim_blink_ends_by_itself():
    with shifted_time(led_board) as clock:  # the board times its blink on time.monotonic()
        board = SimLedBoard()
        board.call("B7", blink_s=1)
        assert board.blinking
        clock.advance(1.05)
        assert not board.blinking
        assert board.text == "B7"


def test_sim_board_offline_fault():
    board = SimLedBoard()
    board.offline = True
    with pytest.raises(DeviceError) as err:
        board.show("1")
    assert err.value.status is DeviceStatus.OFFLINE
    assert board.status is DeviceStatus.OFFLINE


def test_serial_board_writes_frames_to_a_tcp_serial_server():
    server = socket.create_server(("127.0.0.1", 0))
    received = bytearray()
    expected = proto.blink(4, "A015", 5) + proto.show(4, "A015")

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            conn.settimeout(2)
            while len(received) < len(expected):
                chunk = conn.recv(256)
                if not chunk:
                    break
                received.extend(chunk)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    board = SerialLedBoard(f"socket://127.0.0.1:{server.getsockname()[1]}", address=4)
    try:
        board.call("A015", blink_s=5)
        board.show("A015")
        thread.join(3)
    finally:
        board.close()
        server.close()
    assert bytes(received) == expected
    assert board.status is DeviceStatus.READY


def test_serial_board_on_loop_port():
    board = SerialLedBoard("loop://", address=1)
    board.open()
    board.show("12")
    assert board.status is DeviceStatus.READY
    board.close()


def test_missing_port_raises_offline():
    board = SerialLedBoard("/dev/ttyKIOSK-NO-SUCH-BOARD")
    with pytest.raises(DeviceError) as err:
        board.show("A015")
    assert err.value.status is DeviceStatus.OFFLINE
    assert board.status is DeviceStatus.OFFLINE
    assert "ttyKIOSK-NO-SUCH-BOARD" in board.last_error
