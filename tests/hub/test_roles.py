"""Who may do what: every route × every kind of caller, against the README's API table.

Columns: no token, a wrong token, each role's device (the counter is counter 3; "other"
is counter 4 acting on counter 3's routes), the site's admin, a province viewer. Cells:
``ok`` passes authentication and authorization (whatever the answer then is: 200, 204,
404, 409, 422...), ``401`` is refused for its token, ``403`` is a 403 ``forbidden``
(wrong role, another counter's or another device's thing).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import requests

from tests.hub import rawhttp
from tests.hub.conftest import site_toml, token
from tests.hub.hubproc import HubProcess

PROVINCE = "test-token-province-viewer-0123456789"
COLUMNS = ("none", "wrong", "kiosk", "display", "counter", "other", "rating", "admin", "province")
TOKENS = {
    "none": None,
    "wrong": "test-token-nobody-0123456789",
    "kiosk": token("kiosk-1"),
    "display": token("display-1"),
    "counter": token("counter-3"),
    "other": token("counter-4"),
    "rating": token("rating-1"),
    "admin": token("admin"),
    "province": PROVINCE,
}
# method, path (counter 3, ticket 1 issued by kiosk-1), then one cell per column.
MATRIX = """
GET    /api/v1/health                      ok   ok    ok    ok      ok      ok    ok     ok    ok
GET    /api/v1/services                    401  401   ok    ok      ok      ok    ok     ok    403
POST   /api/v1/tickets                     401  401   ok    403     403     403   403    ok    403
GET    /api/v1/tickets/1                   401  401   ok    ok      ok      ok    ok     ok    403
POST   /api/v1/tickets/1/print-failed      401  401   ok    403     403     403   403    ok    403
POST   /api/v1/offline-tickets             401  401   ok    403     403     403   403    ok    403
POST   /api/v1/leases                      401  401   ok    403     403     403   403    ok    403
DELETE /api/v1/tickets/1/print-failed      401  401   ok    403     403     403   403    ok    403
GET    /api/v1/counters                    401  401   ok    ok      ok      ok    ok     ok    403
GET    /api/v1/counters/3                  401  401   403   403     ok      403   403    ok    403
POST   /api/v1/counters/3/call-next        401  401   403   403     ok      403   403    ok    403
POST   /api/v1/counters/3/call             401  401   403   403     ok      403   403    ok    403
POST   /api/v1/counters/3/recall           401  401   403   403     ok      403   403    ok    403
POST   /api/v1/counters/3/skip             401  401   403   403     ok      403   403    ok    403
POST   /api/v1/counters/3/undo-skip        401  401   403   403     ok      403   403    ok    403
POST   /api/v1/counters/3/finish           401  401   403   403     ok      403   403    ok    403
POST   /api/v1/counters/3/transfer         401  401   403   403     ok      403   403    ok    403
POST   /api/v1/counters/3/pause            401  401   403   403     ok      403   403    ok    403
POST   /api/v1/counters/3/resume           401  401   403   403     ok      403   403    ok    403
POST   /api/v1/counters/3/sign-in          401  401   403   403     ok      403   403    ok    403
POST   /api/v1/counters/3/sign-out         401  401   403   403     ok      403   403    ok    403
GET    /api/v1/calls/recent                401  401   ok    ok      ok      ok    ok     ok    403
GET    /api/v1/events                      401  401   ok    ok      ok      ok    ok     ok    403
POST   /api/v1/ratings                     401  401   ok    403     403     403   ok     ok    403
POST   /api/v1/devices/alerts              401  401   ok    ok      ok      ok    ok     ok    403
GET    /api/v1/devices/alerts              401  401   403   ok      ok      ok    403    ok    403
GET    /api/v1/procedures                  401  401   ok    ok      ok      ok    ok     ok    403
GET    /api/v1/procedures/1.001193         401  401   ok    ok      ok      ok    ok     ok    403
GET    /api/v1/fields                      401  401   ok    ok      ok      ok    ok     ok    403
GET    /api/v1/catalog                     401  401   ok    ok      ok      ok    ok     ok    403
GET    /api/v1/dossiers/H15.50.05.13-261123-0975 401 401 ok ok      ok      ok    ok     ok    403
POST   /api/v1/citizen-dossiers           401  401   ok    ok      ok      ok    ok     ok    403
POST   /api/v1/federation/batch            401  401   403   403     403     403   403    ok    403
GET    /api/v1/federation/status           401  401   403   403     403     403   403    ok    403
GET    /api/v1/reports/daily               401  401   403   403     403     403   403    ok    ok
GET    /api/v1/reports                     401  401   403   403     403     403   403    ok    ok
GET    /api/v1/reports/rollup              401  401   403   403     403     403   403    ok    ok
GET    /reports                            401  401   401   401     401     401   401    ok    ok
POST   /reports/login                      401  401   401   401     401     401   401    ok    ok
GET    /t/q7Hk2LmR9xTb4WcZ                 ok   ok    ok    ok      ok      ok    ok     ok    ok
POST   /t/q7Hk2LmR9xTb4WcZ/postpone        ok   ok    ok    ok      ok      ok    ok     ok    ok
POST   /t/q7Hk2LmR9xTb4WcZ/rating          ok   ok    ok    ok      ok      ok    ok     ok    ok
GET    /api/v1/appointments/services       ok   ok    ok    ok      ok      ok    ok     ok    ok
GET    /api/v1/appointments/slots          ok   ok    ok    ok      ok      ok    ok     ok    ok
POST   /api/v1/appointments                ok   ok    ok    ok      ok      ok    ok     ok    ok
GET    /api/v1/appointments/ACDEFG         ok   ok    ok    ok      ok      ok    ok     ok    ok
POST   /api/v1/appointments/ACDEFG/cancel  ok   ok    ok    ok      ok      ok    ok     ok    ok
POST   /api/v1/appointments/ACDEFG/check-in 401 401   ok    403     403     403   403    ok    403
GET    /dat-lich                           ok   ok    ok    ok      ok      ok    ok     ok    ok
"""
ROWS = [line.split() for line in MATRIX.strip().splitlines()]
# a valid body where the route takes one, so what is judged is the caller, not the body
BODIES = {
    "/call": {"ticket_id": 1},
    "/transfer": {"service_id": "a"},
    "/sign-in": {"officer_id": "nobody", "pin": "1234"},
    "/api/v1/tickets": {"service_id": "a"},
    "/citizen-dossiers": {"citizen_key": "0" * 64},
    "/api/v1/leases": {"service_id": "a", "size": 5},
    "/api/v1/offline-tickets": {
        "client_id": "roles-offline-1",
        "service_id": "a",
        "day": "2026-11-23",
        "seq": 900,
        "issued_at": 1.0,
    },
    "/federation/batch": {"after": 0, "events": [], "as_of": 0, "complete": True},
}


def body_for(path: str, column: str) -> dict | None:
    if path == "/api/v1/ratings":
        return {"ticket_id": 1, "counter_id": 1, "level": 5, "client_id": f"roles-{column}"}
    if path == "/api/v1/devices/alerts":
        kind = {"display": "audio", "counter": "led_board", "rating": "rating_pad"}
        return {"kind": kind.get(column, "printer"), "status": "ok"}
    return next((b for end, b in BODIES.items() if path.endswith(end)), None)


_addresses = itertools.count(1)


def ask(url: str, method: str, path: str, column: str, site: str) -> tuple[int, str]:
    """The status and error code of one call by the caller of ``column``. Each call comes
    from an address of its own (a header the hub trusts from loopback; no traffic leaves
    the machine), so the lockout of wrong tokens per address does not blur the table."""
    secret = TOKENS[column]
    n = next(_addresses)
    forwarded = {"X-Forwarded-For": f"2001:db8::{n:x}"}  # the documentation prefix
    headers = forwarded | ({"Authorization": f"Bearer {secret}"} if secret else {})
    params = {"site": site} if column == "province" and "/reports" in path else {}
    if path == "/reports/login":  # the page's sign-in form carries the token
        form = {"token": secret or ""}
        r = requests.post(
            url + path, data=form, headers=forwarded, allow_redirects=False, timeout=5
        )
        return r.status_code, ""
    if path == "/api/v1/events":  # an endless stream: its answer's head is enough
        head = [(b"X-Forwarded-For", forwarded["X-Forwarded-For"].encode())]
        head += [(b"Authorization", headers["Authorization"].encode())] if secret else []
        answer = rawhttp.request(url, "GET", path.encode(), head)
        return answer.status, answer.json().get("error", "") if answer.status >= 400 else ""
    r = requests.request(
        method, url + path, headers=headers, params=params, json=body_for(path, column), timeout=5
    )
    kind = r.headers.get("content-type", "")
    code = r.json().get("error", "") if r.status_code >= 400 and "json" in kind else ""
    return r.status_code, code


def verdict(status: int, code: str) -> str:
    if status == 401:
        return "401"
    if status == 403 and code == "forbidden":
        return "403"
    assert status < 500, status
    return "ok"


@pytest.fixture
def viewer_hub(tmp_path: Path, store: str):
    """The test site with a province viewer in its [hub] section."""
    config = tmp_path / "site.toml"
    viewers = f'\n[hub]\n[[hub.viewers]]\nid = "so-noi-vu"\ntoken = "{PROVINCE}"\n'
    config.write_text(site_toml() + viewers, encoding="utf-8")
    process = HubProcess(config, store, tmp_path / "clock.txt")
    process.set_time("2026-11-23T09:00:00+07:00")
    process.start()
    yield process
    process.stop()


def test_the_role_matrix(viewer_hub):
    url = viewer_hub.url
    site = requests.get(f"{url}/api/v1/health", timeout=5).json()["sites"][0]
    issued = requests.post(
        f"{url}/api/v1/tickets",
        json={"service_id": "a"},
        headers={"Authorization": f"Bearer {token('kiosk-1')}"},
        timeout=5,
    )
    assert issued.json()["id"] == 1
    found: list[str] = []
    for method, path, *expected in ROWS:
        assert len(expected) == len(COLUMNS), path
        for column, want in zip(COLUMNS, expected, strict=True):
            got = verdict(*ask(url, method, path, column, site))
            if got != want:
                found.append(f"{method} {path} as {column}: {got}, the table says {want}")
    assert not found, "\n".join(found)
    assert "Traceback" not in viewer_hub.log.read_text()


def test_the_matrix_covers_every_route_of_the_schema(viewer_hub):
    """A new route must get its row (and so a decision on who may call it)."""
    schema = requests.get(f"{viewer_hub.url}/api/v1/openapi.json", timeout=5).json()
    documented = {(method.upper(), path) for path, ops in schema["paths"].items() for method in ops}
    concrete = {
        "{ticket_id}": "1",
        "{counter_id}": "3",
        "{code}": "1.001193",
        "{appointment_code}": "ACDEFG",
    }

    def template(method: str, path: str) -> tuple[str, str]:
        for name, value in concrete.items():
            path = path.replace(name, value)
        return method, path

    rows = {(m, p) for m, p, *_ in ROWS}
    rows.add(("GET", "/api/v1/dossiers/1.001193"))  # the dossier row names a real code
    missing = {template(m, p) for m, p in documented} - rows
    assert not missing, sorted(missing)
