"""Two hub processes serve one PostgreSQL database at once, and one dies mid-run.

Sixteen clients spread over both (twelve kiosks issuing, four counters calling next), a
hall display on each; after a share of the answers one process is killed with SIGKILL
and its clients go on through the other, as behind a load balancer. Afterwards: no
number given twice (each service's numbers run 1..N without a gap), no ticket called
twice, every answered ticket in the store, and both displays (the killed process's
one reconnected to the survivor with Last-Event-ID) received exactly the events the
store holds, in order, once each. And both processes' notify senders, on one outbox,
send no message twice.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Iterator

import pytest

from kiosk.notify.fake_gateways import FakeSms
from tests.helpers import wait_for
from tests.hub.conftest import Clients, site_toml
from tests.hub.failover import FailoverClient, FailoverDisplay
from tests.hub.hubproc import HubProcess
from tests.hub.test_notify import PHONE, sms_section, take
from tests.pgserver import PgServer

ISSUERS = 12
PER_ISSUER = 30
CALLERS = (1, 2, 3, 4)  # counter 1 serves a+b, 2 serves b, 3 and 4 serve a
PER_CALLER = 45
KILL_AFTER = (ISSUERS * PER_ISSUER + len(CALLERS) * PER_CALLER) * 2 // 5
SHOWN = "type LIKE 'ticket.%' OR type LIKE 'counter.%' OR type = 'device.alert'"


@pytest.fixture
def two_hubs(pg_server: PgServer, site_file, tmp_path) -> Iterator[list[HubProcess]]:
    url = pg_server.create_database()
    hubs = [HubProcess(site_file, url, tmp_path / "clock.txt") for _ in range(2)]
    hubs[0].set_time("2026-11-23T09:00:00+07:00")
    try:
        for hub in hubs:
            hub.start()
        yield hubs
    finally:
        for hub in hubs:
            hub.stop()
        pg_server.drop_database(url)


@pytest.fixture
def sms() -> Iterator[FakeSms]:
    fake = FakeSms("k-123", "s-456", "MOTCUA")
    yield fake
    fake.close()


class Run:
    """What the hubs answered, across both processes."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.issued: dict[int, str] = {}  # ticket id -> number
        self.calls: list[tuple[int, int]] = []  # (ticket id, counter)
        self.answers = 0
        self.failovers = 0
        self.errors: list[str] = []
        self.kill_now = threading.Event()

    def answered(self) -> None:
        with self.lock:
            self.answers += 1
            if self.answers >= KILL_AFTER:
                self.kill_now.set()


def issuer(urls: list[str], n: int, run: Run) -> None:
    client = FailoverClient(urls, "kiosk-1", first=n)
    try:
        for i in range(PER_ISSUER):
            ticket = client.issue("ab"[(n + i) % 2], key=f"k{n}-{i}")
            with run.lock:
                assert run.issued.setdefault(ticket.id, ticket.number) == ticket.number
            run.answered()
    except Exception as e:  # any failure fails the test, with what it was
        run.errors.append(f"issuer {n}: {e!r}")
    run.failovers += client.failovers


def caller(urls: list[str], counter: int, run: Run) -> None:
    client = FailoverClient(urls, f"counter-{counter}", first=counter)
    try:
        for _ in range(PER_CALLER):
            ticket = client.call_next(counter)
            if ticket is not None:
                with run.lock:
                    run.calls.append((ticket.id, counter))
            run.answered()
    except Exception as e:
        run.errors.append(f"counter {counter}: {e!r}")
    run.failovers += client.failovers


