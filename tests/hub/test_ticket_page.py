"""/t/{token}: the phone page a ticket's QR opens: an unguessable link, the ticket followed
live over the page's own event stream, "Hoãn lượt" once, and the rating from the phone."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
import requests

from kiosk.hub.phone_page import SCRIPT_HASH
from tests.helpers import wait_for
from tests.hub.conftest import token


def page(clients, ticket_token: str, **headers: str) -> requests.Response:
    return requests.get(f"{clients.url}/t/{ticket_token}", headers=headers, timeout=5)


def post(clients, ticket_token: str, action: str, **form: str) -> requests.Response:
    return requests.post(
        f"{clients.url}/t/{ticket_token}/{action}", data=form, allow_redirects=False, timeout=5
    )


class Follower:
    """The ``ticket`` events of one page's stream, read on a thread from a raw HTTP/1.0
    connection (closing it ends the reader at once)."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=30)
        self.sock.sendall(f"GET {parts.path} HTTP/1.0\r\nHost: {parts.netloc}\r\n\r\n".encode())
        self.views: list[dict] = []
        self.ended = threading.Event()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        buffer = b""
        try:
            while chunk := self.sock.recv(65536):
                buffer += chunk
                while b"\n\n" in buffer:
                    block, buffer = buffer.split(b"\n\n", 1)
                    lines = block.decode().splitlines()
                    if "event: ticket" in lines:
                        data = next(line for line in lines if line.startswith("data: "))
                        self.views.append(json.loads(data[6:]))
        except OSError:
            pass  # closed by the test
        finally:
            self.ended.set()

    def wait(self, predicate, what: str) -> dict:
        wait_for(lambda: self.views and predicate(self.views[-1]), 10, what)
        return self.views[-1]

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()


@contextmanager
def following(clients, ticket_token: str) -> Iterator[Follower]:
    follower = Follower(f"{clients.url}/t/{ticket_token}/events")
    try:
        yield follower
    finally:
        follower.close()


def test_the_page_is_found_by_its_token_only(clients):
    first = clients.kiosk.issue_ticket("a")
    ticket = clients.kiosk.issue_ticket("a")
    assert ticket.page_token and len(ticket.page_token) == 16
    assert first.page_token != ticket.page_token
    answer = page(clients, ticket.page_token)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    html = answer.text
    assert "A002" in html and "Còn 1 người trước bạn" in html and "Hộ tịch" in html
    assert f'data-events="/t/{ticket.page_token}/events"' in html
    assert html.count('http-equiv="refresh"') == 1 and "<noscript><meta http-equiv" in html
    csp = answer.headers["Content-Security-Policy"]
    assert f"'{SCRIPT_HASH}'" in csp and "connect-src 'self'" in csp
    # the counter id of a ticket is no link, nor is a forged or mangled token
    forged = ("A" if ticket.page_token[0] != "A" else "B") + ticket.page_token[1:]
    for wrong in (str(ticket.id), "1", forged, ticket.page_token[:-1], ticket.page_token + "x"):
        refused = page(clients, wrong)
        assert refused.status_code == 404 and "Không tìm thấy" in refused.text, wrong
        assert "A002" not in refused.text
    events = requests.get(f"{clients.url}/t/{ticket.id}/events", timeout=5)
    assert events.status_code == 404
    assert post(clients, str(ticket.id), "postpone").status_code == 404


