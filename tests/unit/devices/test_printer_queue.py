"""Status handling and the print queue, on the simulated printer."""

from __future__ import annotations

import threading
import time

import pytest

from kiosk.devices.base import DeviceStatus
from kiosk.devices.escpos_render import render
from kiosk.devices.printer import GS_R_PAPER, status_from_replies
from kiosk.devices.printer_sim import SimPrinter
from kiosk.devices.slips import sample_checklist, sample_ticket
from tests.helpers import wait_for


@pytest.fixture
def sim():
    printer = SimPrinter("test", 384)
    yield printer
    printer.close()


def test_a_ticket_prints_its_exact_bytes(sim):
    result = sim.print_ticket(sample_ticket()).result(5)
    assert result.ok and result.status is DeviceStatus.READY
    assert sim.jobs == [sim.ticket_bytes(sample_ticket())]
    assert result.nbytes == len(sim.output)
    assert (result.message_vi, result.message_en) == ("Đã in.", "Printed.")
    assert ("qr", sample_ticket().url) in sim.render_last().events


@pytest.mark.parametrize(
    ("fault", "status", "words"),
    [
        ("paper_out", DeviceStatus.PAPER_OUT, "hết giấy"),
        ("cover_open", DeviceStatus.COVER_OPEN, "Nắp máy in"),
        ("offline", DeviceStatus.OFFLINE, "không phản hồi"),
    ],
)
def test_a_fault_fails_the_job_and_the_queue_carries_on(sim, fault, status, words):
    sim.set_fault(fault, True)
    failed = sim.print_ticket(sample_ticket()).result(5)
    assert not failed.ok and failed.status is status
    assert words in failed.message_vi and "still valid" in failed.message_en
    assert "vẫn hợp lệ" in failed.message_vi
    assert sim.jobs == [] and sim.last_status is status
    sim.set_fault(fault, False)
    assert sim.print_checklist(sample_checklist()).result(5).ok
    assert len(sim.jobs) == 1


def test_paper_low_still_prints_and_says_so(sim):
    sim.paper_low = True
    result = sim.print_ticket(sample_ticket()).result(5)
    assert result.ok and result.status is DeviceStatus.PAPER_LOW
    assert "sắp hết giấy" in result.message_vi and len(sim.jobs) == 1


def test_a_silent_printer_is_unknown_and_still_tried(sim):
    sim.set_fault("silent", True)
    assert sim.status(wait_s=2) is DeviceStatus.UNKNOWN
    result = sim.print_ticket(sample_ticket()).result(5)
    assert result.ok and result.status is DeviceStatus.UNKNOWN and len(sim.jobs) == 1
    assert "ghi lại số thứ tự" in result.message_vi
    sim.set_fault("paper_out", True)  # silent still: nobody can tell, so still unknown
    assert sim.status(wait_s=2) is DeviceStatus.UNKNOWN
    sim.set_fault("silent", False)
    assert sim.status(wait_s=2) is DeviceStatus.PAPER_OUT


@pytest.mark.parametrize(
    ("knobs", "reply"), [({}, 0x00), ({"paper_low": True}, 0x03), ({"paper_out": True}, 0x0C)]
)
def test_the_sim_answers_gs_r_1_like_a_printer(knobs, reply):
    sim = SimPrinter("gs-r", 384, **knobs)
    assert sim._transact(GS_R_PAPER) == bytes([reply])


def test_printer_going_offline_mid_job_fails_that_job(sim):
    sim.write_delay_ms = 300
    future = sim.print_ticket(sample_ticket())
    wait_for(lambda: sim.last_status is DeviceStatus.BUSY, 2, "the job to start writing")
    sim.offline = True
    result = future.result(5)
    assert not result.ok and result.status is DeviceStatus.OFFLINE and sim.jobs == []


