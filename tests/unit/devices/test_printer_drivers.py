"""Real transports (serial over loop:// and socket://, network, file, USB) and make_printer."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import tty
from types import MappingProxyType

import pytest

from kiosk.config import Peripheral
from kiosk.devices.base import DeviceConfigError, DeviceStatus
from kiosk.devices.printer_drivers import EscposPrinter, make_printer
from kiosk.devices.printer_sim import SimPrinter
from kiosk.devices.slips import sample_ticket

Q1, Q2, Q4 = b"\x10\x04\x01", b"\x10\x04\x02", b"\x10\x04\x04"
GS_R1 = b"\x1dr\x01"


def peripheral(driver: str, **options) -> Peripheral:
    return Peripheral("printer", driver, MappingProxyType(options))


class FarPrinter:
    """The far end of a link: records what arrives and answers status queries like a printer.

    ``replies`` maps n to the byte sent back for ``DLE EOT n`` (a missing n is left
    unanswered) and "gs_r" to the reply to ``GS r 1``; None answers nothing.
    Listens on TCP, or with ``pty=True`` on a pseudo-terminal (a real tty device).
    """

    def __init__(self, replies: dict[int, int] | None, pty: bool = False) -> None:
        self.replies = replies
        self.received = bytearray()
        self.server = self.pty = None
        if pty:
            self.pty = os.openpty()
            tty.setraw(self.pty[0])
            self.address = os.ttyname(self.pty[1])
            target = self._serve_pty
        else:
            self.server = socket.create_server(("127.0.0.1", 0))
            self.address = f"socket://127.0.0.1:{self.server.getsockname()[1]}"
            target = self._serve_tcp
        self.thread = threading.Thread(target=target, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.server.getsockname()[1]

    def _serve_pty(self) -> None:
        master = self.pty[0]
        self._answer(lambda: os.read(master, 65536), lambda b: os.write(master, b))

    def _serve_tcp(self) -> None:
        conn, _ = self.server.accept()
        with conn:
            self._answer(lambda: conn.recv(65536), conn.sendall)

    def _answer(self, read, write) -> None:
        with contextlib.suppress(OSError):
            while chunk := read():
                self.received += chunk
                query = bytes(self.received[-3:])
                key = query[2] if query[:2] == b"\x10\x04" else "gs_r" if query == GS_R1 else None
                if self.replies is not None and key in self.replies:
                    write(bytes([self.replies[key]]))

    def close(self) -> None:
        """Stop listening; the answering thread ends once the client has gone too."""
        if self.server:
            self.server.close()
        if self.pty:
            os.close(self.pty[1])  # the master then reads EIO once the printer port closes
        self.thread.join(2)
        if self.pty:
            os.close(self.pty[0])


READY = {1: 0x12, 2: 0x12, 4: 0x12}
PAPER_OUT = {1: 0x1A, 2: 0x32, 4: 0x72}


@pytest.fixture
def printers():
    made = []
    yield made.append
    for p in made:
        p.close()


def test_serial_loop_url_carries_the_exact_job(printers):
    p = make_printer(peripheral("escpos-serial", port="loop://", query_status=False))
    printers(p)
    result = p.print_ticket(sample_ticket()).result(5)
    expected = p.ticket_bytes(sample_ticket())
    assert result.ok and result.nbytes == len(expected)
    port = p.device.device
    assert port.read(len(expected)) == expected  # loop:// echoes what was sent
    assert port.in_waiting == 0


def test_serial_loop_echo_is_not_mistaken_for_a_status(printers):
    p = make_printer(peripheral("escpos-serial", port="loop://"))
    printers(p)
    result = p.print_ticket(sample_ticket()).result(5)
    assert not result.ok and result.status is DeviceStatus.ERROR  # echoed 0x10 is no status


@pytest.mark.parametrize("link", ["pty", "serial-socket", "network"])
def test_status_is_queried_around_the_job(printers, link):
    far = FarPrinter(READY, pty=link == "pty")
    if link == "network":
        p = make_printer(peripheral("escpos-network", host="127.0.0.1", port=far.port))
    else:
        p = make_printer(peripheral("escpos-serial", port=far.address, baudrate=115200))
    printers(p)
    result = p.print_ticket(sample_ticket()).result(5)
    p.close()
    far.close()
    assert result.ok and result.status is DeviceStatus.READY
    assert bytes(far.received) == Q1 + Q4 + p.ticket_bytes(sample_ticket()) + Q1 + Q4


def test_paper_out_over_the_wire_sends_no_job(printers):
    far = FarPrinter(PAPER_OUT)
    p = make_printer(peripheral("escpos-network", host="127.0.0.1", port=far.port))
    printers(p)
    result = p.print_ticket(sample_ticket()).result(5)
    p.close()
    far.close()
    assert not result.ok and result.status is DeviceStatus.PAPER_OUT
    assert bytes(far.received) == Q1 + Q2


def test_a_printer_that_answers_nothing_is_unknown_not_paper_out(printers):
    far = FarPrinter(None)
    p = make_printer(peripheral("escpos-network", host="127.0.0.1", port=far.port, timeout_s=0.2))
    printers(p)
    assert p.status(wait_s=2) is DeviceStatus.UNKNOWN
    result = p.print_ticket(sample_ticket()).result(5)  # unknown does not stop the job
    p.close()
    far.close()
    assert result.ok and result.status is DeviceStatus.UNKNOWN
    assert "ghi lại số" in result.message_vi  # not "take your ticket": nobody knows it printed
    assert bytes(far.received) == Q1 + Q1 + p.ticket_bytes(sample_ticket()) + Q1


@pytest.mark.parametrize(
    ("gs_r", "status"),
    [(0x00, DeviceStatus.READY), (0x03, DeviceStatus.PAPER_LOW), (0x0C, DeviceStatus.PAPER_OUT)],
)
def test_gs_r_answers_for_the_paper_when_dle_eot_4_does_not(printers, gs_r, status):
    far = FarPrinter({1: 0x12, "gs_r": gs_r})  # online; DLE EOT 4 left unanswered
    p = make_printer(peripheral("escpos-network", host="127.0.0.1", port=far.port, timeout_s=0.2))
    printers(p)
    assert p.status(wait_s=2) is status
    p.close()
    far.close()
    assert bytes(far.received) == Q1 + Q4 + GS_R1


def test_a_printer_that_is_not_there_is_offline(printers):
    with socket.create_server(("127.0.0.1", 0)) as s:
        port = s.getsockname()[1]  # closed again: nothing listens there
    for p in (
        make_printer(peripheral("escpos-network", host="127.0.0.1", port=port)),
        make_printer(peripheral("escpos-serial", port="/dev/ttyKIOSK-NONE")),
        make_printer(peripheral("escpos-usb", vendor_id="0x0416", product_id=0x5011)),
    ):
        printers(p)
        result = p.print_ticket(sample_ticket()).result(10)
        assert not result.ok and result.status is DeviceStatus.OFFLINE
        assert "vẫn hợp lệ" in result.message_vi


def test_file_driver_writes_the_job(printers, tmp_path):
    target = tmp_path / "lp0"
    p = make_printer(peripheral("file", path=str(target), paper_width_mm=58))
    printers(p)
    assert p.print_ticket(sample_ticket()).result(5).ok
    p.close()
    assert target.read_bytes() == p.ticket_bytes(sample_ticket())
    missing = make_printer(peripheral("file", path=str(tmp_path / "no" / "lp0")))
    printers(missing)
    assert missing.print_ticket(sample_ticket()).result(5).status is DeviceStatus.OFFLINE


def test_make_printer_builds_the_named_driver():
    sim = make_printer(peripheral("sim", paper_width_mm=58, paper_low=True, baud=19200))
    assert isinstance(sim, SimPrinter) and sim.width_dots == 384 and sim.paper_low
    assert sim.baud == 19200 and sim.vietnamese == "glyphs"
    net = make_printer(peripheral("escpos-network", host="10.0.0.9", vietnamese="raster"))
    assert isinstance(net, EscposPrinter) and net.width_dots == 576
    assert net.vietnamese == "raster" and net.device.port == 9100


@pytest.mark.parametrize(
    ("driver", "options", "named"),
    [
        ("sim", {"paper_width_mm": 57}, "printer.paper_width_mm"),
        ("sim", {"paper_outt": True}, "printer.paper_outt"),
        ("sim", {"paper_out": "yes"}, "printer.paper_out"),
        ("sim", {"write_delay_ms": -1}, "printer.write_delay_ms"),
        ("sim", {"profile": "TM-X"}, "printer.profile"),
        ("sim", {"vietnamese": "tcvn3"}, "printer.vietnamese"),
        ("escpos-serial", {}, "printer.port"),
        ("escpos-serial", {"port": "loop://", "baudrate": 10}, "printer.baudrate"),
        ("escpos-serial", {"port": "loop://", "flow_control": "x"}, "printer.flow_control"),
        ("escpos-usb", {"vendor_id": "0xZZ", "product_id": 1}, "printer.vendor_id"),
        ("escpos-network", {"host": "h", "port": 70000}, "printer.port"),
        ("file", {"path": "/dev/usb/lp0", "host": "x"}, "printer.host"),
        ("cups", {}, "printer.driver"),
    ],
)
def test_bad_options_name_the_option(driver, options, named):
    with pytest.raises(DeviceConfigError, match=named.replace(".", r"\.")):
        make_printer(peripheral(driver, **options))
