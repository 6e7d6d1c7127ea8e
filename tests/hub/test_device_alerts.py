"""Device alerts over HTTP: raised and cleared per device and peripheral, a fixed
vocabulary, only a device's own peripherals; and tickets whose printing failed."""

from __future__ import annotations

import pytest

from kiosk.device.hub_client import HubRefused
from tests.hub.test_events import Collector, follow


def refused(call) -> HubRefused:
    with pytest.raises(HubRefused) as err:
        call()
    return err.value


def alert_events(seen: Collector) -> list[tuple[str, str, str, bool]]:
    return [
        (e.data["device_id"], e.data["kind"], e.data["status"], e.data["active"])
        for e in seen.events
        if e.type == "device.alert"
    ]


def test_an_alert_is_raised_changed_and_cleared_once_each(hub, clients):
    seen = Collector()
    follower = follow(hub, seen)
    try:
        assert seen.wait_for(lambda c: c.up)
        counter = clients.counter(1)
        assert counter.active_alerts() == []
        raised = clients.kiosk.alert("printer", "paper_low", "sensor 0x0C")
        assert (raised.status, raised.active, raised.id > 0) == ("paper_low", True, True)
        # the same state again (a kiosk that restarts): 200, nothing new, the same alert
        again = clients.kiosk.request("POST", "/devices/alerts", _body("printer", "paper_low"))
        assert again.status_code == 200 and again.json()["id"] == raised.id
        clients.kiosk.alert("printer", "paper_out")
        clients.counter(2).alert("led_board", "offline")
        active = counter.active_alerts()
        assert [(a.device_id, a.kind, a.status) for a in active] == [
            ("kiosk-1", "printer", "paper_out"),
            ("counter-2", "led_board", "offline"),
        ]
        assert clients.display.active_alerts() == active  # the hall board reads them too
        cleared = clients.kiosk.alert("printer", "ok")
        assert (cleared.status, cleared.active) == ("ok", False)
        assert [a.kind for a in counter.active_alerts()] == ["led_board"]
        # "ok" when nothing is in force changes nothing either
        assert (
            clients.kiosk.request("POST", "/devices/alerts", _body("scanner", "ok")).status_code
            == 200
        )
        assert seen.wait_for(lambda c: len(alert_events(c)) == 4)
        assert alert_events(seen) == [
            ("kiosk-1", "printer", "paper_low", True),
            ("kiosk-1", "printer", "paper_out", True),
            ("counter-2", "led_board", "offline", True),
            ("kiosk-1", "printer", "ok", False),
        ]
        assert all("message" not in e.data for e in seen.events)  # no client text goes out
        history = hub.query("SELECT status, message FROM device_alerts ORDER BY id")
        assert [tuple(r) for r in history] == [
            ("paper_low", "sensor 0x0C"),
            ("paper_out", ""),
            ("offline", ""),
            ("ok", ""),
        ]
    finally:
        follower.stop()


def _body(kind: str, status: str):
    from kiosk.api.models import ALERT_IN

    return ALERT_IN.validate_python({"kind": kind, "status": status})


def test_a_device_reports_only_its_own_peripherals(hub, clients):
    err = refused(lambda: clients.display.alert("printer", "paper_out"))
    assert (err.status, err.code) == (403, "not_your_peripheral")
    assert "audio" in err.detail  # says what the display has
    assert refused(lambda: clients.counter(3).alert("printer", "offline")).status == 403
    assert refused(lambda: clients.kiosk.alert("led_board", "offline")).status == 403
    assert hub.count("SELECT count(*) FROM device_alerts") == 0


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "printer", "status": "on fire"},  # not in the vocabulary
        {"kind": "led_board", "status": "paper_out"},  # not a status of that kind
        {"kind": "app", "status": "offline"},  # not a peripheral
        {"kind": "printer", "status": "ok", "message": "x" * 501},
        {"kind": "printer"},
    ],
)
def test_alert_words_come_from_a_fixed_vocabulary(hub, clients, body):
    response = clients.kiosk.session.post(f"{hub.url}/api/v1/devices/alerts", json=body)
    assert response.status_code == 422 and response.json()["error"]


def test_who_may_read_the_alerts(hub, clients):
    for client in (clients.kiosk, clients.rating1):
        assert refused(client.active_alerts).status == 403
    assert clients.admin.active_alerts() == []


def test_a_ticket_that_did_not_print_is_marked_and_never_served(hub, clients):
    kiosk = clients.kiosk
    ticket = kiosk.issue_ticket("a")
    marked = kiosk.mark_print_failed(ticket.id)
    assert marked.print_failed and marked.status == "waiting" and marked.number == "A001"
    assert kiosk.mark_print_failed(ticket.id).print_failed  # idempotent
    events = hub.query("SELECT data FROM events WHERE type = 'ticket.print_failed'")
    assert len(events) == 1
    # the counter sees the mark on the ticket it calls
    called = clients.counter(3).call_next(3)
    assert called.id == ticket.id and called.print_failed
    assert clients.counter(3).counter(3).current.print_failed
    # a reprint clears it
    assert not kiosk.mark_print_failed(ticket.id, failed=False).print_failed
    # nobody came: skipped, and the report counts no served visit
    clients.counter(3).skip(3)
    report = clients.admin.daily_report("2026-11-23")
    assert (report["totals"]["issued"], report["totals"]["served"]) == (1, 0)
    err = refused(lambda: kiosk.mark_print_failed(ticket.id))
    assert (err.status, err.code) == (409, "ticket_closed")


def test_print_marks_are_the_issuing_kiosks(hub, clients):
    ticket = clients.kiosk.issue_ticket("b")
    assert refused(lambda: clients.counter(2).mark_print_failed(ticket.id)).status == 403
    assert refused(lambda: clients.kiosk.mark_print_failed(999_999)).status == 404
    admin = clients.admin
    assert admin.mark_print_failed(ticket.id).print_failed  # admin may, for a technician
