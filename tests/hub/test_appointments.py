"""Appointments over HTTP against a real hub (SQLite and PostgreSQL): booking, check-in at
the kiosk into the appointment lane, the counter calling it before an earlier walk-in,
early and late check-in refused with when to come, no-shows in the report, and refusals.

The hub's clock is its clock file (moved forward, never slept through); the test PC's
own clock is UTC, the site's zone Asia/Ho_Chi_Minh (+07:00).
"""

from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path

import pytest
import requests

from kiosk.commands.reports import report_csv
from tests.hub.conftest import site_toml, token

DAY = "2026-11-24"  # a Tuesday; the hub starts on Monday 2026-11-23 09:00 +07:00
HOLIDAY = "2026-11-25"
_addresses = itertools.count(1)


def appointment_site() -> str:
    """The hub tests' site, with service a bookable: 30-minute slots 08:00-11:00, one
    place each, every day of the week; a holiday; check-in 15 min early to 10 min late."""
    plan = (
        "[services.appointments]\n"
        'hours = "08:00-11:00"\nslot_minutes = 30\ncapacity = 1\n'
        'weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\n'
    )
    text = site_toml().replace("service_minutes = 10\n", "service_minutes = 10\n" + plan, 1)
    return text + (
        f'\n[appointments]\nhorizon_days = 7\nholidays = ["{HOLIDAY}"]\n'
        "early_min = 15\nlate_min = 10\n"
    )


@pytest.fixture
def site_file(tmp_path: Path) -> Path:
    path = tmp_path / "site.toml"
    path.write_text(appointment_site(), encoding="utf-8")
    return path


def citizen() -> dict[str, str]:
    """The headers of a phone of its own (a forwarded address the hub trusts from loopback),
    so the per-address booking limit is not what the test meets."""
    return {"X-Forwarded-For": f"2001:db8::{next(_addresses):x}"}


def book(url: str, time: str, day: str = DAY, **extra: str) -> requests.Response:
    body = {"service_id": "a", "date": day, "time": time} | extra
    return requests.post(f"{url}/api/v1/appointments", json=body, headers=citizen(), timeout=5)


def kiosk(url: str, method: str, path: str, **kw) -> requests.Response:
    auth = {"Authorization": f"Bearer {token('kiosk-1')}"}
    return requests.request(method, f"{url}/api/v1{path}", headers=auth, timeout=5, **kw)


def check_in(url: str, code: str) -> requests.Response:
    return kiosk(url, "POST", f"/appointments/{code}/check-in")


def report(url: str, day: str = DAY) -> dict:
    auth = {"Authorization": f"Bearer {token('admin')}"}
    r = requests.get(f"{url}/api/v1/reports/daily", params={"date": day}, headers=auth, timeout=5)
    r.raise_for_status()
    return r.json()


def test_booking_check_in_and_the_appointment_lane_is_called_first(hub, clients):
    url = hub.url
    r = requests.get(f"{url}/api/v1/appointments/services", headers=citizen(), timeout=5)
    assert r.status_code == 200
    (service,) = r.json()
    assert service["id"] == "a" and DAY in service["days"] and HOLIDAY not in service["days"]
    slots = requests.get(
        f"{url}/api/v1/appointments/slots", params={"service_id": "a", "date": DAY},
        headers=citizen(), timeout=5,
    ).json()  # fmt: skip
    assert [s["time"] for s in slots["slots"]][:3] == ["08:00", "08:30", "09:00"]
    assert all(s["free"] == 1 for s in slots["slots"])

    made = book(url, "09:00")
    assert made.status_code == 201, made.text
    a = made.json()
    code = a["code"]
    assert len(code) == 6 and not set(code) & set("0O1IL2Z5S8B")
    assert (a["status"], a["check_in_from"], a["check_in_until"]) == ("booked", "08:45", "09:10")
    assert a["url"].endswith(f"/dat-lich/{code}")

    # the day comes: a walk-in takes a number first, then the booked citizen checks in
    hub.set_time(f"{DAY}T08:50:00+07:00")
    walk_in = clients.kiosk.issue_ticket("a")
    hub.set_time(f"{DAY}T08:52:00+07:00")
    r = check_in(url, code.lower())  # typed in lower case: the same code
    assert r.status_code == 201, r.text
    booked = r.json()
    assert booked["booked"] and booked["number"] == "A002" and booked["waiting_ahead"] == 0
    assert clients.kiosk.ticket(walk_in.id).waiting_ahead == 1  # the booked one goes first
    again = check_in(url, code)  # a kiosk asking twice gets the same ticket
    assert (again.status_code, again.json()["id"]) == (200, booked["id"])

    hub.set_time(f"{DAY}T09:00:00+07:00")
    counter = clients.counter(3)
    assert counter.call_next(3).id == booked["id"]
    assert counter.call_next(3).id == walk_in.id

    shown = requests.get(f"{url}/api/v1/appointments/{code}", headers=citizen(), timeout=5)
    assert shown.json()["status"] == "checked_in" and shown.json()["ticket_number"] == "A002"
    cancelled = requests.post(f"{url}/api/v1/appointments/{code}/cancel", timeout=5)
    assert (cancelled.status_code, cancelled.json()["error"]) == (409, "checked_in")

    counts = report(url)["appointments"]
    assert (counts["booked"], counts["checked_in"], counts["no_show"]) == (1, 1, 0)
    assert (counts["called_booked"], counts["called_walk_in"]) == (1, 1)
    assert counts["avg_wait_booked_s"] == 8 * 60 and counts["avg_wait_walk_in_s"] == 10 * 60


