"""The adapters against the fake gateways, and the sender over a real store (SQLite)
in this process, so that every log record it and its HTTP stack write is seen."""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType

import pytest

from kiosk.api.models import TicketIn
from kiosk.clock import Clock
from kiosk.config import NotifySettings, SmsGateway, ZnsGateway, hub_config, parse_site
from kiosk.notify.base import Message
from kiosk.notify.fake_gateways import FakeSms, FakeZns
from kiosk.notify.simulated import SimulatedNotifier
from kiosk.notify.sms_http import HttpSmsNotifier
from kiosk.notify.zns import ZnsNotifier
from kiosk.queue import notify_outbox, tickets
from kiosk.queue.notify_sender import NotifySender, backoff
from kiosk.store.db import Database, Tx, open_backend
from tests.helpers import wait_for
from tests.hub.conftest import site_toml

DIGITS = "912345123"
MESSAGE = Message("s.2026-11-23.7.called", "called", "0912345123", "Mời số A007 đến quầy số 3.",
                  {"number": "A007", "counter": 3, "site": "Xã"})  # fmt: skip


@pytest.fixture
def sms() -> Iterator[FakeSms]:
    fake = FakeSms("key", "secret", "MOTCUA")
    yield fake
    fake.close()


def get_gateway(sms: FakeSms, secret: str = "secret") -> SmsGateway:
    """The fake as a GET gateway: the number travels in the URL's query."""
    fields = {"ApiKey": "key", "SecretKey": secret, "Phone": "{phone84}", "Content": "{text}",
              "Brandname": "MOTCUA", "RequestId": "{id}"}  # fmt: skip
    return SmsGateway(f"{sms.url}{FakeSms.PATH}", "GET", "none",
                      fields=MappingProxyType(fields), success_field="CodeResult",
                      success_value="100", timeout_s=2)  # fmt: skip


def test_the_sms_adapter_succeeds_only_on_the_gateways_yes(sms: FakeSms) -> None:
    sent = HttpSmsNotifier(get_gateway(sms)).send(MESSAGE)
    assert sent.sent and sent.provider_id == "sms-1"
    assert [(d.phone, d.text) for d in sms.deliveries] == [("84912345123", MESSAGE.text)]
    refused = HttpSmsNotifier(get_gateway(sms, secret="wrong")).send(MESSAGE)
    assert not refused.sent and refused.reason == "CodeResult = 101"
    sms.down("503")
    assert HttpSmsNotifier(get_gateway(sms)).send(MESSAGE).reason == "HTTP 503"
    sms.down("refuse")
    lost = HttpSmsNotifier(get_gateway(sms)).send(MESSAGE)
    assert lost.reason == "no answer (ConnectionError)" and DIGITS not in lost.reason
    assert len(sms.deliveries) == 1


def test_the_zns_adapter_speaks_the_template_api() -> None:
    zns = FakeZns("oa-token", templates=("11", "12"))
    try:
        gateway = ZnsGateway("oa-token", MappingProxyType({"soon": "11", "called": "12"}),
                             MappingProxyType({"ve": "{number}", "quay": "{counter}"}),
                             base_url=zns.url, timeout_s=2)  # fmt: skip
        sent = ZnsNotifier(gateway).send(MESSAGE)
        assert sent.sent and sent.provider_id == "zns-1"
        got = zns.deliveries[0]
        assert (got.phone, got.tracking_id, got.data) == (
            "84912345123", MESSAGE.tracking_id, {"ve": "A007", "quay": "3"})  # fmt: skip
        assert ZnsNotifier(gateway).send(MESSAGE).sent  # the same tracking id: not again
        assert len(zns.deliveries) == 1
        wrong = ZnsNotifier(ZnsGateway("old-token", gateway.templates, gateway.data,
                                       base_url=zns.url)).send(MESSAGE)  # fmt: skip
        assert wrong.reason == "ZNS error -124: Access token is invalid"
    finally:
        zns.close()


def test_backoff_doubles_up_to_its_cap() -> None:
    settings = NotifySettings("sim", retry_first_s=2, retry_max_s=30)
    assert [backoff(settings, n) for n in range(1, 7)] == [2, 4, 8, 16, 30, 30]


def test_the_sender_retries_through_an_outage_and_logs_no_number(
    tmp_path: Path, sms: FakeSms, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # everything, urllib3's connection log included
    site = parse_site(tomllib.loads(site_toml()))
    config = hub_config([site])
    settings = NotifySettings("sms-http", retry_first_s=0.02, retry_max_s=0.05, max_attempts=50)
    clock = Clock(site.tz)
    db = Database(open_backend(tmp_path / "hub.sqlite3"), clock)
    sender = NotifySender(db, HttpSmsNotifier(get_gateway(sms)), settings, clock)
    db.on_commit = lambda _events: sender.wake()
    sms.down("503")
    sender.start()
    try:
        for phone in (None, "0912345123"):  # A002 has one ahead: "soon" at once

            def issue(tx: Tx, phone: str | None = phone) -> None:
                ticket, _ = tickets.issue(tx, site, clock, TicketIn(service_id="a"), "kiosk-1")
                if phone:
                    notify_outbox.register(tx, ticket.id, site.id, phone)
                notify_outbox.after_change(tx, config, settings, clock.day(tx.now).isoformat())

            db.write(issue).result()
        attempts = "SELECT attempts FROM notify_outbox"
        wait_for(lambda: db.read(lambda c: c.execute(attempts).fetchone()[0]) >= 3)
        sms.up()
        status = "SELECT status FROM notify_outbox"
        wait_for(lambda: db.read(lambda c: c.execute(status).fetchone()[0]) == "sent")
    finally:
        sender.stop()
        db.close()
    assert [d.phone for d in sms.deliveries] == ["84912345123"]
    assert "còn 1 người trước bạn" in sms.deliveries[0].text
    assert "not sent (attempt 1): HTTP 503" in caplog.text
    assert DIGITS not in caplog.text


def test_the_simulated_notifier_logs_the_number_masked(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    notifier = SimulatedNotifier()
    assert notifier.send(MESSAGE).sent
    assert notifier.sent == [("09•• ••• 123", "called", MESSAGE.text)]
    assert "09•• ••• 123" in caplog.text and DIGITS not in caplog.text
