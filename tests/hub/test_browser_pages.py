"""The phone page in a real browser: headless Chromium on a 390x844 phone window follows a
real hub on 127.0.0.1. The page changes when the ticket is called, without a reload (a
marker set on ``window`` before the call is still there after it); it vibrates when 3 are
ahead and when called; "Hoãn lượt" and the rating are its own forms.

Chromium and its driver are Debian's (scripts/setup.sh installs them); Selenium is given
the driver's path, so Selenium Manager never runs and nothing is downloaded. Screenshots go
to a temporary folder, or to docs/screenshots/ with ``KIOSK_REFRESH_DOCS=1``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from tests.helpers import wait_for

pytestmark = pytest.mark.sqlite_only  # the browser's side; the store is the hub tests' job

CHROMIUM = Path("/usr/bin/chromium")
DRIVER = Path("/usr/bin/chromedriver")
PHONE = (390, 844)
REPO = Path(__file__).resolve().parents[2]
SHOTS = (
    REPO / "docs" / "screenshots"
    if os.environ.get("KIOSK_REFRESH_DOCS") == "1"
    else Path(tempfile.gettempdir()) / f"kiosk-phone-{os.getuid()}"
)
# navigator.vibrate and WebAudio's oscillators record what the page asked of them (the
# phone's own calls still happen where they exist)
RECORD_ALERTS = """
window.buzzes = []; window.beeps = 0;
var own = navigator.vibrate ? navigator.vibrate.bind(navigator) : null;
navigator.vibrate = function (p) { window.buzzes.push(p); return own ? own(p) : true; };
var proto = (window.AudioContext || window.webkitAudioContext).prototype;
var make = proto.createOscillator;
proto.createOscillator = function () { window.beeps += 1; return make.call(this); };
"""
# the page's timers, recorded before its script runs
RECORD_TIMERS = """
window.timers = [];
var set = window.setTimeout;
window.setTimeout = function (f, ms) { window.timers.push(ms); return set(f, ms); };
"""


@pytest.fixture(scope="module")
def phone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One headless Chromium for the module's tests, a phone-size window."""
    if not (CHROMIUM.is_file() and DRIVER.is_file()):
        pytest.skip(
            "Debian's chromium and chromium-driver are not installed (scripts/setup.sh installs "
            "them); the phone page's browser test needs them"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--no-first-run", f"--window-size={PHONE[0]},{PHONE[1]}",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium')}", "--lang=vi"):  # fmt: skip
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(str(DRIVER)))
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": PHONE[0], "height": PHONE[1], "deviceScaleFactor": 1, "mobile": True},
    )
    try:
        yield driver
    finally:
        driver.quit()


def text(driver) -> str:
    return driver.execute_script("return document.body.innerText")