def test_the_stream_follows_the_ticket_until_it_is_served(clients):
    clients.kiosk.issue_ticket("a")
    ticket = clients.kiosk.issue_ticket("a")
    other = clients.kiosk.issue_ticket("b")  # another service: no update for this page
    with following(clients, ticket.page_token) as phone:
        first = phone.wait(lambda v: v["status"] == "waiting", "the first view")
        assert first["ahead"] == 1 and first["number"] == "A002" and not first["ended"]
        assert "Còn 1 người trước bạn" in first["html"]
        assert set(first) == {
            "key", "number", "status", "ahead", "eta_minutes", "counter_id", "recalls", "near",
            "reload_s", "ended", "html",
        }  # fmt: skip
        clients.counter(2).call_next(2)  # calls B001, of another service (counter 2 serves b)
        clients.counter(3).call_next(3)  # calls A001: one fewer ahead
        view = phone.wait(lambda v: v["ahead"] == 0, "nobody ahead")
        assert "Bạn là người tiếp theo" in view["html"] and "Sắp đến lượt" in view["html"]
        assert len(phone.views) == 2  # the other service's call changed nothing here
        clients.counter(4).call_next(4)  # A002 itself, at counter 4
        called = phone.wait(lambda v: v["status"] == "called", "the call")
        assert called["counter_id"] == 4 and "Quầy số 4" in called["html"]
        clients.counter(4).recall(4)  # the phone alerts again
        again = phone.wait(lambda v: v["recalls"] == 1, "the recall")
        assert "Quầy đã mời lại 1 lần" in again["html"]
        clients.counter(4).transfer(4, "b")  # the page now follows service b
        moved = phone.wait(lambda v: v["status"] == "waiting", "the transfer")
        assert "Chứng thực" in moved["html"] and moved["ahead"] == 0
        clients.counter(2).call_next(2)
        phone.wait(lambda v: v["counter_id"] == 2, "the call at counter 2")
        clients.counter(2).finish(2)
        done = phone.wait(lambda v: v["status"] == "finished", "the end of service")
        assert done["ended"] and "Bạn có hài lòng" in done["html"]
        assert phone.ended.wait(5), "the stream stays open after the ticket ended"
    assert other.page_token != ticket.page_token


@pytest.mark.sqlite_only  # the limit lives in the hub's memory, not the store
def test_live_streams_are_limited_per_address(clients):
    ticket = clients.kiosk.issue_ticket("a")
    url = f"{clients.url}/t/{ticket.page_token}/events"
    phones = [Follower(url) for _ in range(4)]
    try:
        for phone in phones:
            phone.wait(lambda v: v["status"] == "waiting", "a stream")
        fifth = requests.get(url, timeout=5)
        assert fifth.status_code == 429 and "Retry-After" in fifth.headers
        phones[0].close()

        def admitted() -> bool:
            with requests.get(url, stream=True, timeout=5) as probe:
                return probe.status_code == 200

        wait_for(admitted, 10, "a stream once one of the four closed")
    finally:
        for phone in phones:
            phone.close()


def test_postpone_moves_back_once(hub, clients):
    first = clients.kiosk.issue_ticket("a")
    others = [clients.kiosk.issue_ticket("a") for _ in range(4)]  # A002..A005
    with following(clients, first.page_token) as phone:
        phone.wait(lambda v: v["ahead"] == 0, "the first view")
        moved = post(clients, first.page_token, "postpone")
        assert moved.status_code == 303 and moved.headers["location"] == f"/t/{first.page_token}"
        view = phone.wait(lambda v: v["ahead"] == 3, "three places back")
        assert "Bạn đã hoãn lượt một lần" in view["html"]
    again = post(clients, first.page_token, "postpone")
    assert again.status_code == 409 and "đã hoãn lượt một lần" in again.text
    # the counter's list shows the new order, and calls follow it
    state = clients.counter(3).counter(3)
    assert [e.number for e in state.waiting_list] == ["A002", "A003", "A004", "A001", "A005"]
    called = [clients.counter(3).call_next(3).number for _ in range(5)]
    assert called == ["A002", "A003", "A004", "A001", "A005"]
    # fewer behind than the setting: to the end of the lane; nobody behind: refused
    last = clients.kiosk.issue_ticket("a")
    behind_it = clients.kiosk.issue_ticket("a")
    assert post(clients, last.page_token, "postpone").status_code == 303
    assert page(clients, last.page_token).text.count("Còn 1 người trước bạn") == 1
    assert "Bạn là người tiếp theo" in page(clients, behind_it.page_token).text
    newest = clients.kiosk.issue_ticket("a")  # behind the postponed one
    lone = post(clients, newest.page_token, "postpone")
    assert lone.status_code == 409 and "Không có ai chờ sau số" in lone.text
    # not waiting any more: refused with the reason
    assert post(clients, others[0].page_token, "postpone").status_code == 409
    # the displays and counters saw it as an event
    types = [r[0] for r in hub.query("SELECT type FROM events WHERE type = 'ticket.postponed'")]
    assert len(types) == 2


