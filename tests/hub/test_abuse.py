"""Abuse limits of a real hub: ticket page enumeration, token guessing, report sessions,
login CSRF and the HTML pages' security headers. Client addresses are set with
X-Forwarded-For, which the hub trusts from loopback (a reverse proxy's place)."""

from __future__ import annotations

import pytest
import requests

from tests.hub.conftest import token

pytestmark = pytest.mark.sqlite_only  # the limits live in the hub's memory, not the store


def get(hub, path: str, address: str, **headers: str) -> requests.Response:
    return requests.get(hub.url + path, headers={"X-Forwarded-For": address, **headers}, timeout=5)


def login(hub, address: str, token_: str, **headers: str) -> requests.Response:
    return requests.post(
        f"{hub.url}/reports/login",
        data={"token": token_},
        headers={"X-Forwarded-For": address, **headers},
        allow_redirects=False,
        timeout=5,
    )


def no_traceback(hub) -> None:
    log = hub.log.read_text(errors="replace")
    assert "Traceback" not in log and " 500 " not in log


def test_page_tokens_cannot_be_enumerated_but_a_phone_refreshes_freely(hub, clients):
    own = clients.kiosk.issue_ticket("a")
    page = f"/t/{own.page_token}"
    assert get(hub, page, "10.0.0.1").status_code == 200
    guesses = [f"/t/{i:016d}" for i in range(100, 130)]  # token-shaped guesses
    answers = [get(hub, guess, "10.0.0.2").status_code for guess in guesses]
    assert answers[:20] == [404] * 20 and set(answers[20:]) == {429}
    busy = get(hub, page, "10.0.0.2")  # even a real page, from there
    assert busy.status_code == 429 and int(busy.headers["Retry-After"]) >= 1
    assert "Vui lòng thử lại sau" in busy.text and "try again" in busy.text
    for _ in range(30):  # the phone's own page, refreshed: never limited
        assert get(hub, page, "10.0.0.1").status_code == 200
    assert get(hub, guesses[5], "10.0.0.2").status_code == 404  # seen before: free
    no_traceback(hub)


def test_wrong_bearer_tokens_lock_out_that_address_only(hub):
    url = f"{hub.url}/api/v1/services"

    def call(address: str, token_: str) -> requests.Response:
        headers = {"Authorization": f"Bearer {token_}", "X-Forwarded-For": address}
        return requests.get(url, headers=headers, timeout=5)

    answers = [call("10.0.1.1", f"guess-{i}").status_code for i in range(12)]
    assert answers == [401] * 9 + [429] * 3
    locked = call("10.0.1.1", token("kiosk-1"))  # even a valid token, from there
    assert locked.status_code == 429 and 55 <= int(locked.headers["Retry-After"]) <= 60
    body = locked.json()
    assert body["error"] == "rate_limited" and "thử lại sau" in body["detail"]
    assert call("10.0.1.2", token("kiosk-1")).status_code == 200  # another address
    assert call("10.0.1.2", "guess").status_code == 401
    no_traceback(hub)


def test_wrong_login_tokens_count_too(hub):
    answers = [login(hub, "10.0.2.1", f"guess-{i}").status_code for i in range(10)]
    assert answers == [401] * 9 + [429]
    refused = login(hub, "10.0.2.1", token("admin"))
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert "kiosk_admin" not in refused.headers.get("set-cookie", "")
    assert login(hub, "10.0.2.2", token("admin")).status_code == 303


def test_the_cookie_holds_a_session_that_logout_ends(hub):
    signed = login(hub, "10.0.3.1", token("admin"))
    assert signed.status_code == 303
    cookie = signed.cookies["kiosk_admin"]
    assert token("admin") not in cookie and len(cookie) >= 40
    set_cookie = signed.headers["set-cookie"].lower()
    assert "httponly" in set_cookie and "samesite=strict" in set_cookie
    jar = {"kiosk_admin": cookie}
    page = requests.get(f"{hub.url}/reports", cookies=jar, timeout=5)
    assert page.status_code == 200 and "Đăng xuất" in page.text
    out = requests.post(f"{hub.url}/reports/logout", cookies=jar, allow_redirects=False, timeout=5)
    assert out.status_code == 303
    again = requests.get(f"{hub.url}/reports", cookies=jar, timeout=5)  # the old cookie
    assert again.status_code == 401 and 'name="token"' in again.text
    forged = requests.get(f"{hub.url}/reports", cookies={"kiosk_admin": token("admin")}, timeout=5)
    assert forged.status_code == 401  # the token itself is no session


def test_cross_site_forms_are_refused(hub):
    for headers in ({"Origin": "https://evil.example"}, {"Referer": "https://evil.example/x"}):
        answer = login(hub, "10.0.4.1", token("admin"), **headers)
        assert answer.status_code == 403 and answer.json()["error"] == "cross_site"
        assert "set-cookie" not in answer.headers
    own = hub.url
    assert login(hub, "10.0.4.1", token("admin"), Origin=own).status_code == 303
    assert login(hub, "10.0.4.1", token("admin"), Referer=own + "/reports").status_code == 303
    out = requests.post(
        f"{hub.url}/reports/logout", headers={"Origin": "https://evil.example"}, timeout=5
    )
    assert out.status_code == 403


def test_too_many_form_fields_is_a_400(hub):
    for fields in (9, 100):
        data = {f"f{i}": "x" for i in range(fields)}
        answer = requests.post(f"{hub.url}/reports/login", data=data, timeout=5)
        assert answer.status_code == 400 and answer.json()["error"] == "bad_request"
    no_traceback(hub)


def test_html_pages_send_the_security_headers(hub, clients):
    ticket = clients.kiosk.issue_ticket("a")
    pages = [
        requests.get(f"{hub.url}/reports", timeout=5),
        requests.get(f"{hub.url}/t/{ticket.page_token}", timeout=5),
        requests.get(f"{hub.url}/reports", headers={"Authorization": f"Bearer {token('admin')}"}),
    ]
    for page in pages:
        csp = page.headers["Content-Security-Policy"]
        assert (
            "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1]
        )
        assert page.headers["X-Frame-Options"] == "DENY"
        # a browser's forms to the hub carry its Origin (under no-referrer: "null")
        assert page.headers["Referrer-Policy"] == "same-origin"
        assert page.headers["X-Content-Type-Options"] == "nosniff"
    docs = requests.get(f"{hub.url}/api/v1/docs", timeout=5)  # Swagger UI's scripts may load
    assert docs.headers["Content-Security-Policy"] == "frame-ancestors 'none'"
    assert docs.headers["X-Frame-Options"] == "DENY"
    api = requests.get(f"{hub.url}/api/v1/health", timeout=5)
    assert "Content-Security-Policy" not in api.headers
