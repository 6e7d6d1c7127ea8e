"""One hub, several sites: each site's queue, stream and reports are its own; the province
sees them side by side (roll-up). Over HTTP against a real hub process, on both stores.

Three site files: the provincial centre "tinh" (5-level ratings) lists "xa-a" (3 levels)
and "xa-b" (4 levels, no traffic). "tinh" and "xa-a" share service ids and counter ids,
so any leak between sites would show as a wrong number, a wrong ticket or a wrong count.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from kiosk.api.models import RatingIn, RatingReason
from kiosk.device.event_stream import EventStream
from kiosk.device.hub_client import HubClient, HubRefused
from kiosk.device.outbox import new_client_id
from tests.hub.conftest import PERIPHERALS
from tests.hub.hubproc import HubProcess
from tests.hub.test_events import Collector

DAY = "2026-11-23"
ROOT = Path(__file__).resolve().parents[2]
PROVINCE = "tok-province-so-noi-vu-0123456789"
TINH_NAME = "Trung tâm Phục vụ hành chính công tỉnh"
XA_A_NAME = "Bộ phận Một cửa UBND xã Phù Đổng"
XA_B_NAME = "Bộ phận Một cửa UBND xã Đặng Xá"
XA_A_EN = "One-stop office, Phu Dong commune"
DOSSIER = "H15.50.05.13-261123-0975"


def tok(site: str, device: str) -> str:
    return f"tok-{site}-{device}-0123456789"


SERVICES = {
    "a": ("Hộ tịch", "Civil status", "A"),
    "b": ("Chứng thực", "Certification", "B"),
    "c": ("Đất đai", "Land", "C"),
    "d": ("Xây dựng", "Construction", "D"),
}


def site_text(
    site_id: str,
    name: str,
    levels: int,
    services: list[str],
    counters: dict[int, list[str]],
    hub: str = "",
    timezone: str = "Asia/Ho_Chi_Minh",
    token_of=tok,
    name_en: str = "",
) -> str:
    """A site file: a kiosk, a display, an admin, a counter device and a rating pad per
    counter (the same device ids in every site, tokens of their own)."""
    parts = [
        f'[site]\nid = "{site_id}"\nname = "{name}"\ntimezone = "{timezone}"\n'
        f"rating_levels = {levels}\n" + (f'name_en = "{name_en}"\n' if name_en else ""),
        hub,
    ]
    for sid in services:
        vi, en, prefix = SERVICES[sid]
        parts.append(
            f'[[services]]\nid = "{sid}"\nname_vi = "{vi}"\nname_en = "{en}"\nprefix = "{prefix}"\n'
        )
    for cid, served in counters.items():
        parts.append(f"[[counters]]\nid = {cid}\nservices = {json.dumps(served)}\n")
    devices = [("kiosk-1", "kiosk", None), ("display-1", "display", None), ("admin", "admin", None)]
    for cid in counters:
        devices += [(f"counter-{cid}", "counter", cid), (f"rating-{cid}", "rating", cid)]
    for device_id, role, counter in devices:
        line = f'[[devices]]\nid = "{device_id}"\nrole = "{role}"\n'
        line += f'token = "{token_of(site_id, device_id)}"\n'
        if counter is not None:
            line += f"counter = {counter}\n"
        for kind in PERIPHERALS.get(role, ()):
            line += f'{kind} = {{ driver = "sim" }}\n'
        parts.append(line)
    return "\n".join(parts)


def province_hub(extra_sites: str = '"xa-a.toml", "xa-b.toml"') -> str:
    return (
        f'[hub]\nsites = [{extra_sites}]\n[[hub.viewers]]\nid = "so-noi-vu"\ntoken = "{PROVINCE}"\n'
    )


def write_sites(folder: Path) -> Path:
    """tinh.toml (the hub's file) listing xa-a.toml and xa-b.toml; the path of tinh.toml."""
    folder.mkdir(parents=True, exist_ok=True)
    main = folder / "tinh.toml"
    main.write_text(
        site_text("tinh", TINH_NAME, 5, ["a", "b"], {1: ["a", "b"], 2: ["b"]}, province_hub()),
        encoding="utf-8",
    )
    (folder / "xa-a.toml").write_text(
        site_text("xa-a", XA_A_NAME, 3, ["a", "c"], {1: ["a", "c"], 2: ["c"]}, name_en=XA_A_EN),
        encoding="utf-8",
    )
    (folder / "xa-b.toml").write_text(
        site_text("xa-b", XA_B_NAME, 4, ["a", "d"], {1: ["a", "d"]}), encoding="utf-8"
    )
    return main


class Site:
    """The clients of one site's devices."""

    def __init__(self, url: str, site_id: str) -> None:
        self.id = site_id
        self.url = url
        self.kiosk = HubClient(url, tok(site_id, "kiosk-1"))
        self.display = HubClient(url, tok(site_id, "display-1"))
        self.admin = HubClient(url, tok(site_id, "admin"))

    def counter(self, n: int) -> HubClient:
        return HubClient(self.url, tok(self.id, f"counter-{n}"))

    def rating(self, n: int) -> HubClient:
        return HubClient(self.url, tok(self.id, f"rating-{n}"))

    def rate(self, counter: int, level: int, ticket_id=None, dossier=None, reasons=()):
        fields = {"ticket_id": ticket_id, "dossier_code": dossier, "counter_id": counter}
        fields |= {"level": level, "reasons": list(reasons), "client_id": new_client_id()}
        body = RatingIn.model_validate({k: v for k, v in fields.items() if v is not None})
        return self.rating(counter).rate(body)


@dataclass
class Province:
    hub: HubProcess
    main: Path
    tinh: Site
    xa: Site
    viewer: HubClient

    def get(self, path: str, token: str, **params) -> requests.Response:
        return requests.get(
            f"{self.hub.url}{path}",
            params=params,
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )


@pytest.fixture
def province(tmp_path: Path, store: str) -> Iterator[Province]:
    main = write_sites(tmp_path / "sites")
    hub = HubProcess(main, store, tmp_path / "clock.txt")
    hub.set_time(f"{DAY}T09:00:00+07:00")
    hub.start()
    hub.know_dossiers(DOSSIER, "H15.50.05.13-261123-0976")
    try:
        yield Province(
            hub, main, Site(hub.url, "tinh"), Site(hub.url, "xa-a"), HubClient(hub.url, PROVINCE)
        )
    finally:
        hub.stop()


def refused(call) -> HubRefused:
    with pytest.raises(HubRefused) as err:
        call()
    return err.value


# -- the queue: numbering, tickets, counters, calls, alerts ---------------------------------


def test_health_names_every_site(province):
    assert province.tinh.kiosk.health().sites == ["tinh", "xa-a", "xa-b"]


def test_numbering_tickets_and_counters_are_per_site(province):
    tinh, xa = province.tinh, province.xa
    t1 = tinh.kiosk.issue_ticket("a")
    x1 = xa.kiosk.issue_ticket("a")
    t2 = tinh.kiosk.issue_ticket("a")
    assert (t1.number, x1.number, t2.number) == ("A001", "A001", "A002")
    assert len({t1.id, x1.id, t2.id}) == 3
    # the same day, the same service, the same seq: one row per site
    rows = province.hub.query(
        "SELECT site_id, number FROM tickets WHERE seq = 1 ORDER BY site_id", ()
    )
    assert [tuple(r) for r in rows] == [("tinh", "A001"), ("xa-a", "A001")]

    # a ticket of another site does not exist for this site's devices
    assert tinh.kiosk.ticket(t1.id).number == "A001"
    assert refused(lambda: xa.kiosk.ticket(t1.id)).status == 404
    assert refused(lambda: tinh.display.ticket(x1.id)).status == 404
    # waiting counts are the site's own
    counts = {s.id: s.waiting for s in xa.kiosk.services()}
    assert counts["a"] == 1 and "b" not in counts

    # counter 1 of xa-a gets xa-a's A001, though tinh's tickets are older
    called = xa.counter(1).call_next(1)
    assert called is not None and called.id == x1.id
    assert xa.counter(1).call_next(1) is None  # 204: xa-a's queue is empty, tinh's is not
    called = tinh.counter(1).call_next(1)
    assert called is not None and called.id == t1.id
    state = xa.counter(1).counter(1)
    assert state.current is None and state.served_today == 1

    # each site's recent calls are its own
    assert [c.ticket_id for c in xa.display.recent_calls()] == [x1.id]
    assert [c.ticket_id for c in tinh.display.recent_calls()] == [t1.id]

    # device alerts too
    xa.kiosk.alert("printer", "paper_out", "Hết giấy ở xã")
    tinh.display.alert("audio", "offline")
    xa_alerts = xa.counter(2).active_alerts()
    tinh_alerts = tinh.counter(2).active_alerts()
    assert [(a.device_id, a.kind, a.status) for a in xa_alerts] == [
        ("kiosk-1", "printer", "paper_out")
    ]
    assert [(a.device_id, a.status) for a in tinh_alerts] == [("display-1", "offline")]
    assert province.hub.count("SELECT count(*) FROM device_alerts WHERE site_id = 'xa-a'") == 1


def test_tokens_are_bound_to_their_site(province):
    tinh, xa = province.tinh, province.xa
    t1 = tinh.kiosk.issue_ticket("a")
    tinh.counter(1).call_next(1)
    x1 = xa.kiosk.issue_ticket("a")
    xa.counter(1).call_next(1)

    # xa-a's counter 1 cannot finish, skip, recall or transfer tinh's ticket
    xa1 = xa.counter(1)
    for act in (xa1.finish, xa1.skip, xa1.recall):
        assert refused(lambda act=act: act(1, t1.id)).status == 409  # not the one it serves
    assert refused(lambda: xa1.transfer(1, "b", t1.id)).status in (404, 409, 422)
    # nor act as another counter, nor name a service only tinh has
    assert refused(lambda: xa1.call_next(2)).status == 403
    assert refused(lambda: xa.kiosk.issue_ticket("b")).status in (404, 422)
    row = province.hub.query(
        "SELECT status, counter_id, recalls FROM tickets WHERE id = ?", (t1.id,)
    )
    assert tuple(row[0]) == ("called", 1, 0)

    # xa-a's rating pad cannot rate tinh's ticket; it rates its own
    assert refused(lambda: xa.rate(1, 3, ticket_id=t1.id)).status == 404
    assert xa.rate(1, 3, ticket_id=x1.id).scale == 3
    # tinh's pad rates on tinh's 5-level scale: 5 is allowed there, not in xa-a
    assert tinh.rate(1, 5, ticket_id=t1.id).scale == 5
    assert refused(lambda: xa.rate(1, 5, dossier=DOSSIER)).status == 422
    # a dossier code is rated once per site, not once per hub
    assert xa.rate(1, 2, dossier=DOSSIER).dossier_code == DOSSIER
    assert tinh.rate(1, 4, dossier=DOSSIER).dossier_code == DOSSIER
    assert refused(lambda: xa.rate(1, 1, dossier=DOSSIER)).status == 409
    assert (
        province.hub.count("SELECT count(*) FROM ratings WHERE dossier_code = ?", (DOSSIER,)) == 2
    )

    # a client id (an outbox's key) of another site's rating is not taken as a repeat
    first = tinh.rate(2, 1, dossier="H15.50.05.13-261123-0976")
    again = RatingIn(
        dossier_code=first.dossier_code, counter_id=1, level=1, client_id=first.client_id
    )
    assert not xa.rating(1).rate(again).duplicate  # another device's key: a rating of xa-a
    assert tinh.rating(2).rate(again.model_copy(update={"counter_id": 2})).duplicate

    # the province token is no device of any queue
    assert refused(lambda: province.viewer.issue_ticket("a")).status == 403
    assert refused(lambda: province.viewer.recent_calls()).status == 403


# -- the event stream ------------------------------------------------------------------------


def follow(url: str, token: str, since: int | None = None) -> tuple[EventStream, Collector]:
    seen = Collector()
    follower = EventStream(url, token, retry_s=(0.1, 0.5))
    follower.subscribe(seen.on_event, on_connection=seen.on_connection, since=since)
    follower.start()
    assert seen.wait_for(lambda c: c.up), "the stream did not open"
    return follower, seen


def subjects(seen: Collector) -> set:
    """What each event is about: a ticket id, or the device of an alert."""
    return {e.data.get("ticket_id", e.data.get("device_id")) for e in seen.events}


def test_a_display_gets_its_own_sites_events_only(province):
    tinh, xa, url = province.tinh, province.xa, province.hub.url
    f_tinh, seen_tinh = follow(url, tok("tinh", "display-1"))
    f_xa, seen_xa = follow(url, tok("xa-a", "display-1"))
    try:
        mine, theirs = set(), set()
        theirs.add(xa.kiosk.issue_ticket("a").id)
        mine.add(tinh.kiosk.issue_ticket("a").id)
        theirs.add(xa.counter(1).call_next(1).id)
        xa.kiosk.alert("printer", "paper_out", "Hết giấy")
        mine.add(tinh.counter(1).call_next(1).id)
        tinh.counter(1).finish(1)
        last = tinh.kiosk.issue_ticket("b")
        mine.add(last.id)
        assert seen_tinh.wait_for(
            lambda c: any(e.data.get("ticket_id") == last.id for e in c.events)
        )
        assert seen_xa.wait_for(lambda c: any(e.type == "device.alert" for e in c.events))
        # tinh's display: issued, called, finished, issued; nothing of xa-a (ids apart)
        assert [e.type for e in seen_tinh.events] == [
            "ticket.issued",
            "ticket.called",
            "ticket.finished",
            "ticket.issued",
        ]
        assert subjects(seen_tinh) == mine
        assert [e.type for e in seen_xa.events] == [
            "ticket.issued",
            "ticket.called",
            "device.alert",
        ]
        assert subjects(seen_xa) == theirs | {"kiosk-1"}
        ids = [e.id for e in seen_tinh.events]
        assert ids == sorted(ids) and ids[-1] - ids[0] > len(ids) - 1  # gaps: xa-a's events
    finally:
        f_tinh.stop()
        f_xa.stop()

    # a display that comes back replays its own site's missed events, never another's
    xa.kiosk.issue_ticket("c")
    extra = tinh.kiosk.issue_ticket("a")
    f_back, back = follow(url, tok("tinh", "display-1"), since=seen_tinh.events[-1].id)
    try:
        assert back.wait_for(lambda c: len(c.events) >= 1)
        assert not back.wait_for(lambda c: len(c.events) > 1, timeout=1.0)
        assert back.events[0].data["ticket_id"] == extra.id
    finally:
        f_back.stop()
    # from the start: everything of tinh's, in order, nothing of xa-a's
    f_all, everything = follow(url, tok("tinh", "display-1"), since=0)
    try:
        assert everything.wait_for(lambda c: len(c.events) >= 5)
        assert not everything.wait_for(lambda c: len(c.events) > 5, timeout=1.0)
        assert subjects(everything) == mine | {extra.id}
    finally:
        f_all.stop()


# -- reports and the roll-up -----------------------------------------------------------------


def at(province: Province, hhmm: str) -> None:
    province.hub.set_time(f"{DAY}T{hhmm}:00+07:00")


def traffic(province: Province) -> None:
    """A known morning in tinh (5-level scale) and xa-a (3 levels); xa-b stays empty.

    tinh: A001 A002 B001 A003 A004 issued; A001 (wait 600 s, served 300 s, rated 5),
    A002 (900, 300, rated 3), B001 (1200, 600, rated 4) served; A003 skipped; A004 waits.
    xa-a: A001 C001 A002 A003 issued; A001 (300, 300, rated 2), C001 (300, 300, rated 1),
    A002 (600, 300, rated 1) served; A003 waits; and a dossier rated 3 (no ticket).
    """
    tinh, xa = province.tinh, province.xa
    at(province, "09:00")
    numbers = [tinh.kiosk.issue_ticket(s).number for s in "aabaa"]
    numbers += [xa.kiosk.issue_ticket(s).number for s in "aca"]
    assert numbers == ["A001", "A002", "B001", "A003", "A004", "A001", "C001", "A002"]

    at(province, "09:05")
    c001 = xa.counter(2).call_next(2)
    xa_a001 = xa.counter(1).call_next(1)
    assert (c001.number, xa_a001.number) == ("C001", "A001")
    at(province, "09:10")
    t_a001 = tinh.counter(1).call_next(1)
    assert t_a001.number == "A001"
    xa.counter(1).finish(1)
    xa.counter(2).finish(2)
    xa.rate(1, 2, ticket_id=xa_a001.id)
    xa.rate(2, 1, ticket_id=c001.id, reasons=[RatingReason.WAITING_TIME])
    xa_a002 = xa.counter(1).call_next(1)
    assert xa_a002.number == "A002"
    at(province, "09:15")
    tinh.counter(1).finish(1)
    tinh.rate(1, 5, ticket_id=t_a001.id)
    t_a002 = tinh.counter(1).call_next(1)
    xa.counter(1).finish(1)
    xa.rate(1, 1, ticket_id=xa_a002.id, reasons=[RatingReason.ATTITUDE])
    xa.rate(1, 3, dossier=DOSSIER)
    at(province, "09:20")
    tinh.counter(1).finish(1)
    tinh.rate(1, 3, ticket_id=t_a002.id)
    b001 = tinh.counter(2).call_next(2)
    assert (t_a002.number, b001.number) == ("A002", "B001")
    assert tinh.counter(1).call_next(1).number == "A003"
    at(province, "09:25")
    tinh.counter(1).skip(1)
    at(province, "09:30")
    tinh.counter(2).finish(2)
    tinh.rate(2, 4, ticket_id=b001.id)
    assert xa.kiosk.issue_ticket("a").number == "A003"


FIGURES = ("issued", "served", "skipped", "waiting", "priority")
TIMES = ("avg_wait_s", "p90_wait_s", "avg_service_s", "p90_service_s")


def test_reports_of_a_site_and_who_may_read_them(province):
    traffic(province)
    tinh_admin, xa_admin = tok("tinh", "admin"), tok("xa-a", "admin")

    def report(token: str, path: str = "/api/v1/reports", **params) -> requests.Response:
        return province.get(path, token, **({"from": DAY, "to": DAY} | params))

    own = report(xa_admin)
    assert own.status_code == 200
    assert own.json()["site_id"] == "xa-a" and own.json()["totals"]["issued"] == 4
    assert own.json()["rating_scale"] == 3
    assert report(xa_admin, site="xa-a").json() == own.json()
    assert report(xa_admin, site="tinh").status_code == 403
    assert report(xa_admin, "/api/v1/reports/daily", date=DAY, site="tinh").status_code == 403
    assert report(tinh_admin).json()["totals"]["issued"] == 5

    assert report(PROVINCE).status_code == 422
    assert report(PROVINCE, "/api/v1/reports/daily", date=DAY).status_code == 422
    assert report(PROVINCE, site="nowhere").status_code == 404
    assert report(PROVINCE, site="NOT A SITE").status_code == 422
    assert report(PROVINCE, site="xa-a\n").status_code == 422
    seen = report(PROVINCE, site="xa-a")
    assert seen.status_code == 200 and seen.json() == own.json()
    daily = report(PROVINCE, "/api/v1/reports/daily", date=DAY, site="tinh").json()
    assert daily["totals"]["issued"] == 5 and daily["site_id"] == "tinh"
    empty = report(PROVINCE, site="xa-b").json()
    assert empty["totals"]["issued"] == 0 and empty["rating_scale"] == 4

    assert report(tok("xa-a", "kiosk-1")).status_code == 403
    assert report(tok("tinh", "counter-1"), "/api/v1/reports/rollup").status_code == 403


def expected_rollup_checks(rolled: dict, site_reports: dict[str, dict]) -> None:
    """The roll-up of :func:`traffic`, worked out by hand."""
    assert (rolled["from"], rolled["to"]) == (DAY, DAY)
    sites = {s["id"]: s for s in rolled["sites"]}
    assert list(sites) == ["tinh", "xa-a", "xa-b"]
    assert [sites[s]["rating_scale"] for s in sites] == [5, 3, 4]
    assert sites["xa-a"]["name"] == XA_A_NAME
    counts = {sid: tuple(s[k] for k in FIGURES) for sid, s in sites.items()}
    assert counts == {
        "tinh": (5, 3, 1, 1, 0),
        "xa-a": (4, 3, 0, 1, 0),
        "xa-b": (0, 0, 0, 0, 0),
    }
    # satisfied = each site's top two levels: tinh 5 and 4 of 5, 3, 4 -> 2 of 3;
    # xa-a 2 and 3 of 2, 1, 1, 3 (the dossier) -> 2 of 4
    assert sites["tinh"]["ratings"]["total"] == 3
    assert sites["tinh"]["ratings"]["satisfied_pct"] == 66.7
    assert sites["xa-a"]["ratings"]["total"] == 4
    assert sites["xa-a"]["ratings"]["satisfied_pct"] == 50.0
    assert sites["xa-a"]["ratings"]["reasons"] == {"waiting_time": 1, "attitude": 1}
    assert sites["xa-b"]["ratings"] == {"total": 0, "satisfied_pct": None, "reasons": {}}
    # each site's row is what that site's own report says
    for sid, report in site_reports.items():
        mine = sites[sid]
        for key in FIGURES + TIMES:
            assert mine[key] == report["totals"][key], (sid, key)
        assert mine["ratings"]["total"] == report["ratings"]["total"]
        assert mine["ratings"]["satisfied_pct"] == report["ratings"]["satisfied_pct"]

    # each service id across the sites that offer it
    services = {s["id"]: s for s in rolled["services"]}
    assert list(services) == ["a", "b", "c", "d"]  # the busiest first
    a = services["a"]
    assert a["sites"] == 3 and a["name_vi"] == "Hộ tịch"
    assert tuple(a[k] for k in FIGURES) == (7, 4, 1, 2, 0)
    # a: tinh 5 (yes) and 3 (no, 5-level); xa-a 2 (yes, 3-level) and 1 (no) -> 50 %
    assert a["ratings"]["total"] == 4 and a["ratings"]["satisfied_pct"] == 50.0
    assert (services["b"]["sites"], services["b"]["issued"]) == (1, 1)
    assert services["b"]["ratings"] == {"total": 1, "satisfied_pct": 100.0, "reasons": {}}
    assert (services["c"]["sites"], services["c"]["served"]) == (1, 1)
    assert services["c"]["ratings"]["satisfied_pct"] == 0.0
    assert (services["d"]["sites"], services["d"]["issued"]) == (1, 0)
    assert services["d"]["ratings"]["satisfied_pct"] is None

    # the province: sums of the sites; 4 satisfied of 7 ratings (not 2 of 7 on one
    # 5-level threshold, not 5 of 7 on one 3-level threshold, not the mean of the shares)
    t = rolled["totals"]
    assert t["sites"] == 3
    for key in FIGURES:
        assert t[key] == sum(s[key] for s in rolled["sites"]), key
    assert t["ratings"]["total"] == 7 == sum(s["ratings"]["total"] for s in rolled["sites"])
    assert t["ratings"]["satisfied_pct"] == round(100 * 4 / 7, 1) == 57.1
    assert t["ratings"]["reasons"] == {"waiting_time": 1, "attitude": 1}
    # service times 300 300 600 (tinh) 300 300 300 (xa-a)
    assert t["avg_service_s"] == 350.0
    assert sum(s["ratings"]["total"] for s in rolled["services"]) == 6  # not the dossier


def test_rollup_adds_up_the_sites(province):
    traffic(province)
    reports = {
        sid: province.get("/api/v1/reports", PROVINCE, site=sid, **{"from": DAY}).json()
        for sid in ("tinh", "xa-a", "xa-b")
    }
    response = province.get("/api/v1/reports/rollup", PROVINCE, **{"from": DAY, "to": DAY})
    assert response.status_code == 200
    rolled = response.json()
    expected_rollup_checks(rolled, reports)
    # the admin of the hub's first site reads it too; other sites' admins may not
    assert province.get("/api/v1/reports/rollup", tok("tinh", "admin")).json() == rolled
    assert province.get("/api/v1/reports/rollup", tok("xa-a", "admin")).status_code == 403
    assert province.get("/api/v1/reports/rollup", tok("xa-b", "admin")).status_code == 403
    assert province.get("/api/v1/reports/rollup", tok("xa-a", "kiosk-1")).status_code == 403
    # another day: every site there, with nothing
    other = province.get("/api/v1/reports/rollup", PROVINCE, **{"from": "2026-11-22"}).json()
    assert [s["issued"] for s in other["sites"]] == [0, 0, 0]
    assert other["totals"]["ratings"]["satisfied_pct"] is None

    # the command reads the same store beside the running hub
    def command(fmt: str, *only: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "kiosk", "reports", *(only or ["--rollup"]), "--format", fmt,
             "--config", str(province.main), "--db", str(province.hub.db),
             "--from", DAY, "--to", DAY],
            capture_output=True, text=True, timeout=60, cwd=province.main.parent,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert json.loads(command("json")) == rolled
    assert json.loads(command("json", "--site", "xa-a")) == reports["xa-a"]
    assert json.loads(command("json", "--site", "xa-b")) == reports["xa-b"]
    text = command("csv")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [(r["scope"], r["id"]) for r in rows] == [
        ("site", "tinh"),
        ("site", "xa-a"),
        ("site", "xa-b"),
        ("service", "a"),
        ("service", "b"),
        ("service", "c"),
        ("service", "d"),
        ("total", f"{DAY}..{DAY}"),
    ]
    by = {(r["scope"], r["id"]): r for r in rows}
    assert by[("site", "xa-a")]["name"] == XA_A_NAME
    assert (by[("site", "tinh")]["issued"], by[("site", "tinh")]["satisfied_pct"]) == ("5", "66.7")
    assert by[("service", "a")]["issued"] == "7" and by[("service", "a")]["ratings"] == "4"
    total = by[("total", f"{DAY}..{DAY}")]
    assert (total["name"], total["issued"], total["served"]) == ("Toàn tỉnh", "9", "6")
    assert (total["ratings"], total["satisfied_pct"]) == ("7", "57.1")
    assert by[("site", "xa-b")]["satisfied_pct"] == ""


def login(url: str, token: str) -> requests.Session:
    session = requests.Session()
    answer = session.post(f"{url}/reports/login", data={"token": token}, timeout=10)
    assert answer.status_code == 200 and answer.url.endswith("/reports"), answer.url
    return session


def test_rollup_page_for_the_province(province, tmp_path):
    traffic(province)
    url = province.hub.url
    session = login(url, PROVINCE)
    page = session.get(f"{url}/reports", timeout=10)
    assert page.status_code == 200
    html = page.text
    assert "Báo cáo tổng hợp toàn tỉnh" in html
    for heading in ("Tổng quan", "Theo đơn vị", "Theo dịch vụ", "Hài lòng theo đơn vị"):
        assert heading in html
    for name in (TINH_NAME, XA_A_NAME, XA_B_NAME, "Toàn tỉnh", "Hộ tịch", "Xây dựng"):
        assert name in html
    assert XA_A_EN in html
    # a site without an English name is not named twice (table, chart: once each)
    assert html.count(TINH_NAME) == 2
    links = re.findall(r'href="(/reports\?[^"]+)"', html)
    assert links == [
        f"/reports?site={sid}&amp;from={DAY}&amp;to={DAY}" for sid in ("tinh", "xa-a", "xa-b")
    ]
    assert PROVINCE not in html

    # a site's link opens that site's own report
    site_page = session.get(f"{url}{links[1].replace('&amp;', '&')}", timeout=10)
    assert site_page.status_code == 200
    assert XA_A_NAME in site_page.text and "Báo cáo tổng hợp toàn tỉnh" not in site_page.text
    assert "Đất đai" in site_page.text and "Chứng thực" not in site_page.text
    assert session.get(f"{url}/reports?site=nowhere", timeout=10).status_code == 404

    # the admin of xa-a gets its own report, and not another site's
    xa = login(url, tok("xa-a", "admin"))
    own = xa.get(f"{url}/reports", timeout=10)
    assert own.status_code == 200 and XA_A_NAME in own.text
    assert "Báo cáo tổng hợp toàn tỉnh" not in own.text
    assert xa.get(f"{url}/reports?site=tinh", timeout=10).status_code == 403
    # a kiosk token does not sign in
    refused = requests.post(f"{url}/reports/login", data={"token": tok("xa-a", "kiosk-1")})
    assert refused.status_code == 401

    if province.hub.postgres:
        return
    shot = screenshot(html, tmp_path)
    if shot is not None and os.environ.get("KIOSK_REFRESH_DOCS") == "1":  # else: no tracked file
        shutil.copyfile(shot, ROOT / "docs" / "screenshots" / "report-rollup.png")


def screenshot(html: str, folder: Path) -> Path | None:
    """The page drawn by headless Chromium, 1200 px wide (None without Chromium)."""
    from PIL import Image

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        return None
    source = folder / "rollup.html"
    source.write_text(html, encoding="utf-8")
    png = folder / "rollup.png"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--user-data-dir={folder / 'chromium'}", "--window-size=1200,1700",
         f"--screenshot={png}", source.as_uri()],
        capture_output=True, timeout=60, check=True,
    )  # fmt: skip
    with Image.open(png) as image:
        assert image.size == (1200, 1700)
        assert len(image.convert("RGB").getcolors(maxcolors=1 << 16) or range(999)) > 50
    return png


