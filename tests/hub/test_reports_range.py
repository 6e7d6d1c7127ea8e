"""Range reports on a scripted day of known traffic: figures, the HTML page, the CLI."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest
import requests

from kiosk.api.models import PriorityReason, RatingIn
from kiosk.device.outbox import new_client_id
from tests.hub.conftest import token

DAY, NEXT_DAY = "2026-11-23", "2026-11-24"
# Service a, counter 3: issued at 08:00 + ISSUE_A minutes, called WAIT_A minutes later,
# then finished SERVE_A minutes after the call (None: skipped as a no-show).
ISSUE_A = [0, 6, 12, 18, 24, 30, 36, 42, 48, 90]
WAIT_A = [1, 2, 3, 4, 5, 6, 7, 8, 9, 30]
SERVE_A = [3, 4, 5, 2, None, 6, 4, 3, 5, 10]
# levels given to the a tickets (by index) through the kiosk, with reasons
RATE_A = {0: (3, []), 1: (3, []), 2: (2, []), 3: (1, ["waiting_time", "attitude"])}
RATE_A |= {5: (1, ["waiting_time"]), 6: (2, [])}


def at(hub, minutes: int) -> None:
    hub.set_time(f"{DAY}T{8 + minutes // 60:02d}:{minutes % 60:02d}:00+07:00")


def play_day(hub, clients) -> None:
    """Scripted traffic of DAY; the expected figures below are worked out from it."""
    kiosk, c2, c3 = clients.kiosk, clients.counter(2), clients.counter(3)
    actions = []  # (minute, order, action)
    for i, issue in enumerate(ISSUE_A):
        actions.append((issue, 0, lambda: kiosk.issue_ticket("a")))
        call = issue + WAIT_A[i]
        actions.append((call, 1, lambda: c3.call_next(3)))
        if SERVE_A[i] is None:
            actions.append((call + 1, 2, lambda: c3.skip(3)))
        else:
            actions.append((call + SERVE_A[i], 2, lambda: c3.finish(3)))
    actions.append((120, 0, lambda: kiosk.issue_ticket("b")))  # 10:00 B001
    actions.append((121, 0, lambda: kiosk.issue_ticket("b", PriorityReason.ELDERLY)))  # B002
    actions.append((125, 1, lambda: c2.call_next(2)))  # B002 first (priority): waited 4 min
    actions.append((130, 2, lambda: c2.finish(2)))  # served 5 min
    actions.append((132, 1, lambda: c2.call_next(2)))  # B001 waited 12 min, still in service
    actions.append((180, 0, lambda: kiosk.issue_ticket("a")))  # 11:00, never called
    # ratings within the window after service: the a tickets (ids 1-9 in order) at 10:02,
    # B002 (id 12) and a dossier at 10:11
    for index, (level, reasons) in RATE_A.items():
        rating = RatingIn(
            ticket_id=index + 1,
            counter_id=3,
            level=level,
            reasons=reasons,
            client_id=new_client_id(),
        )
        actions.append((122, 3, lambda r=rating: kiosk.rate(r)))
    b002 = RatingIn(ticket_id=12, counter_id=2, level=3, client_id=new_client_id())
    actions.append((131, 3, lambda: clients.admin.rate(b002)))
    for minute, _, action in sorted(actions, key=lambda a: (a[0], a[1])):
        at(hub, minute)
        action()
    at(hub, 200)
    hub.know_dossiers("H15.50.05.13-261123-0001")
    clients.admin.rate(
        RatingIn(
            dossier_code="H15.50.05.13-261123-0001",
            counter_id=2,
            level=2,
            client_id=new_client_id(),
        )
    )
    # the next day: two tickets, one served after 2 minutes for 1 minute
    hub.set_time(f"{NEXT_DAY}T14:00:00+07:00")
    kiosk.issue_ticket("a")
    kiosk.issue_ticket("b")
    hub.set_time(f"{NEXT_DAY}T14:02:00+07:00")
    c3.call_next(3)
    hub.set_time(f"{NEXT_DAY}T14:03:00+07:00")
    c3.finish(3)


@pytest.fixture
def played(hub, clients):
    play_day(hub, clients)
    return hub, clients


def by_id(entries, ident):
    return next(e for e in entries if e["id"] == ident)


def test_figures_of_a_known_day(played):
    _, clients = played
    report = clients.admin.get_json("/reports", **{"from": DAY, "to": DAY})
    daily = clients.admin.daily_report(DAY)
    assert daily.pop("date") == DAY and daily == report
    t = report["totals"]
    assert (t["issued"], t["served"], t["skipped"], t["waiting"], t["in_service"]) == (
        13, 10, 1, 1, 1,
    )  # fmt: skip
    assert t["priority"] == 1
    # waits (min): a 1..9 and 30, b 4 and 12 -> sorted 1 2 3 4 4 5 6 7 8 9 12 30;
    # nearest rank ceil(0.9 * 12) = 11 -> 12 min; mean 91 / 12 min
    assert t["p90_wait_s"] == 720
    assert t["avg_wait_s"] == round(91 * 60 / 12, 1)
    # service (min): a 3 4 5 2 6 4 3 5 10, b 5 -> sorted 2 3 3 4 4 5 5 5 6 10; rank 9 -> 6
    assert t["p90_service_s"] == 360
    assert t["avg_service_s"] == 282.0  # 47 min / 10
    a = by_id(report["services"], "a")
    assert (a["issued"], a["served"], a["skipped"], a["waiting"]) == (11, 9, 1, 1)
    assert a["p90_wait_s"] == 540  # 10 waits 1..9, 30 min: rank 9 -> 9 min
    assert a["avg_wait_s"] == 450.0  # 75 min / 10
    assert a["p90_service_s"] == 600  # 2 3 3 4 4 5 5 6 10: rank ceil(8.1) = 9 -> 10 min
    assert a["avg_service_s"] == round(42 * 60 / 9, 1)
    b = by_id(report["services"], "b")
    assert (b["issued"], b["served"], b["in_service"], b["priority"]) == (2, 1, 1, 1)
    assert (b["p90_wait_s"], b["avg_wait_s"]) == (720, 480.0)  # 4 and 12 min: rank 2
    c3 = by_id(report["counters"], 3)
    assert (c3["served"], c3["skipped"], c3["p90_wait_s"]) == (9, 1, 540)
    assert by_id(report["counters"], 1)["served"] == 0
    # peak hours: 08h nine a tickets, 09h one, 10h the two b, 11h the last a
    assert report["hours"][8:12] == [9, 1, 2, 1]
    assert sum(report["hours"]) == 13
    assert a["hours"][8:12] == [9, 1, 0, 1]
    # ratings: 3 3 2 1 1 2 (a), 3 (B002), 2 (dossier) -> 3x L3, 3x L2, 2x L1
    r = report["ratings"]
    assert r["total"] == 8
    assert [r["levels"][lv]["count"] for lv in "321"] == [3, 3, 2]
    assert [r["levels"][lv]["pct"] for lv in "321"] == [37.5, 37.5, 25.0]
    assert r["satisfied_pct"] == 75.0  # levels 3 and 2: 6 of 8
    assert r["reasons"] == {"waiting_time": 2, "attitude": 1}
    assert r["reasons_pct"] == {"waiting_time": 25.0, "attitude": 12.5}
    assert a["ratings"]["total"] == 6 and a["ratings"]["satisfied_pct"] == 66.7
    assert by_id(report["counters"], 2)["ratings"]["total"] == 2  # B002 and the dossier


def test_range_adds_the_days(played):
    hub, clients = played
    report = clients.admin.get_json("/reports", **{"from": DAY, "to": NEXT_DAY})
    assert [(d["date"], d["issued"], d["served"]) for d in report["days"]] == [
        (DAY, 13, 10),
        (NEXT_DAY, 2, 1),
    ]
    assert report["totals"]["issued"] == 15
    assert report["hours"][14] == 2
    assert by_id(report["services"], "a")["p90_wait_s"] == 540  # the 2-min wait adds below
    admin = {"Authorization": f"Bearer {token('admin')}"}
    reverse = clients.admin.get_json("/reports", **{"from": NEXT_DAY, "to": DAY})
    assert reverse == report  # either order
    long = clients.admin.get_json("/reports", **{"from": DAY, "to": "2031-01-01"})
    assert long["to"] == "2027-11-23" and len(long["days"]) == 366  # cut at 366 days
    assert long["totals"] == report["totals"]
    bad = requests.get(
        f"{hub.url}/api/v1/reports", params={"from": "2026-02-30"}, headers=admin, timeout=5
    )
    assert bad.status_code == 422 and bad.json()["error"] == "invalid"
    other = requests.get(
        f"{hub.url}/api/v1/reports",
        headers={"Authorization": f"Bearer {token('counter-3')}"},
        timeout=5,
    )
    assert other.status_code == 403


def test_report_page_signs_in_with_a_cookie(played):
    hub, _ = played
    url = f"{hub.url}/reports"
    anonymous = requests.get(url, params={"from": DAY, "to": NEXT_DAY}, timeout=5)
    assert anonymous.status_code == 401 and 'name="token"' in anonymous.text
    assert "13" not in anonymous.text.split("<main>")[1].replace(DAY, "")
    with requests.Session() as browser:
        wrong = browser.post(f"{url}/login", data={"token": token("kiosk-1")}, timeout=5)
        assert wrong.status_code == 401 and "không đúng" in wrong.text
        signed = browser.post(
            f"{url}/login",
            data={"token": token("admin"), "from": DAY, "to": NEXT_DAY},
            allow_redirects=False,
            timeout=5,
        )
        assert signed.status_code == 303
        assert signed.headers["location"] == f"/reports?from={DAY}&to={NEXT_DAY}"
        cookie = signed.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/reports" in cookie
        page = browser.get(url + "?" + signed.headers["location"].split("?")[1], timeout=5)
        assert 'action="/reports/logout"' in page.text
        browser.post(f"{url}/logout", timeout=5)
        assert browser.get(url, timeout=5).status_code == 401  # the cookie is gone
    assert page.status_code == 200
    html = page.text
    assert "23/11/2026 – 24/11/2026" in html
    assert "<svg" in html and "@media print" in html and "<script" not in html
    assert "75,0%" in html  # satisfied, Vietnamese decimal comma
    assert "Hộ tịch" in html and "Thời gian chờ" in html
    # the same page for a bearer header; a bad date answers a page, not a 500
    header = {"Authorization": f"Bearer {token('admin')}"}
    assert requests.get(url, headers=header, timeout=5).status_code == 200
    bad = requests.get(url, params={"from": "2026-02-30"}, headers=header, timeout=5)
    assert bad.status_code == 422 and "2026-02-30" in bad.text


def kiosk_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=60
    )


def test_cli_reads_the_store_while_the_hub_runs(played, site_file, tmp_path):
    hub, clients = played
    api = clients.admin.get_json("/reports", **{"from": DAY, "to": NEXT_DAY})
    common = ["--from", DAY, "--to", NEXT_DAY, "--config", str(site_file), "--db", str(hub.db)]
    as_json = kiosk_cli("reports", *common, "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout) == api
    as_csv = kiosk_cli("reports", *common, "--format", "csv")
    assert as_csv.stdout.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout.lstrip("\ufeff"))))
    total = rows[0]
    assert total["scope"] == "total" and total["issued"] == "15"
    assert total["p90_wait_s"] == str(api["totals"]["p90_wait_s"])
    assert total["level_3"] == "3" and total["issued_h08"] == "9"
    assert [r["id"] for r in rows if r["scope"] == "day"] == [DAY, NEXT_DAY]
    out = tmp_path / "report.html"
    as_html = kiosk_cli("reports", *common, "--format", "html", "--out", str(out))
    assert as_html.returncode == 0, as_html.stderr
    assert "<svg" in out.read_text() and 'name="from"' not in out.read_text()
    missing = kiosk_cli("reports", "--config", str(site_file), "--db", str(tmp_path / "no.db"))
    assert missing.returncode == 2 and "no database" in missing.stderr


def test_cli_store_is_db_then_kiosk_database_then_the_config(played, site_file, tmp_path):
    """As the hub unit runs it: --db, else $KIOSK_DATABASE, else [hub] database."""
    hub, clients = played
    api = clients.admin.get_json("/reports", **{"from": DAY, "to": NEXT_DAY})
    cmd = [sys.executable, "-m", "kiosk", "reports", "--from", DAY, "--to", NEXT_DAY,
           "--config", str(site_file)]  # fmt: skip
    env = {**os.environ, "KIOSK_DATABASE": str(hub.db)}
    from_env = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env)
    assert from_env.returncode == 0, from_env.stderr
    assert json.loads(from_env.stdout) == api
    missing = str(tmp_path / "no.db")
    first = subprocess.run([*cmd, "--db", missing], capture_output=True, text=True, timeout=60,
                           env=env)  # fmt: skip
    assert first.returncode == 2 and "no database" in first.stderr
    env["KIOSK_DATABASE"] = ""  # unset: the config's var/hub.sqlite3, absent in this folder
    config = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env,
                            cwd=tmp_path)  # fmt: skip
    assert config.returncode == 2 and "hub.sqlite3" in config.stderr