def test_early_and_late_check_in_are_refused_and_a_no_show_is_counted(hub):
    url = hub.url
    code = book(url, "09:30").json()["code"]
    hub.set_time(f"{DAY}T09:14:00+07:00")
    early = check_in(url, code)
    assert (early.status_code, early.json()["error"]) == (409, "too_early")
    detail = early.json()["detail"]
    assert "mời quay lại từ 09:15 đến 09:40" in detail and "between 09:15 and 09:40" in detail
    assert (early.json()["from"], early.json()["until"], early.json()["slot"]) == (
        "09:15", "09:40", "09:30",
    )  # fmt: skip
    before = report(url)["appointments"]
    assert (before["booked"], before["pending"], before["no_show"]) == (1, 1, 0)

    hub.set_time(f"{DAY}T09:41:00+07:00")
    late = check_in(url, code)
    assert (late.status_code, late.json()["error"]) == (409, "too_late")
    assert "mời lấy số thứ tự thường" in late.json()["detail"]
    assert "walk-in ticket" in late.json()["detail"]
    daily = report(url)
    after = daily["appointments"]
    assert (after["booked"], after["pending"], after["no_show"]) == (1, 0, 1)
    (row,) = [r for r in csv.DictReader(io.StringIO(report_csv(daily).lstrip("\ufeff")))
              if r["scope"] == "appointments"]  # fmt: skip
    assert (row["appointments_booked"], row["appointments_no_show"]) == ("1", "1")
    shown = requests.get(f"{url}/api/v1/appointments/{code}", headers=citizen(), timeout=5)
    assert shown.json()["status"] == "no_show"
    # the report page says it too
    page = requests.get(
        f"{url}/reports", params={"from": DAY}, timeout=5,
        headers={"Authorization": f"Bearer {token('admin')}"},
    )  # fmt: skip
    assert "Lịch hẹn" in page.text and "Không đến" in page.text


