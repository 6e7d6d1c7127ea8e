"""The rating flow against a real hub: events invite, the outbox delivers, one per visit."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.api.models import RatingReason
from kiosk.device.event_stream import EventStream
from kiosk.device.hub_client import HubClient
from kiosk.device.outbox import RatingOutbox
from kiosk.device.rating_flow import RatingFlow, RatingView, Stage
from kiosk.devices import rating_pad
from kiosk.devices.rating_pad import SimRatingPad
from tests.helpers import shifted_time, wait_for
from tests.hub.conftest import token


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def station(hub, tmp_path: Path):
    """The rating device of counter 1: outbox, flow and event follower."""
    hub.know_dossiers("H15.50.05.13-261008-0975", "H15.50.05.13-261008-0976")
    client = HubClient(hub.url, token("rating-1"), timeout=(0.5, 2.0))
    outbox = RatingOutbox(tmp_path / "outbox.sqlite3", client, retry_s=(0.1, 0.3)).start()
    views: list[RatingView] = []
    clock = Clock()
    flow = RatingFlow(1, outbox, 3, on_change=views.append, thanks_s=5, clock=clock)
    follower = EventStream(hub.url, client.token, retry_s=(0.1, 0.3))
    follower.subscribe(flow.on_event, ("ticket.",))
    follower.start()
    wait_for(lambda: follower.connected)
    yield flow, outbox, views, clock
    follower.stop()
    outbox.stop()


def _ratings(clients) -> dict:
    return clients.admin.daily_report()["ratings"]


def test_finished_ticket_is_rated_once(clients, station):
    flow, outbox, views, clock = station
    clients.kiosk.issue_ticket("a")
    counter = clients.counter(1)
    counter.call_next(1)
    assert flow.view.stage is Stage.IDLE
    counter.finish(1)
    wait_for(lambda: flow.view.stage is Stage.INVITED)
    assert flow.view.number == "A001"
    flow.choose(3)
    assert flow.view.stage is Stage.THANKS and flow.view.counted
    flow.choose(2)  # a second press: thanked, not counted
    assert flow.view.stage is Stage.THANKS and not flow.view.counted
    assert outbox.wait_empty(5)
    ratings = _ratings(clients)
    assert ratings["total"] == 1 and ratings["levels"]["3"]["count"] == 1
    clock.t += 5
    flow.tick()
    assert flow.view.stage is Stage.IDLE
    assert [v.stage for v in views] == [Stage.INVITED, Stage.THANKS, Stage.THANKS, Stage.IDLE]


def test_unsatisfied_gives_reasons_and_the_next_call_ends_thanks(clients, station):
    flow, outbox, _, _ = station
    clients.kiosk.issue_ticket("a")
    clients.kiosk.issue_ticket("b")
    counter = clients.counter(1)
    counter.call_next(1)
    counter.call_next(1)  # call-next finishes A001: its citizen is invited
    wait_for(lambda: flow.view.stage is Stage.INVITED)
    assert flow.view.number == "A001"
    flow.choose(1)
    assert flow.view.stage is Stage.REASONS
    flow.give_reasons([RatingReason.WAITING_TIME, RatingReason.ATTITUDE])
    assert flow.view.stage is Stage.THANKS
    assert outbox.wait_empty(5)
    ratings = _ratings(clients)
    assert ratings["levels"]["1"]["count"] == 1
    assert ratings["reasons"] == {"waiting_time": 1, "attitude": 1}
    clients.kiosk.issue_ticket("a")
    counter.call_next(1)  # B001 finished (invites), A002 called
    wait_for(lambda: flow.view.number == "B001")
    flow.choose(2)
    counter.finish(1)  # A002 served: invited while B001's thanks still shows
    wait_for(lambda: flow.view.number == "A002")
    flow.choose(3)
    assert flow.view.stage is Stage.THANKS
    clients.kiosk.issue_ticket("a")
    counter.call_next(1)  # the next call ends the thanks at once
    wait_for(lambda: flow.view.stage is Stage.IDLE)


def test_reasons_step_times_out_keeping_the_level(clients, station):
    flow, outbox, _, clock = station
    clients.kiosk.issue_ticket("a")
    clients.counter(1).call_next(1)
    clients.counter(1).finish(1)
    wait_for(lambda: flow.view.stage is Stage.INVITED)
    flow.choose(1)
    clock.t += 31
    flow.tick()
    assert flow.view.stage is Stage.THANKS
    assert outbox.wait_empty(5)
    assert _ratings(clients)["levels"]["1"]["count"] == 1


def test_pad_presses_feed_the_same_flow(clients, station):
    flow, outbox, _, _ = station
    pad = SimRatingPad(buttons=3, debounce_s=0.05)
    with shifted_time(rating_pad) as pad_clock:  # the pad stamps frames with time.monotonic()
        pad.start(flow.press)
        try:
            pad.press(1)  # nothing to rate yet: thanked, not counted
            wait_for(lambda: flow.view.stage is Stage.THANKS and not flow.view.counted)
            clients.kiosk.issue_ticket("a")
            clients.counter(1).call_next(1)
            clients.counter(1).finish(1)
            wait_for(lambda: flow.view.stage is Stage.INVITED)
            pad_clock.advance(0.1)  # a citizen's press, not a bounce of the first (0.05 s)
            pad.bounce(1, 4)  # one bouncing press of the leftmost (best) face
            wait_for(lambda: flow.view.stage is Stage.THANKS and flow.view.counted)
            assert outbox.wait_empty(5)
        finally:
            pad.stop()
    ratings = _ratings(clients)
    assert ratings["total"] == 1 and ratings["levels"]["3"]["count"] == 1


def test_dossier_without_ticket(clients, station):
    flow, outbox, _, _ = station
    assert not flow.invite_dossier("not a code")
    assert flow.view.stage is Stage.IDLE
    assert flow.invite_dossier(" h15.50.05.13 - 261008-0975 ")
    assert flow.view.dossier_code == "H15.50.05.13-261008-0975"
    flow.choose(2)
    assert flow.invite_dossier("H15.50.05.13-261008-0975")  # the same dossier again
    assert flow.view.stage is Stage.THANKS and not flow.view.counted
    assert outbox.wait_empty(5)
    assert _ratings(clients)["total"] == 1


def test_ratings_wait_in_the_outbox_while_the_hub_is_down(hub, clients, station):
    flow, outbox, _, _ = station
    clients.kiosk.issue_ticket("a")
    clients.counter(1).call_next(1)
    clients.counter(1).finish(1)
    wait_for(lambda: flow.view.stage is Stage.INVITED)
    hub.kill9()
    flow.choose(3)
    assert flow.view.stage is Stage.THANKS
    assert outbox.pending() == 1
    assert flow.invite_dossier("H15.50.05.13-261008-0976")
    flow.choose(2)
    wait_for(lambda: outbox.pending() == 2)
    hub.start()
    assert outbox.wait_empty(10)
    ratings = _ratings(clients)
    assert ratings["total"] == 2
    assert (ratings["levels"]["3"]["count"], ratings["levels"]["2"]["count"]) == (1, 1)
    assert outbox.rejected() == []