def shot(driver, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    with Image.open(path) as image:
        assert image.size == PHONE
        assert len(image.convert("RGB").getcolors(maxcolors=1 << 16) or range(999)) > 50
    return path


def test_the_page_follows_the_ticket_live_on_a_phone(hub, clients, phone):
    from selenium.webdriver.common.by import By

    ahead = [clients.kiosk.issue_ticket("a") for _ in range(5)]  # A001..A005
    mine = clients.kiosk.issue_ticket("a")  # A006
    for _ in range(3):
        clients.kiosk.issue_ticket("a")  # A007..A009 behind it
    phone.get(f"{hub.url}/t/{mine.page_token}")
    assert phone.execute_script("return window.innerWidth") == PHONE[0]
    assert "A006" in text(phone) and "Còn 5 người trước bạn" in text(phone)
    width = phone.execute_script("return document.documentElement.scrollWidth")
    assert width <= PHONE[0], f"the page is {width} px wide on a {PHONE[0]} px phone"
    shot(phone, "phone-ticket-waiting")

    # "Hoãn lượt": a form of its own; back on the page, three more ahead
    phone.find_element(By.CSS_SELECTOR, "form[action$='/postpone'] button").click()
    wait_for(lambda: "Còn 8 người trước bạn" in text(phone), 10, "the postponed page")
    assert "Bạn đã hoãn lượt một lần" in text(phone)

    # from now on the page must change without being loaded again
    phone.execute_script("window.sameDocument = 'not reloaded';" + RECORD_ALERTS)
    wait_for(lambda: phone.execute_script("return window.ticketUpdates || 0") >= 1, 10,
             "the live stream's first view")  # fmt: skip
    for ticket in ahead:
        clients.counter(3).call_ticket(3, ticket.id)
    wait_for(lambda: "Còn 3 người trước bạn" in text(phone), 10, "three ahead")
    assert "Sắp đến lượt" in text(phone)
    wait_for(lambda: phone.execute_script("return window.buzzes.length") == 1, 5, "a buzz")
    assert phone.execute_script("return window.beeps") == 1

    clients.counter(4).call_ticket(4, mine.id)
    wait_for(lambda: "Quầy số 4" in text(phone), 10, "the call on the page")
    assert phone.execute_script("return window.sameDocument") == "not reloaded"
    assert "Đã đến lượt, mời đến quầy" in text(phone)
    wait_for(lambda: phone.execute_script("return window.buzzes.length") == 2, 5, "the call's buzz")
    assert phone.execute_script("return window.buzzes") == [400, [400, 150, 400, 150, 400]]
    assert phone.execute_script("return window.beeps") == 4  # one, then three at the call
    shot(phone, "phone-ticket-called")
    clients.counter(4).recall(4)  # called again: the phone alerts again
    wait_for(lambda: phone.execute_script("return window.buzzes.length") == 3, 5, "the recall")
    assert "Quầy đã mời lại 1 lần" in text(phone)

    # after service the rating appears by itself; one tap rates the visit
    clients.counter(4).finish(4)
    wait_for(lambda: "Bạn có hài lòng" in text(phone), 10, "the rating question")
    assert phone.execute_script("return window.sameDocument") == "not reloaded"
    shot(phone, "phone-ticket-rating")
    phone.find_element(By.CSS_SELECTOR, "form.rate button[value='2']").click()
    wait_for(lambda: "Cảm ơn bạn đã đánh giá" in text(phone), 10, "the thanks")
    rows = hub.query("SELECT level, counter_id FROM ratings WHERE ticket_id = ?", (mine.id,))
    assert [tuple(r) for r in rows] == [(2, 4)]


def test_without_a_live_stream_the_page_reloads_slowly(hub, clients, phone):
    """Four streams of the address are open already: the page's own is refused (429), so
    it shows what it has and arms one slow reload."""
    from tests.hub.test_ticket_page import Follower

    ticket = clients.kiosk.issue_ticket("a")
    others = [Follower(f"{hub.url}/t/{ticket.page_token}/events") for _ in range(4)]
    try:
        for other in others:
            other.wait(lambda v: v["status"] == "waiting", "a stream")
        added = phone.execute_cdp_cmd(
            "Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_TIMERS}
        )
        phone.get(f"{hub.url}/t/{ticket.page_token}")
        wait_for(lambda: phone.execute_script("return window.timers") == [60_000], 10,
                 "the fallback reload")  # fmt: skip
        assert "Bạn là người tiếp theo" in text(phone)
        phone.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", added)
    finally:
        for other in others:
            other.close()


def test_the_report_sign_in_works_in_a_browser(hub, phone):
    """The sign-in form posts to its own hub with an Origin the cross-site check accepts."""
    from selenium.webdriver.common.by import By

    from tests.hub.conftest import token

    phone.get(f"{hub.url}/reports")
    phone.find_element(By.NAME, "token").send_keys(token("admin"))
    phone.find_element(By.CSS_SELECTOR, "form button").click()
    wait_for(lambda: phone.current_url.endswith("/reports") and "Đăng xuất" in text(phone), 10,
             "the signed-in report")  # fmt: skip