def test_two_hub_processes_one_killed(two_hubs: list[HubProcess]) -> None:
    doomed, survivor = two_hubs
    urls = [doomed.url, survivor.url]
    displays = [FailoverDisplay(urls).start(), FailoverDisplay(urls[::-1]).start()]
    wait_for(lambda: all(d.connections for d in displays), 10, "both displays to connect")
    run = Run()
    threads = [threading.Thread(target=issuer, args=(urls, n, run)) for n in range(ISSUERS)]
    threads += [threading.Thread(target=caller, args=(urls, c, run)) for c in CALLERS]
    for t in threads:
        t.start()
    assert run.kill_now.wait(30), "the run did not get far enough to kill a hub"
    doomed.kill9()
    killed_at = run.answers
    for t in threads:
        t.join(60)
    assert run.errors == []
    assert killed_at < len(run.issued) + len(CALLERS) * PER_CALLER  # killed mid-run
    assert run.failovers > 0  # clients of the killed process went on through the other

    # every answered ticket is in the store; no number twice; each lane runs 1..N
    tickets = {
        r[0]: r for r in survivor.query("SELECT id, number, origin_service_id, seq FROM tickets")
    }
    assert len(run.issued) == ISSUERS * PER_ISSUER
    for ticket_id, number in run.issued.items():
        assert tickets[ticket_id][1] == number
    lanes: dict[str, list[int]] = defaultdict(list)
    for _, _, service, seq in tickets.values():
        lanes[service].append(seq)
    for service, seqs in lanes.items():
        assert sorted(seqs) == list(range(1, len(seqs) + 1)), f"lane {service}: gap or repeat"
    assert len(tickets) == len(run.issued)  # a retried ticket was not taken twice

    # no ticket called twice: not in the answers, not in the store's call events
    assert [t for t, k in Counter(t for t, _ in run.calls).items() if k > 1] == []
    called = [
        e[0]
        for e in survivor.query(
            "SELECT (data::json->>'ticket_id')::bigint FROM events"
            " WHERE type = 'ticket.called' ORDER BY id"
        )
    ]
    assert len(called) == len(set(called)) >= len(run.calls)
    assert {t for t, _ in run.calls} <= set(called)

    # both displays: exactly the store's events, in order, once each; calls and all
    stored = [r[0] for r in survivor.query(f"SELECT id FROM events WHERE {SHOWN} ORDER BY id")]
    for display in displays:
        wait_for(lambda d=display: len(d.ids) >= len(stored), 15, "a display to catch up")
        display.stop()
        assert display.ids == stored
        shown_calls = [e.data["ticket_id"] for e in display.events if e.type == "ticket.called"]
        assert shown_calls == called
    assert displays[0].connections[0] == doomed.url and displays[0].connections[-1] == survivor.url
    # the survivor's display never left it: the killed process's writes reached it there
    assert set(displays[1].connections) == {survivor.url}
    print(
        f"two hubs: {len(tickets)} tickets, {len(called)} calls, {len(stored)} events; "
        f"killed after {killed_at} answers, {run.failovers} failovers"
    )


def test_two_hub_processes_send_each_message_once(
    pg_server: PgServer, tmp_path, sms: FakeSms
) -> None:
    """Both processes run a notify sender on the shared outbox, and both hear of every
    ticket event: one pass at a time, so each message reaches the gateway once."""
    site = tmp_path / "notify-site.toml"
    site.write_text(site_toml() + sms_section(sms), encoding="utf-8")
    url = pg_server.create_database()
    hubs = [HubProcess(site, url, tmp_path / "clock.txt") for _ in range(2)]
    hubs[0].set_time("2026-11-23T09:00:00+07:00")
    try:
        for hub in hubs:
            hub.start()
        for i in range(12):
            take(Clients(hubs[i % 2].url), "a", PHONE)
        for i in range(12):
            assert Clients(hubs[i % 2].url).counter(3).call_next(3) is not None
        pending = "SELECT COUNT(*) FROM notify_outbox WHERE status = 'pending'"
        wait_for(lambda: hubs[0].count(pending) == 0, 15, "every message to be dealt with")
        sent = hubs[0].count("SELECT COUNT(*) FROM notify_outbox WHERE status = 'sent'")
        assert sent > 0  # others were dropped: the next call ended their ticket first
        assert hubs[0].count("SELECT MAX(attempts) FROM notify_outbox") == 1
        # no message went to the gateway twice (a "soon" in flight when its ticket is
        # called counts as dropped, so the requests may outnumber the rows marked sent)
        assert sms.requests == len(sms.deliveries) >= sent
        assert sum(h.log.read_text().count(" sent (sms-http)") for h in hubs) == sms.requests
    finally:
        for hub in hubs:
            hub.stop()
        pg_server.drop_database(url)
