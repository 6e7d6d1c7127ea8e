"""``[hub.notify]`` in the hub file: the drivers' settings, and one line per mistake."""

from __future__ import annotations

import tomllib

import pytest

from kiosk.config import ConfigError, example_site_path, parse_site

BASE = """
[site]
name = "Xã thử"
[[services]]
id = "a"
name_vi = "Hộ tịch"
name_en = "Civil status"
prefix = "A"
[[counters]]
id = 1
services = ["a"]
"""
SMS = """
[hub.notify]
driver = "sms-http"
[hub.notify.sms]
url = "https://sms.example.vn/send?key={id}"
fields = { Phone = "{phone84}", Content = "{text}" }
success_field = "result.code"
success_value = 0
"""
ZNS = """
[hub.notify]
driver = "zns"
ahead = 2
[hub.notify.zns]
access_token = "tok"
templates = { soon = "1", called = "2" }
data = { so = "{number}" }
"""


def settings(extra: str):
    return parse_site(tomllib.loads(BASE + extra)).hub.notify


def test_each_driver_reads_its_gateway() -> None:
    assert settings("") is None
    sms = settings(SMS)
    assert sms.driver == "sms-http" and sms.ahead == 3 and sms.sms.method == "POST"
    assert sms.sms.body == "json" and sms.sms.success_value == "0"
    assert "{number}" in sms.texts["soon"] and "{counter}" in sms.texts["called"]
    zns = settings(ZNS)
    assert zns.zns.base_url == "https://business.openapi.zalo.me" and zns.ahead == 2
    assert settings('[hub.notify]\ndriver = "sim"\n').driver == "sim"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[hub.notify]\ndriver = "fax"\n', "hub.notify.driver: 'fax'"),
        ('[hub.notify]\ndriver = "zns"\n', "hub.notify.zns: missing"),
        (SMS.replace("{phone84}", "{mobile}"), "hub.notify.sms.fields.Phone: unknown placeholder"),
        (SMS.replace('Phone = "{phone84}", ', ""), "no field carries {phone}"),
        (SMS.replace("https://sms.example.vn", "ftp://x"), "hub.notify.sms.url: 'ftp://x"),
        (ZNS.replace('called = "2"', 'late = "2"'), "hub.notify.zns.templates: needs exactly"),
        (ZNS.replace("ahead = 2", "ahead = 0"), "hub.notify.ahead: 0 must be 1-20"),
        (
            SMS + "[hub.notify.texts]\nsoon = '{x}'\ncalled = ''\n",
            "texts.soon: unknown placeholder",
        ),
    ],
)
def test_mistakes_name_the_key(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("{", r"\{").replace("}", r"\}")):
        settings(text)


@pytest.mark.parametrize("driver", ["sim", "sms-http", "zns"])
def test_the_example_sites_commented_section_is_valid_for_each_driver(driver: str) -> None:
    text = example_site_path().read_text(encoding="utf-8")
    lines = text.split("# [hub.notify]\n", 1)[1].split("\n\n", 1)[0].splitlines()
    section = "[hub.notify]\n" + "\n".join(
        line[2:] for line in lines if line.startswith("# ") and not line.startswith("# A")
        and not line.startswith("# Zalo")
    )  # fmt: skip
    site = parse_site(tomllib.loads(BASE + section.replace('"sim"', f'"{driver}"', 1)))
    assert site.hub.notify is not None and site.hub.notify.driver == driver