def test_a_printer_that_hangs_is_reported_offline_by_the_watchdog():
    slow = SimPrinter("slow", 384, write_delay_ms=800, job_timeout_s=0.2)
    start = time.monotonic()
    result = slow.print_ticket(sample_ticket()).result(5)
    assert time.monotonic() - start < 0.6
    assert not result.ok and result.status is DeviceStatus.OFFLINE
    assert slow.last_status is DeviceStatus.OFFLINE
    slow.close()


def test_status_never_blocks_long_while_a_slow_job_prints():
    slow = SimPrinter("slow", 576, baud=9600)  # a 1.2 KB ticket takes about 1.3 s
    assert slow.status() is DeviceStatus.READY
    job = slow.print_ticket(sample_ticket())
    wait_for(lambda: slow.last_status is DeviceStatus.BUSY, 2, "the job to start writing")
    start = time.monotonic()
    assert slow.status(wait_s=0.1) is DeviceStatus.BUSY
    assert time.monotonic() - start < 0.3
    result = job.result(5)
    assert result.ok and result.seconds >= len(slow.output) * 10 / 9600
    assert slow.status() is DeviceStatus.READY
    slow.close()


def test_status_checks_coalesce(sim):
    sim.write_delay_ms = 200
    sim.print_job(lambda: b"\x1b@hello\n")
    first, second = sim.refresh_status(), sim.refresh_status()
    assert first is second
    assert first.result(5) is DeviceStatus.READY


def test_two_threads_submitting_never_interleave(sim):
    sim.write_delay_ms = 5
    futures: dict[bytes, object] = {}
    lock = threading.Lock()

    def submit(tag: str) -> None:
        for i in range(6):
            job = f"\x1b@{tag}{i} ".encode() * 40 + b"\n"
            with lock:
                futures[job] = sim.print_job(lambda job=job: job)

    threads = [threading.Thread(target=submit, args=(t,)) for t in "AB"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(f.result(5).ok for f in futures.values())
    assert sorted(sim.jobs) == sorted(futures)
    assert sim.output == b"".join(sim.jobs)
    for tag in "AB":  # each thread's jobs print in the order it sent them
        mine = [j for j in sim.jobs if j.startswith(b"\x1b@" + tag.encode())]
        assert mine == sorted(mine)
    render(sim.output, 384)  # the whole stream still decodes: no job cut into another


def test_a_job_that_cannot_be_built_fails_alone(sim):
    def broken() -> bytes:
        raise ValueError("no slip")

    bad = sim.print_job(broken)
    good = sim.print_ticket(sample_ticket())
    with pytest.raises(ValueError, match="no slip"):
        bad.result(5)
    assert good.result(5).ok


def test_unknown_fault_names_are_refused(sim):
    with pytest.raises(ValueError, match="paper_jam"):
        sim.set_fault("paper_jam", True)
    faults = ("paper_low", "paper_out", "cover_open", "offline", "silent")
    assert sim.faults() == dict.fromkeys(faults, False)


def test_render_last_needs_a_job(sim, tmp_path):
    with pytest.raises(LookupError):
        sim.render_last()
    sim.print_ticket(sample_ticket()).result(5)
    png = sim.save_last_png(tmp_path / "t.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    sim.clear()
    assert sim.jobs == [] and sim.output == b""


@pytest.mark.parametrize(
    ("printer", "cause", "paper", "status"),
    [
        (0x12, None, 0x12, DeviceStatus.READY),
        (0x12, None, 0x1E, DeviceStatus.PAPER_LOW),
        (0x12, None, 0x72, DeviceStatus.PAPER_OUT),
        (0x1A, 0x16, None, DeviceStatus.COVER_OPEN),
        (0x1A, 0x32, None, DeviceStatus.PAPER_OUT),
        (0x1A, 0x52, None, DeviceStatus.ERROR),
        (0x1A, 0x12, None, DeviceStatus.OFFLINE),
        (0x10, None, 0x12, DeviceStatus.ERROR),  # not a status byte (e.g. an echo)
    ],
)
def test_status_bytes(printer, cause, paper, status):
    assert status_from_replies(printer, cause, paper) is status
