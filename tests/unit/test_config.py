"""The site file: the example loads; every mistake is one clear message naming its key."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from datetime import time

import pytest

from kiosk.config import ConfigError, example_site_path, load_site, parse_site


def example() -> dict:
    return tomllib.loads(example_site_path().read_text(encoding="utf-8"))


def test_example_site_loads_into_frozen_dataclasses():
    site = load_site()
    assert site.name == "Bộ phận Một cửa UBND xã Phù Đổng"
    assert site.timezone == "Asia/Ho_Chi_Minh"
    assert [s.prefix for s in site.services] == ["A", "B", "C", "D", "E", "F"]
    assert site.counter(1).services == ("hotich", "chungthuc")
    assert site.device("kiosk-1").peripherals["printer"].driver == "sim"
    assert site.postpone_places == 3
    assert site.device("kiosk-1").lease_size == 20
    with pytest.raises(AttributeError):
        site.name = "x"  # type: ignore[misc]


def break_it(change) -> str:
    data = example()
    change(data)
    with pytest.raises(ConfigError) as err:
        parse_site(data)
    return str(err.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["counters"][1]["services"].append("nhadat"),
         "counters[1].services: unknown service 'nhadat'"),
        (lambda d: d["services"][1].update(prefix="A"), "services[1].prefix: duplicate prefix 'A'"),
        (lambda d: d["services"][0].update(prefix="AB"), "must be one capital letter"),
        (lambda d: d["devices"][0].pop("token"), "devices[0].token: missing (required)"),
        (lambda d: d["devices"][0].update(token="short"), "devices[0].token: must be at least 16"),
        (lambda d: d["devices"][1].update(token=d["devices"][0]["token"]), "duplicate token"),
        (lambda d: d["devices"][2].pop("counter"), "devices[2].counter: missing"),
        (lambda d: d["devices"][2].update(counter=42), "devices[2].counter: unknown counter 42"),
        (lambda d: d["devices"][0].update(role="boss"), "devices[0].role: 'boss' is not one of"),
        (lambda d: d["site"].update(timezone="Mars/Base"), "site.timezone: unknown time zone"),
        (lambda d: d["site"].update(rating_levels=7), "site.rating_levels: 7 must be 3, 4 or 5"),
        (lambda d: d["site"].update(languages=["en"]), "site.languages: must start with 'vi'"),
        (lambda d: d["site"].update(postpone_places=0), "site.postpone_places: 0 must be 1-50"),
        (lambda d: d["services"][0].update(open_hours="7h-11h"), "is not HH:MM-HH:MM"),
        (lambda d: d["services"][0].update(open_hours="11:00-07:00"), "ends before it starts"),
        (lambda d: d["services"][0].update(daily_limit=5000), "must be between 1 and 999"),
        (lambda d: d["services"][0].update(daily_limit="100"), "expected an integer, got str"),
        (lambda d: d["services"][0].update(colour="red"), "services[0]: unknown key 'colour'"),
        (lambda d: d.update(services=[]), "services: at least one"),
        (lambda d: d["counters"][0].update(services=[]), "must serve at least one service"),
        (lambda d: d["hub"].update(port=70000), "hub.port: 70000 is not a TCP port"),
        (lambda d: d["devices"][0].update(lease_size=500), "devices[0].lease_size: must be 0-200"),
    ],
)  # fmt: skip
def test_mistakes_name_the_key(change, message):
    assert message in break_it(change)


def test_open_hours_parse_and_24_00():
    data = example()
    data["services"][0]["open_hours"] = "07:30-11:30, 13:30-24:00"
    service = parse_site(data).services[0]
    assert service.is_open(time(7, 30)) and not service.is_open(time(11, 30))
    assert service.is_open(time(23, 59, 30)) and not service.is_open(time(12, 0))


def test_cli_reports_a_bad_file_without_a_traceback(tmp_path):
    bad = tmp_path / "site.toml"
    bad.write_text('[site]\nname = "x"\n[[services]]\nid = "a"\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "hub", "--config", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "configuration error" in result.stderr
    assert "services[0].prefix: missing (required)" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_not_toml(tmp_path):
    bad = tmp_path / "site.toml"
    bad.write_text("this is = = not toml", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_site(bad)
    with pytest.raises(ConfigError, match="cannot read"):
        load_site(tmp_path / "absent.toml")


def test_a_service_names_the_catalog_fields_it_receives() -> None:
    site = load_site(None)
    assert site.service_for_field("Hộ tịch").id == "hotich"
    assert site.service_for_field("hộ  tịch").id == "hotich"  # case and spaces do not matter
    assert site.service_for_field("Căn cước") is None  # the police's now: no number here


FEDERATION = {"upstream": "https://tinh.example.vn/", "token": "office-token-0123456789"}


def test_federation_forwards_to_an_upstream_with_defaults() -> None:
    data = example() | {"federation": dict(FEDERATION)}
    federation = parse_site(data).federation
    assert federation is not None
    assert federation.upstream == "https://tinh.example.vn"  # no trailing slash
    assert (federation.batch_size, federation.heartbeat_s, federation.retry_max_s) == (200, 30, 30)
    assert load_site().federation is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"upstream": "tinh.example.vn"}, "federation.upstream: 'tinh.example.vn' is not an http"),
        ({"upstream": "ftp://tinh"}, "is not an http(s):// URL"),
        ({"token": "short"}, "federation.token: must be at least 16"),
        ({"batch_size": 0}, "federation.batch_size: 0 must be 1-500"),
        ({"heartbeat_s": 0.5}, "federation.heartbeat_s: 0.5 must be 1-3600"),
        ({"retry_max_s": "1"}, "federation.retry_max_s: expected"),
        ({"every": 1}, "federation: unknown key 'every'"),
    ],
)
def test_federation_mistakes_name_the_key(change: dict, message: str) -> None:
    assert message in break_it(lambda d: d.update(federation=FEDERATION | change))