# -- configuration errors --------------------------------------------------------------------


def hub_command(main: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "hub", "--config", str(main), "--port", "9"],
        capture_output=True,
        text=True,
        timeout=60,
    )


def same_token(site: str, device: str) -> str:
    return "tok-shared-kiosk-0123456789" if device == "kiosk-1" else tok(site, device)


@pytest.mark.parametrize(
    ("second", "message"),
    [
        (
            lambda: site_text("xa-a", XA_A_NAME, 3, ["a"], {1: ["a"]}, token_of=same_token),
            "xa-a/kiosk-1: token already used by tinh/kiosk-1",
        ),
        (
            lambda: site_text("tinh", XA_A_NAME, 3, ["a"], {1: ["a"]}),
            "sites[1].id: duplicate id 'tinh'",
        ),
        (
            lambda: site_text("xa-a", XA_A_NAME, 3, ["a"], {1: ["a"]}, timezone="Asia/Bangkok"),
            "site.timezone 'Asia/Bangkok' differs from 'Asia/Ho_Chi_Minh'",
        ),
        (
            lambda: site_text("Xã A", XA_A_NAME, 3, ["a"], {1: ["a"]}),
            "site.id: 'Xã A' must be lower-case letters",
        ),
    ],
    ids=["duplicate-token", "duplicate-site", "other-timezone", "bad-site-id"],
)
def test_hub_refuses_sites_that_cannot_share_it(tmp_path, second, message):
    main = tmp_path / "tinh.toml"
    main.write_text(
        site_text(
            "tinh", TINH_NAME, 5, ["a"], {1: ["a"]}, province_hub('"xa-a.toml"'),
            token_of=same_token,
        ),
        encoding="utf-8",
    )  # fmt: skip
    (tmp_path / "xa-a.toml").write_text(second(), encoding="utf-8")
    result = hub_command(main)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kiosk: configuration error: ")
    assert message in lines[0]
    assert "Traceback" not in result.stderr


def test_hub_refuses_a_viewer_token_a_device_has(tmp_path):
    main = tmp_path / "tinh.toml"
    hub = f'[hub]\n[[hub.viewers]]\nid = "so"\ntoken = "{tok("tinh", "admin")}"\n'
    main.write_text(site_text("tinh", TINH_NAME, 5, ["a"], {1: ["a"]}, hub), encoding="utf-8")
    result = hub_command(main)
    assert result.returncode == 2
    assert "hub.viewers/so: token already used by tinh/admin" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_hub_refuses_a_missing_site_file(tmp_path):
    main = tmp_path / "tinh.toml"
    hub = province_hub('"xa-missing.toml"')
    main.write_text(site_text("tinh", TINH_NAME, 5, ["a"], {1: ["a"]}, hub), encoding="utf-8")
    result = hub_command(main)
    assert result.returncode == 2
    assert "xa-missing.toml: cannot read" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