def test_full_slot_holiday_cancel_and_bad_input(hub):
    url = hub.url
    first = book(url, "10:00")
    assert first.status_code == 201
    full = book(url, "10:00")
    assert (full.status_code, full.json()["error"]) == (409, "slot_full")
    holiday = book(url, "10:00", day=HOLIDAY)
    assert (holiday.status_code, holiday.json()["error"]) == (409, "day_holiday")
    assert "ngày nghỉ lễ" in holiday.json()["detail"]
    closed = requests.get(
        f"{url}/api/v1/appointments/slots", params={"service_id": "a", "date": HOLIDAY},
        headers=citizen(), timeout=5,
    ).json()  # fmt: skip
    assert (closed["closed"], closed["slots"]) == ("holiday", [])
    assert book(url, "10:00", day="2026-12-30").json()["error"] == "day_beyond_horizon"
    assert book(url, "10:00", day="2026-11-22").json()["error"] == "day_past"
    assert book(url, "08:30", day="2026-11-23").json()["error"] == "slot_past"  # 09:00 now

    # cancelling gives the place back; a cancelled code does not check in
    code = first.json()["code"]
    r = requests.post(f"{url}/api/v1/appointments/{code}/cancel", headers=citizen(), timeout=5)
    assert r.json()["status"] == "cancelled"
    assert book(url, "10:00").status_code == 201
    hub.set_time(f"{DAY}T09:50:00+07:00")
    assert check_in(url, code).json()["error"] == "cancelled"

    # bad input: a clear 4xx with a reason, never a 500
    for body, status in [
        ({"time": "10:15"}, 422),  # not a slot start
        ({"time": "9:00"}, 422),
        ({"date": "2026-02-30"}, 422),
        ({"date": "9999-12-31"}, 422),
        ({"service_id": "b"}, 404),  # takes no bookings
        ({"service_id": "zz"}, 404),
        ({"extra": "x"}, 422),
    ]:
        r = requests.post(
            f"{url}/api/v1/appointments", headers=citizen(), timeout=5,
            json={"service_id": "a", "date": DAY, "time": "10:30"} | body,
        )  # fmt: skip
        assert r.status_code == status, (body, r.text)
        assert r.json()["detail"]
    assert requests.get(f"{url}/api/v1/appointments/abc", timeout=5).json()["error"] == (
        "invalid_code"
    )
    assert requests.get(f"{url}/api/v1/appointments/ACDEFG", timeout=5).status_code == 404
    assert requests.post(f"{url}/api/v1/appointments/{code}/check-in", timeout=5).status_code == 401
    display = {"Authorization": f"Bearer {token('display-1')}"}
    r = requests.post(f"{url}/api/v1/appointments/{code}/check-in", headers=display, timeout=5)
    assert r.status_code == 403

    # one address books a few, then waits (429 with Retry-After)
    same = {"X-Forwarded-For": "2001:db8::ffff"}
    answers = [
        requests.post(
            f"{url}/api/v1/appointments", headers=same, timeout=5,
            json={"service_id": "a", "date": "2026-11-26", "time": t},
        )
        for t in ("08:00", "08:30", "09:00", "09:30", "10:00", "10:30")
    ]  # fmt: skip
    assert [r.status_code for r in answers] == [201] * 5 + [429]
    assert int(answers[-1].headers["Retry-After"]) >= 1
    assert "Traceback" not in hub.log.read_text()


def test_the_booking_page_on_a_phone(hub):
    """/dat-lich step by step as a phone's browser sends it, then the appointment's page
    with its code and QR, and cancelling from it."""
    url, phone = hub.url, requests.Session()
    phone.headers.update(citizen())
    first = phone.get(f"{url}/dat-lich", timeout=5)
    assert first.status_code == 200 and "Đặt lịch hẹn" in first.text
    assert 'name="viewport"' in first.text and "/dat-lich?service=a" in first.text
    days = phone.get(f"{url}/dat-lich", params={"service": "a"}, timeout=5).text
    assert f"service=a&amp;date={DAY}" in days and HOLIDAY not in days
    assert "Thứ Ba, 24/11/2026" in days
    slots = phone.get(f"{url}/dat-lich", params={"service": "a", "date": DAY}, timeout=5).text
    assert 'value="09:00"' in slots and 'action="/dat-lich"' in slots

    form = {"service": "a", "date": DAY, "time": "09:00", "site": "site"}
    r = phone.post(f"{url}/dat-lich", data=form, headers={"Origin": url}, timeout=5)
    assert r.status_code == 200 and "/dat-lich/" in r.url, r.text
    code = r.url.rsplit("/", 1)[1].split("?")[0]
    assert f'<div class="code">{code}</div>' in r.text
    assert 'src="data:image/svg+xml;base64,' in r.text and "08:45" in r.text
    taken = phone.post(f"{url}/dat-lich", data=form, headers={"Origin": url}, timeout=5)
    assert taken.status_code == 409 and "đã kín chỗ" in taken.text  # and the slots again
    assert 'action="/dat-lich"' in taken.text

    forged = phone.post(
        f"{url}/dat-lich/{code}/huy", headers={"Origin": "http://evil.example"}, timeout=5
    )
    assert forged.status_code == 403
    gone = phone.post(f"{url}/dat-lich/{code}/huy", headers={"Origin": url}, timeout=5)
    assert gone.status_code == 200 and "Đã hủy" in gone.text
    assert phone.get(f"{url}/dat-lich/nope", timeout=5).status_code == 404
    bad = phone.post(f"{url}/dat-lich", data={"service": "a"}, headers={"Origin": url}, timeout=5)
    assert bad.status_code == 422
