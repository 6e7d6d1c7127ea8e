"""Tickets while the hub is down: leases, the kiosk's journal, the upload, against a real hub."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.api.models import PriorityReason
from kiosk.device.hub_client import HubClient
from kiosk.device.ticket_journal import TicketJournal
from kiosk.device.ticket_sync import TicketSync
from kiosk.device.ticketing import TicketDesk, TicketRefused
from kiosk.devices.printer_sim import SimPrinter
from tests.hub.conftest import token

LEASE = 6


@pytest.fixture
def printer():
    p = SimPrinter(width_dots=576)
    yield p
    p.close()


@pytest.fixture
def kiosk(hub, site, printer, tmp_path: Path):
    """A ticket desk of kiosk-1 with a journal and its sync thread (leases of 6)."""
    client = HubClient(hub.url, token("kiosk-1"))
    sync = TicketSync(TicketJournal(tmp_path / "journal.sqlite3"), client, site, LEASE,
                      idle_s=30, retry_s=0.2).start()  # fmt: skip
    assert sync.wait_round(10) and sync.online
    yield TicketDesk(client, site, printer, sync=sync)
    sync.stop()
    sync.journal.close()


def hub_tickets(hub, service: str = "a") -> list:
    return hub.query(
        "SELECT number, status, issued_by, print_failed, issued_at, priority_reason FROM tickets"
        " WHERE origin_service_id = ? ORDER BY seq",
        (service,),
    )


def test_offline_tickets_come_from_the_lease_and_join_the_queue_once(hub, kiosk, printer):
    # leased while online, from the top: A994-A999, B994-B999, C997-C999 (C's limit is 3)
    leases = hub.query("SELECT service_id, first_seq, last_seq FROM ticket_leases ORDER BY id")
    assert [tuple(r) for r in leases][:3] == [("a", 994, 999), ("b", 994, 999), ("c", 997, 999)]
    online = kiosk.take("a")
    assert online.ticket.number == "A001" and not online.offline  # no gap below the leases
    hub.kill9()
    services = kiosk.services()  # the site file's services, offered while offline
    assert [s.id for s in services] == ["a", "b", "c", "d"] and kiosk.offline
    first = kiosk.take("a", PriorityReason.ELDERLY)
    assert first.offline and first.printed and first.url == ""
    assert first.ticket.number == "A994" and first.ticket.priority_reason == "elderly"
    job = printer.jobs[-1]
    assert b"A994" in job and b"Issued offline" in job and b"/t/" not in job  # no QR page yet
    numbers = [kiosk.take("a").ticket.number for _ in range(LEASE - 1)]
    assert numbers == ["A995", "A996", "A997", "A998", "A999"]
    with pytest.raises(TicketRefused) as empty:
        kiosk.take("a")
    assert empty.value.code == "offline_empty" and "hết số dự phòng" in empty.value.message_vi
    assert kiosk.take("b").ticket.number == "B994"
    journal = kiosk.sync.journal
    assert journal.pending() == 7
    hub.start()
    assert kiosk.sync.wait_round(10) and kiosk.sync.online and journal.pending() == 0
    rows = hub_tickets(hub)
    assert [r[0] for r in rows] == ["A001"] + [f"A{n}" for n in range(994, 1000)]
    assert {r[2] for r in rows} == {"kiosk-1"} and not any(r[3] for r in rows)
    assert rows[1][5] == "elderly"  # A994
    # in the queue by the time they were printed: the offline ones came after A001
    assert min(rows, key=lambda r: r[4])[0] == "A001"
    assert hub_tickets(hub, "b")[0][0] == "B994"
    # the same upload again is the same ticket; the journal keeps the hub's id
    entry = journal.tickets()[0]
    again = kiosk.hub.upload_offline(entry.upload())
    assert again.id == entry.ticket_id and again.number == "A994"
    assert hub.count("SELECT COUNT(*) FROM tickets") == 8
    # half of A's lease is used: the sync took the next block down (A988-A993)
    assert journal.remaining("a", entry.day) == LEASE
    assert kiosk.take("a").ticket.number == "A002"  # online numbers go on from A001


def test_a_failed_offline_print_is_uploaded_marked_and_a_reprint_clears_it(
    hub, kiosk, printer, clients
):
    hub.stop()
    printer.set_fault("paper_out", True)
    kiosk.sync.went_offline()
    outcome = kiosk.take("a")
    assert outcome.offline and not outcome.printed and outcome.ticket.number == "A994"
    assert kiosk.sync.journal.get(outcome.client_id).state == "unprinted"
    hub.start()
    assert kiosk.sync.wait_round(10) and kiosk.sync.journal.pending() == 0
    stored = kiosk.sync.journal.get(outcome.client_id)
    assert clients.admin.ticket(stored.ticket_id).print_failed  # the counter will say so
    printer.set_fault("paper_out", False)
    assert kiosk.reprint(outcome).printed
    assert not clients.admin.ticket(stored.ticket_id).print_failed


def test_a_kiosk_killed_while_printing_uploads_the_ticket_it_may_have_printed(
    hub, site, tmp_path: Path
):
    path = tmp_path / "journal.sqlite3"
    client = HubClient(hub.url, token("kiosk-1"))
    sync = TicketSync(TicketJournal(path), client, site, LEASE)
    sync.sync_once()  # leases
    day = sync.today()
    taken = sync.journal.take("a", "A", day, None, sync.now())
    assert taken is not None and taken.state == "printing"
    sync.journal.close()  # the process dies here, before the printer answered
    sync = TicketSync(TicketJournal(path), client, site, LEASE)
    assert sync.journal.get(taken.client_id).state == "unprinted"
    again = sync.journal.take("a", "A", day, None, sync.now())
    assert again is not None and again.number == "A995"  # the number is not given again
    sync.journal.settle(again.client_id, True)
    sync.sync_once()
    rows = hub_tickets(hub)
    assert [(r[0], r[3]) for r in rows] == [("A994", 1), ("A995", 0)]
    sync.journal.close()


def test_a_lease_of_an_earlier_day_is_given_back_the_next_day(hub, site, tmp_path: Path):
    client = HubClient(hub.url, token("kiosk-1"))
    sync = TicketSync(TicketJournal(tmp_path / "journal.sqlite3"), client, site, LEASE)
    sync.sync_once()
    hub.set_time("2026-11-24T08:00:00+07:00")
    sync.sync_once()
    rows = hub.query(
        "SELECT day, first_seq, last_seq, returned_from FROM ticket_leases"
        " WHERE service_id = 'a' ORDER BY id"
    )
    assert [tuple(r) for r in rows] == [
        ("2026-11-23", 994, 999, 994),
        ("2026-11-24", 994, 999, None),
    ]
    assert sync.journal.remaining("a", "2026-11-23") == 0
    assert sync.journal.remaining("a", "2026-11-24") == LEASE
    sync.journal.close()


def test_a_kiosk_killed_while_printing_a_hub_ticket_gets_it_marked(hub, site, clients, tmp_path):
    path = tmp_path / "journal.sqlite3"
    client = HubClient(hub.url, token("kiosk-1"))
    journal = TicketJournal(path)
    ticket = client.issue_ticket("a")
    journal.printing_online(ticket.id, ticket.number)  # as TicketDesk.take does
    journal.close()  # the process dies before the printer answered
    sync = TicketSync(TicketJournal(path), client, site, LEASE)
    assert sync.journal.unconfirmed_online() == [ticket.id]
    sync.sync_once()
    assert clients.admin.ticket(ticket.id).print_failed  # the counter knows
    assert sync.journal.unconfirmed_online() == []
    sync.journal.close()


def test_a_printed_hub_ticket_leaves_nothing_to_mark(kiosk, clients):
    outcome = kiosk.take("a")
    assert outcome.printed and not outcome.offline
    assert kiosk.sync.journal.unconfirmed_online() == []
    assert not clients.admin.ticket(outcome.ticket.id).print_failed
