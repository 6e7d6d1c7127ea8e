"""Number leases and offline uploads on the hub (both stores): only a kiosk's own leased
numbers are taken, once; the hub's numbering skips every leased number, across a kill -9."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.device.hub_client import HubClient, HubRefused
from kiosk.device.ticket_journal import TicketJournal
from tests.hub.conftest import token


def test_leases_survive_a_hub_kill_and_the_hub_never_gives_a_leased_number(hub, clients):
    first = clients.kiosk.lease("a", 20)
    assert (first.first, first.last, first.day) == (980, 999, "2026-11-23")  # from the top
    assert clients.kiosk.issue_ticket("a").number == "A001"  # the hub's own: no gap
    hub.kill9()
    hub.start()
    second = clients.kiosk.lease("a", 5)
    assert (second.first, second.last) == (975, 979)
    assert clients.kiosk.issue_ticket("a").number == "A002"
    # the two meet only when the day's numbers run out: a lease never goes below the hub's
    assert clients.kiosk.lease("a", 200).first == 775
    for _ in range(3):
        clients.kiosk.lease("a", 200)
    last = clients.kiosk.lease("a", 200)
    assert (last.first, last.last) == (3, 174)
    with pytest.raises(HubRefused) as gone:
        clients.kiosk.lease("a", 1)
    assert gone.value.code == "daily_limit"
    with pytest.raises(HubRefused) as none_left:
        clients.kiosk.issue_ticket("a")
    assert none_left.value.code == "daily_limit"
    # a daily limit caps a lease at what is left of it; offline tickets count towards it
    assert clients.kiosk.issue_ticket("c").number == "C001"
    c = clients.kiosk.lease("c", 50)
    assert (c.first, c.last) == (998, 999)


def test_the_hub_takes_only_numbers_leased_to_that_kiosk(hub, clients, tmp_path: Path):
    kiosk = clients.kiosk
    lease = kiosk.lease("a", 3)
    assert (lease.first, lease.last) == (997, 999)
    journal = TicketJournal(tmp_path / "j.sqlite3")
    journal.add_lease(lease)
    ticket = journal.take("a", "A", lease.day, None, 1.0)
    assert ticket is not None
    admin = HubClient(hub.url, token("admin"))

    def refused(call) -> HubRefused:
        with pytest.raises(HubRefused) as e:
            call()
        return e.value

    # another device uploading kiosk-1's number: not leased to it
    assert refused(lambda: admin.upload_offline(ticket.upload())).code == "not_leased"
    outside = ticket.upload().model_copy(update={"seq": 996, "client_id": "other-ticket-1"})
    assert refused(lambda: kiosk.upload_offline(outside)).code == "not_leased"
    assert kiosk.upload_offline(ticket.upload()).number == "A997"
    changed = ticket.upload().model_copy(update={"seq": 998})
    assert refused(lambda: kiosk.upload_offline(changed)).code == "idempotency_conflict"
    taken = ticket.upload().model_copy(update={"client_id": "another-uuid-1"})
    assert refused(lambda: kiosk.upload_offline(taken)).code == "number_taken"
    # giving the rest back: A998, A999 are never given (nor accepted) that day
    assert refused(lambda: kiosk.lease("a", 3, release=(999_999, 998))).code == "unknown_lease"
    renewed = kiosk.lease("a", 3, release=(lease.id, 998))
    assert (renewed.first, renewed.last) == (994, 996)
    late = ticket.upload().model_copy(update={"seq": 998, "client_id": "late-ticket-2"})
    assert refused(lambda: kiosk.upload_offline(late)).code == "not_leased"
    assert hub.count("SELECT returned_from FROM ticket_leases WHERE id = ?", (lease.id,)) == 998
    assert kiosk.issue_ticket("a").number == "A001"
    # bad input is a 422 with a reason, never a 500
    bad = refused(lambda: kiosk.request("POST", "/leases", None))
    assert bad.status == 422
    r = kiosk.session.post(f"{kiosk.api}/offline-tickets", json={"client_id": "x"}, timeout=5)
    assert r.status_code == 422
    body = ticket.upload().model_dump(exclude_none=True) | {"day": "2026-02-30"}
    r = kiosk.session.post(f"{kiosk.api}/offline-tickets", json=body, timeout=5)
    assert r.status_code == 422 and "not a day" in r.text
    journal.close()
