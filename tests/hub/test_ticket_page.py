"""/t/{id}: the phone page a ticket's QR opens: number, position, ETA; nothing else."""

from __future__ import annotations

import requests


def test_page_shows_number_position_and_refreshes(clients):
    clients.kiosk.issue_ticket("a")
    ticket = clients.kiosk.issue_ticket("a")
    page = requests.get(f"{clients.url}/t/{ticket.id}", timeout=5)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "A002" in html and "Còn 1 người trước bạn" in html and "Hộ tịch" in html
    assert 'http-equiv="refresh"' in html
    clients.counter(3).call_next(3)
    clients.counter(3).call_next(3)
    called = requests.get(f"{clients.url}/t/{ticket.id}", timeout=5).text
    assert "Quầy số 3" in called and "mời đến quầy" in called


def test_unknown_ticket_page_is_404_html(clients):
    page = requests.get(f"{clients.url}/t/999", timeout=5)
    assert page.status_code == 404 and "Không tìm thấy" in page.text
