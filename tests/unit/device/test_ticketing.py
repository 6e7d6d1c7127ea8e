"""Taking tickets against a real hub, printed on the simulated printer."""

from __future__ import annotations

import pytest

from kiosk.api.models import PriorityReason
from kiosk.device.hub_client import HubClient
from kiosk.device.ticketing import TicketDesk, TicketRefused
from kiosk.devices.base import DeviceStatus
from kiosk.devices.printer_sim import SimPrinter
from tests.helpers import free_port
from tests.hub.conftest import token
from tests.unit.device.netproxy import CuttableProxy


@pytest.fixture
def printer():
    p = SimPrinter(width_dots=576)
    yield p
    p.close()


def test_ticket_is_issued_and_printed_with_its_qr_address(hub, clients, site, printer):
    desk = TicketDesk(clients.kiosk, site, printer)
    services = {s.id: s for s in desk.services()}
    assert services["a"].waiting == 0
    first = desk.take("a")
    second = desk.take("a")
    assert (first.ticket.number, second.ticket.number) == ("A001", "A002")
    assert second.ticket.waiting_ahead == 1
    assert second.url == f"{hub.url}/t/{second.ticket.page_token}"
    assert second.printed and second.print_result.status is DeviceStatus.READY
    # the printer received exactly the job for the slip, QR address included
    slip = desk.slip(second.ticket, services["a"])
    assert printer.jobs == [printer.ticket_bytes(desk.slip(first.ticket, services["a"])),
                            printer.ticket_bytes(slip)]  # fmt: skip
    assert second.url.encode() in printer.jobs[-1]
    assert printer.render_last().image.height > 200
    # the QR opens the hub's public page for this ticket
    page = clients.kiosk.session.get(second.url, timeout=5)
    assert page.status_code == 200 and "A002" in page.text


def test_priority_reason_is_recorded_and_printed(clients, site, printer):
    desk = TicketDesk(clients.kiosk, site, printer)
    outcome = desk.take("b", PriorityReason.PREGNANT)
    assert outcome.ticket.priority and outcome.ticket.priority_reason is PriorityReason.PREGNANT
    assert desk.slip(outcome.ticket, None).priority_reason == "Phụ nữ mang thai"
    assert printer.jobs[-1] == printer.ticket_bytes(desk.slip(outcome.ticket, None))


@pytest.mark.parametrize("fault", ["paper_out", "offline", "cover_open"])
def test_printer_fault_keeps_the_ticket_marks_it_and_a_reprint_clears_it(
    clients, site, printer, fault
):
    printer.set_fault(fault, True)
    desk = TicketDesk(clients.kiosk, site, printer)
    outcome = desk.take("a")
    assert outcome.ticket.number == "A001" and outcome.ticket.status == "waiting"
    assert not outcome.printed and printer.jobs == []
    assert outcome.print_result.status.value == fault
    assert "Số thứ tự của bạn vẫn hợp lệ" in outcome.print_result.message_vi
    assert clients.admin.ticket(outcome.ticket.id).print_failed
    clients.kiosk.issue_ticket("a")  # someone else takes A002 meanwhile
    # still broken: the reprint fails too and the mark stays
    assert not desk.reprint(outcome).printed
    assert clients.admin.ticket(outcome.ticket.id).print_failed
    # paper back: the reprint prints A001 as it stands now, and clears the mark
    printer.set_fault(fault, False)
    again = desk.reprint(outcome)
    assert again.printed and again.ticket.number == "A001" and len(printer.jobs) == 1
    assert printer.jobs[0] == printer.ticket_bytes(desk.slip(again.ticket, None))
    assert not clients.admin.ticket(outcome.ticket.id).print_failed
    assert desk.take("a").printed and len(printer.jobs) == 2


def test_daily_limit_and_closed_service_are_plain_messages(clients, site, printer):
    desk = TicketDesk(clients.kiosk, site, printer)
    for _ in range(3):
        desk.take("c")
    with pytest.raises(TicketRefused) as limit:
        desk.take("c")
    assert limit.value.code == "daily_limit"
    assert limit.value.message_vi.startswith("Dịch vụ này đã hết số hôm nay")
    with pytest.raises(TicketRefused) as closed:
        desk.take("d")
    assert closed.value.code == "service_closed"
    assert "ngoài giờ" in closed.value.message_vi and "not taking" in closed.value.message_en
    assert len(printer.jobs) == 3  # nothing printed for a refusal


def test_hub_down_is_a_plain_message(site, printer):
    dead = HubClient(f"http://127.0.0.1:{free_port()}", "x" * 20, timeout=(0.5, 0.5))
    desk = TicketDesk(dead, site, printer)
    for call in (desk.services, lambda: desk.take("a")):
        with pytest.raises(TicketRefused) as refused:
            call()
        assert refused.value.code == "hub_down"
        assert "không phản hồi" in refused.value.message_vi
    assert printer.jobs == []


def test_a_lost_answer_is_asked_again_with_the_same_key_one_ticket(hub, site, printer):
    proxy = CuttableProxy(int(hub.url.rsplit(":", 1)[1]))
    try:
        proxy.drop_answers = 2  # the hub saves the ticket twice over; both answers are lost
        desk = TicketDesk(HubClient(proxy.url, token("kiosk-1")), site, printer)
        outcome = desk.take("a")
        assert outcome.ticket.number == "A001" and proxy.drop_answers == 0
    finally:
        proxy.close()
    assert hub.count("SELECT COUNT(*) FROM tickets") == 1
