"""Officers sign in at a counter with a PIN; calls, finishes and ratings record who served,
and the report has a table per officer."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from kiosk.api.models import RatingIn
from kiosk.device.hub_client import HubRefused
from tests.hub.conftest import site_toml, token

OFFICERS = """
[[officers]]
id = "nv-lan"
name = "Nguyễn Thị Lan"
pin = "1234"
counters = [1, 3]

[[officers]]
id = "nv-minh"
name = "Trần Văn Minh"
pin = "567890"
"""


@pytest.fixture
def site_file(tmp_path: Path) -> Path:
    path = tmp_path / "site.toml"
    path.write_text(site_toml() + OFFICERS, encoding="utf-8")
    return path


def refused(fn) -> HubRefused:
    with pytest.raises(HubRefused) as caught:
        fn()
    return caught.value


def test_a_counter_calls_only_with_an_officer_signed_in(clients):
    t1 = clients.kiosk.issue_ticket("a")
    c = clients.counter(3)
    assert c.counter(3).sign_in_required
    assert refused(lambda: c.call_next(3)).code == "not_signed_in"
    assert refused(lambda: c.sign_in(3, "nv-lan", "9999")).code == "wrong_pin"
    assert refused(lambda: c.sign_in(3, "nobody", "1234")).code == "wrong_pin"
    assert refused(lambda: c.sign_in(4, "nv-lan", "1234")).status == 403  # not its counter
    c4 = clients.counter(4)
    assert refused(lambda: c4.sign_in(4, "nv-lan", "1234")).code == "wrong_counter"
    c.sign_in(3, "nv-lan", "1234")
    state = c.counter(3)
    assert state.officer_id == "nv-lan" and state.officer_name == "Nguyễn Thị Lan"
    assert not state.sign_in_required and not state.paused
    called = c.call_next(3)
    assert called.id == t1.id and called.officer_id == "nv-lan"


def test_pin_guessing_is_slowed_down(clients, hub):
    headers = {"Authorization": f"Bearer {token('counter-5')}"}
    codes = [
        httpx.post(
            f"{hub.url}/api/v1/counters/5/sign-in",
            json={"officer_id": "nv-minh", "pin": f"{n:04d}"},
            headers=headers,
        ).status_code
        for n in range(7)
    ]
    assert codes[:5] == [403] * 5 and codes[5:] == [429, 429]
    other = clients.counter(6)
    other.sign_in(6, "nv-minh", "567890")  # another counter is not locked


def test_the_officer_is_recorded_on_calls_finishes_ratings_and_the_report(clients, hub):
    c1, c3 = clients.counter(1), clients.counter(3)
    c1.sign_in(1, "nv-lan", "1234")
    a1, a2 = clients.kiosk.issue_ticket("a"), clients.kiosk.issue_ticket("a")
    first = c1.call_next(1)
    assert first.officer_id == "nv-lan"
    c1.finish(1)
    rating = clients.rating1.rate(
        RatingIn(ticket_id=a1.id, counter_id=1, level=3, client_id="rating-officer-1")
    )
    assert rating.officer_id == "nv-lan"
    # the same officer moves to counter 3: counter 1 is left without anyone
    c3.sign_in(3, "nv-lan", "1234")
    assert c1.counter(1).sign_in_required
    assert refused(lambda: c1.call_next(1)).code == "not_signed_in"
    c1.sign_in(1, "nv-minh", "567890")
    assert c1.call_next(1).officer_id == "nv-minh"
    c1.counter_session(1, "sign-out")
    assert clients.kiosk.ticket(a2.id).status == "finished"
    assert clients.kiosk.ticket(a2.id).officer_id == "nv-minh"
    assert c1.counter(1).sign_in_required and c1.counter(1).paused
    assert refused(lambda: c1.counter_session(1, "resume")).code == "not_signed_in"

    report = clients.admin.daily_report("2026-11-23")
    officers = {o["id"]: o for o in report["officers"]}
    assert officers["nv-lan"]["served"] == 1 and officers["nv-lan"]["ratings"]["total"] == 1
    assert officers["nv-lan"]["ratings"]["satisfied_pct"] == 100.0
    assert officers["nv-minh"]["served"] == 1 and officers["nv-minh"]["ratings"]["total"] == 0
    page = httpx.get(
        f"{hub.url}/reports",
        params={"from": "2026-11-23", "to": "2026-11-23"},
        headers={"Authorization": f"Bearer {token('admin')}"},
    )
    assert page.status_code == 200
    assert "Theo cán bộ" in page.text and "Nguyễn Thị Lan" in page.text