def test_postponing_keeps_the_lanes(clients):
    """A priority ticket moves back within the priority lane, never behind normal tickets;
    a transferred ticket (front of its new lane) moves back among the others."""
    elderly = clients.kiosk.issue_ticket("a", "elderly")
    clients.kiosk.issue_ticket("a", "pregnant")
    for _ in range(4):
        clients.kiosk.issue_ticket("a")  # A003..A006
    assert post(clients, elderly.page_token, "postpone").status_code == 303
    order = [e.number for e in clients.counter(3).counter(3).waiting_list]
    assert order == ["A002", "A001", "A003", "A004", "A005", "A006"]
    moved = clients.kiosk.issue_ticket("b")
    clients.counter(2).call_next(2)
    clients.counter(2).transfer(2, "a")  # B001 now waits first in lane a, after priority
    order = [e.number for e in clients.counter(3).counter(3).waiting_list]
    assert order == ["A002", "A001", "B001", "A003", "A004", "A005", "A006"]
    assert post(clients, moved.page_token, "postpone").status_code == 303
    order = [e.number for e in clients.counter(3).counter(3).waiting_list]
    assert order == ["A002", "A001", "A003", "A004", "A005", "B001", "A006"]


def test_a_number_of_a_past_day_has_expired(hub, clients):
    ticket = clients.kiosk.issue_ticket("a")
    clients.kiosk.issue_ticket("a")
    hub.set_time("2026-11-24T08:00:00+07:00")
    html = page(clients, ticket.page_token).text
    assert "Số này đã hết hiệu lực" in html and "Hoãn lượt" not in html
    events = requests.get(f"{clients.url}/t/{ticket.page_token}/events", timeout=5)
    assert events.status_code == 204  # nothing will change: the browser does not come back
    refused = post(clients, ticket.page_token, "postpone")
    assert refused.status_code == 409 and "không còn chờ" in refused.text


def test_rating_from_the_phone_once(hub, clients):
    ticket = clients.kiosk.issue_ticket("a")
    early = post(clients, ticket.page_token, "rating", level="3")
    assert early.status_code == 409 and "chưa được phục vụ" in early.text
    clients.counter(3).call_next(3)
    clients.counter(3).finish(3)
    html = page(clients, ticket.page_token).text
    assert "Rất hài lòng" in html and "Không hài lòng" in html  # the site's 3 levels
    assert post(clients, ticket.page_token, "rating", level="4").status_code == 400  # scale 3
    rated = post(clients, ticket.page_token, "rating", level="3")
    assert rated.status_code == 303
    assert "Cảm ơn bạn đã đánh giá" in page(clients, ticket.page_token).text
    for level in ("3", "1"):
        again = post(clients, ticket.page_token, "rating", level=level)
        assert again.status_code == 409 and "Đã ghi nhận đánh giá" in again.text
    rows = hub.query("SELECT counter_id, level, device_id FROM ratings")
    assert [tuple(r) for r in rows] == [(3, 3, "phone-page")]
    # the rating screen then finds it rated: one rating per ticket
    refused = requests.post(
        f"{clients.url}/api/v1/ratings",
        json={"ticket_id": ticket.id, "counter_id": 3, "level": 1, "client_id": "pad-00000001"},
        headers={"Authorization": f"Bearer {token('admin')}"},
        timeout=5,
    )
    assert refused.status_code == 409 and refused.json()["error"] == "already_rated"


def test_forms_from_another_site_are_refused(clients):
    ticket = clients.kiosk.issue_ticket("a")
    clients.kiosk.issue_ticket("a")
    answer = requests.post(
        f"{clients.url}/t/{ticket.page_token}/postpone",
        headers={"Origin": "https://evil.example"},
        allow_redirects=False,
        timeout=5,
    )
    assert answer.status_code == 403
    html = page(clients, ticket.page_token).text
    assert "Bạn đã hoãn lượt" not in html and "Hoãn lượt: lùi 1 chỗ" in html
