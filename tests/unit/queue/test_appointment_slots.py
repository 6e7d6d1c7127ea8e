"""Appointment slots from the site file, the booking code's form, and each mistake in the
site file's appointment tables as one clear message."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest

from kiosk.api.appointments import CODE_ALPHABET, normalize_code
from kiosk.config import ConfigError, example_site_path, parse_site
from kiosk.queue.appointments import closed_reason, slot_start, slot_times


def example() -> dict:
    return tomllib.loads(example_site_path().read_text(encoding="utf-8"))


def test_the_example_sites_slots_in_its_time_zone() -> None:
    site = parse_site(example())
    plan = site.service("hotich").appointments
    times = [f"{t:%H:%M}" for t in slot_times(plan)]
    assert times[:3] == ["08:00", "08:15", "08:30"] and times[11] == "10:45"
    assert times[12] == "13:30" and times[-1] == "16:15" and len(times) == 24
    assert site.service("datdai").appointments is None
    # 08:00 in Hà Nội is 01:00 UTC, whatever zone this PC's clock is in
    start = slot_start(site, dt.date(2026, 11, 24), dt.time(8, 0))
    assert dt.datetime.fromtimestamp(start, dt.UTC) == dt.datetime(
        2026, 11, 24, 1, 0, tzinfo=dt.UTC
    )


def test_why_a_day_has_no_slots() -> None:
    site = parse_site(example())
    plan = site.service("chungthuc").appointments  # Monday to Friday
    today = dt.date(2026, 8, 28)  # a Friday
    assert closed_reason(site, plan, today, today) is None
    assert closed_reason(site, plan, dt.date(2026, 8, 27), today) == "past"
    assert closed_reason(site, plan, dt.date(2026, 8, 29), today) == "weekday"  # Saturday
    assert closed_reason(site, plan, dt.date(2026, 9, 2), today) == "holiday"
    assert closed_reason(site, plan, today + dt.timedelta(days=14), today) == "beyond_horizon"


def test_codes_typed_or_scanned() -> None:
    assert not set(CODE_ALPHABET) & set("0O1IL2Z5S8B")
    assert normalize_code(" k4m-7qa ") == "K4M7QA"
    assert normalize_code("http://192.168.1.10:8600/dat-lich/K4M7QA") == "K4M7QA"
    assert normalize_code("HTTP://HUB/DAT-LICH/k4m7qa") == "K4M7QA"
    for text in ("K4M7Q", "K4M7QAA", "K4M7Q0", "B4M7QA", "http://x/dat-lich/K4M7QAB", ""):
        assert normalize_code(text) is None, text


def slots(change) -> None:
    data = example()
    change(data["services"][0]["appointments"], data)
    parse_site(data)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda a, d: a.update(hours="8h-11h"), "services[0].appointments.hours: '8h-11h' is not"),
        (lambda a, d: a.pop("hours"), "services[0].appointments.hours: missing"),
        (lambda a, d: a.update(slot_minutes=2), "slot_minutes: 2 must be 5-240 minutes"),
        (lambda a, d: a.update(hours="08:00-08:10"), "is shorter than one slot (15 min)"),
        (lambda a, d: a.update(capacity=0), "capacity: 0 must be 1-100 bookings per slot"),
        (lambda a, d: a.update(weekdays=["monday"]), "weekdays: expected a list among mon, tue"),
        (lambda a, d: a.update(weekdays=[]), "weekdays: expected a list among"),
        (lambda a, d: a.update(seats=3), "services[0].appointments: unknown key 'seats'"),
        (lambda a, d: d["appointments"].update(horizon_days=0), "horizon_days: 0 must be 1-365"),
        (lambda a, d: d["appointments"].update(holidays=["02/09/2026"]),
         "appointments.holidays[0]: '02/09/2026' is not a date YYYY-MM-DD"),
        (lambda a, d: d["appointments"].update(holidays=[20260902]), "holidays[0]: 20260902"),
        (lambda a, d: d["appointments"].update(late_min=-1), "late_min: -1 must be 0-240"),
        (lambda a, d: d["appointments"].update(early="15"), "appointments: unknown key 'early'"),
    ],
)  # fmt: skip
def test_mistakes_in_the_appointment_tables_name_the_key(change, message) -> None:
    with pytest.raises(ConfigError) as err:
        slots(change)
    assert message in str(err.value)


def test_holidays_as_text_or_toml_dates() -> None:
    data = example()
    data["appointments"]["holidays"] = ["2027-01-01", dt.date(2026, 9, 2)]
    assert parse_site(data).appointments.holidays == (dt.date(2026, 9, 2), dt.date(2027, 1, 1))
