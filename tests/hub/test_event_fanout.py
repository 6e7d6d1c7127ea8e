"""Event fan-out with many streams: fast calls, every event once, roles, caps per device."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import pytest
import requests

from kiosk.api.models import RatingIn
from tests.hub.conftest import site_toml, token
from tests.hub.sse_swarm import Swarm

DISPLAYS = 200
CALLS = 100
ROUNDS = 2


@pytest.fixture
def site_file(tmp_path: Path) -> Path:
    """The test site with 200 more hall displays."""
    extra = "".join(
        f'\n[[devices]]\nid = "hall-{i}"\nrole = "display"\ntoken = "{token(f"hall-{i}")}"\n'
        for i in range(DISPLAYS)
    )
    path = tmp_path / "site.toml"
    path.write_text(site_toml() + extra, encoding="utf-8")
    return path


@pytest.fixture
def swarm(hub):
    switch = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)  # the readers' thread must not hold up the caller's replies
    s = Swarm(hub.port)
    yield s
    s.close()
    sys.setswitchinterval(switch)


@pytest.mark.sqlite_only  # the fan-out is the store's alike; bench/hub.py times PostgreSQL
def test_200_streams_get_every_event_once_and_calls_stay_fast(hub, clients, swarm):
    streams = swarm.open([token(f"hall-{i}") for i in range(DISPLAYS)])
    assert swarm.wait(lambda: all(s.ready for s in streams)), "not every stream opened"
    assert {s.status for s in streams} == {200}
    for _ in range(ROUNDS * CALLS):
        clients.kiosk.issue_ticket("a")
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token('counter-3')}"
    p99s = []
    for _ in range(ROUNDS):  # the cores are shared: the better of two rounds counts
        took = []
        for _ in range(CALLS):
            t0 = time.perf_counter()
            answer = session.post(f"{hub.url}/api/v1/counters/3/call-next", timeout=5)
            took.append(time.perf_counter() - t0)
            assert answer.status_code == 200
        p99s.append(statistics.quantiles(took, n=100)[98] * 1000)
        print(
            f"call-next, {DISPLAYS} streams: p50 {statistics.median(took) * 1000:.1f} ms, "
            f"p99 {p99s[-1]:.1f} ms"
        )
    wanted = "type LIKE 'ticket.%' OR type LIKE 'counter.%' OR type = 'device.alert'"
    expected = [r[0] for r in hub.query(f"SELECT id FROM events WHERE {wanted} ORDER BY id")]
    calls = ROUNDS * CALLS
    assert len(expected) == 3 * calls - 1  # issued, called, finished (all but the last)
    assert swarm.wait(lambda: all(len(s.ids) >= len(expected) for s in streams))
    assert all(s.ids == expected for s in streams), "a stream missed or repeated an event"
    # a guard against gross regressions (a call waiting on the streams takes seconds), loose
    # enough for the suite's other worker busy beside it; bench/events.py measures the
    # figure itself on a quiet machine (p99 under 20 ms)
    assert min(p99s) < 250, f"call-next p99 {p99s} ms with {DISPLAYS} streams"


@pytest.mark.sqlite_only  # the fan-out is the same on either store
def test_each_role_gets_only_its_events(hub, clients, swarm):
    display, admin, rating = swarm.open([token("display-1"), token("admin"), token("rating-1")])
    assert swarm.wait(lambda: display.ready and admin.ready and rating.ready)
    ticket = clients.kiosk.issue_ticket("a")
    clients.counter(1).call_next(1)
    clients.counter(1).finish(1)
    rated = RatingIn(ticket_id=ticket.id, counter_id=1, level=3, client_id="fanout-rating-1")
    clients.rating1.rate(rated)
    assert swarm.wait(lambda: "rating.created" in admin.types)
    assert swarm.wait(lambda: "ticket.finished" in display.types + rating.types[-1:])
    assert "rating.created" not in display.types and "rating.created" not in rating.types
    assert display.types == ["ticket.issued", "ticket.called", "ticket.finished"]


@pytest.mark.sqlite_only  # the fan-out is the same on either store
def test_a_fifth_stream_of_one_device_ends_the_oldest(hub, clients, swarm):
    streams = []
    for _ in range(5):  # one at a time, so "oldest" is well defined
        (s,) = swarm.open([token("hall-0")])
        assert swarm.wait(lambda s=s: s.ready)
        streams.append(s)
    assert swarm.wait(lambda: streams[0].ended), "the oldest stream stayed open"
    clients.kiosk.issue_ticket("a")
    assert swarm.wait(lambda: all(len(s.ids) == 1 for s in streams[1:]))
    assert not any(s.ended for s in streams[1:])
    (other,) = swarm.open([token("hall-1")])  # another device's streams are not touched
    assert swarm.wait(lambda: other.ready) and not any(s.ended for s in streams[1:])


@pytest.mark.sqlite_only  # the fan-out is the same on either store
def test_a_closed_stream_resumes_with_last_event_id(hub, clients, swarm):
    (s,) = swarm.open([token("hall-0")])
    assert swarm.wait(lambda: s.ready)
    clients.kiosk.issue_ticket("a")
    assert swarm.wait(lambda: len(s.ids) == 1)
    for _ in range(4):
        swarm.open([token("hall-0")])  # pushes the first one out
    assert swarm.wait(lambda: s.ended)
    clients.kiosk.issue_ticket("a")
    clients.kiosk.issue_ticket("a")
    (again,) = swarm.open([token("hall-0")], last_event_id=s.ids[-1])
    assert swarm.wait(lambda: len(again.ids) == 2)
    assert again.ids[0] > s.ids[-1] and again.ids == sorted(set(again.ids))
