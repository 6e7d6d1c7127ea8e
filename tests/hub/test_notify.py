"""Messages to citizens' phones, end to end: a real hub process, its notifier talking to
the local fake SMS gateway and fake Zalo ZNS (kiosk/notify/fake_gateways.py) over HTTP.

The fakes deliver a message once per tracking id, count every request, and can answer
503, stop listening, or deliver and lose the answer. Retries are made fast in the hub
file (``retry_first_s``), so an outage of a few attempts takes a fraction of a second.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from kiosk.notify.fake_gateways import FakeSms, FakeZns
from kiosk.store.backup import backup
from tests.helpers import wait_for
from tests.hub.conftest import Clients, site_toml, token
from tests.hub.hubproc import HubProcess

SITE = "Bộ phận Một cửa thử nghiệm"
PHONE = "0912345123"
DIGITS = "912345123"  # in every form of the number: 0912..., +84912..., 84912...
ZNS_TOKEN = "test-zalo-oa-access-token"
RETRY = "retry_first_s = 0.05\nretry_max_s = 0.2\nmax_attempts = 100\n"


def sms_section(sms: FakeSms) -> str:
    return (
        '\n[hub.notify]\ndriver = "sms-http"\n' + RETRY + "[hub.notify.sms]\n"
        f'url = "{sms.url}{FakeSms.PATH}"\nmethod = "POST"\nbody = "json"\n'
        'success_field = "CodeResult"\nsuccess_value = "100"\n'
        'fields = { ApiKey = "k-123", SecretKey = "s-456", Phone = "{phone}", Content = "{text}",'
        ' Brandname = "MOTCUA", SmsType = "2", RequestId = "{id}" }\n'
    )


def zns_section(zns: FakeZns) -> str:
    return (
        '\n[hub.notify]\ndriver = "zns"\n' + RETRY + "[hub.notify.zns]\n"
        f'base_url = "{zns.url}"\naccess_token = "{ZNS_TOKEN}"\n'
        'templates = { soon = "2001", called = "2002" }\n'
        'data = { so_ve = "{number}", quay = "{counter}", con_lai = "{ahead}", noi = "{site}" }\n'
    )


@pytest.fixture
def sms() -> Iterator[FakeSms]:
    fake = FakeSms("k-123", "s-456", "MOTCUA")
    yield fake
    fake.close()


@pytest.fixture
def zns() -> Iterator[FakeZns]:
    fake = FakeZns(ZNS_TOKEN, templates=("2001", "2002"))
    yield fake
    fake.close()


def start_hub(tmp_path: Path, store: str, section: str) -> HubProcess:
    path = tmp_path / "notify-site.toml"
    path.write_text(site_toml() + section, encoding="utf-8")
    hub = HubProcess(path, store, tmp_path / "clock.txt")
    hub.set_time("2026-11-23T09:00:00+07:00")
    return hub.start()


@pytest.fixture
def running() -> Iterator[list[HubProcess]]:
    hubs: list[HubProcess] = []
    yield hubs
    for hub in hubs:
        hub.stop()


def outbox(hub: HubProcess) -> dict[str, tuple[str, int]]:
    """kind -> (status, attempts) of the outbox."""
    rows = hub.query("SELECT kind, status, attempts FROM notify_outbox ORDER BY id")
    return {r[0]: (r[1], r[2]) for r in rows}


def no_number_left(hub: HubProcess) -> bool:
    """The number is in no row of any table (PostgreSQL) or in no byte of the store's
    files (SQLite: the database and its WAL, as they are on disk)."""
    if hub.postgres:
        tables = [r[0] for r in hub.query(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")]  # fmt: skip
        return not any(
            DIGITS in repr(tuple(row)) for t in tables for row in hub.query(f"SELECT * FROM {t}")
        )
    files = [Path(hub.db), Path(f"{hub.db}-wal")]
    return not any(f.exists() and DIGITS.encode() in f.read_bytes() for f in files)


def take(clients: Clients, service: str, phone: str | None = None) -> dict:
    """A ticket over raw HTTP, so the answer's very bytes can be checked."""
    body = {"service_id": service} | ({"phone": phone} if phone else {})
    answer = requests.post(
        f"{clients.url}/api/v1/tickets",
        json=body,
        headers={"Authorization": f"Bearer {token('kiosk-1')}"},
        timeout=5,
    )
    assert answer.status_code == 201, answer.text
    assert DIGITS not in answer.text
    return answer.json()


def test_messages_at_three_ahead_and_at_call_reach_the_sms_gateway_then_the_number_goes(
    tmp_path: Path, store: str, sms: FakeSms, running: list[HubProcess]
) -> None:
    hub = start_hub(tmp_path, store, sms_section(sms))
    running.append(hub)
    clients = Clients(hub.url)
    for _ in range(5):
        take(clients, "a")
    mine = take(clients, "a", "+84912345123")  # A006, five ahead: nothing yet
    counter = clients.counter(3)
    counter.call_next(3)
    assert outbox(hub) == {}
    counter.call_next(3)  # three ahead now
    wait_for(lambda: len(sms.deliveries) == 1)
    soon = sms.deliveries[0]
    assert soon.phone == PHONE
    assert (
        soon.text
        == f"{SITE}: Số A006 sắp đến lượt, còn 3 người trước bạn. Mời bạn quay lại khu vực chờ."
    )
    for _ in range(3):
        counter.call_next(3)
    assert counter.call_next(3).id == mine["id"]  # type: ignore[union-attr]
    wait_for(lambda: len(sms.deliveries) == 2)
    assert sms.deliveries[1].text == f"{SITE}: Mời số A006 đến quầy số 3."
    assert sms.deliveries[1].data["Brandname"] == "MOTCUA"
    counter.recall(3, mine["id"])  # announced again, not messaged again
    seen = requests.get(
        f"{hub.url}/api/v1/tickets/{mine['id']}",
        headers={"Authorization": f"Bearer {token('counter-3')}"},
        timeout=5,
    )
    assert seen.status_code == 200 and DIGITS not in seen.text
    counter.finish(3, mine["id"])
    wait_for(lambda: hub.count("SELECT COUNT(*) FROM notify_phones") == 0)
    wait_for(lambda: no_number_left(hub), 5, "no trace of the number in the store")
    assert outbox(hub) == {"soon": ("sent", 1), "called": ("sent", 1)}
    assert len(sms.deliveries) == 2
    report = requests.get(
        f"{hub.url}/api/v1/reports/daily?date=2026-11-23",
        headers={"Authorization": f"Bearer {token('admin')}"},
        timeout=5,
    )
    assert report.status_code == 200 and DIGITS not in report.text
    hub.stop()
    assert no_number_left(hub)
    assert DIGITS not in hub.log.read_text()


def test_zns_down_for_a_while_loses_nothing_and_sends_nothing_twice(
    tmp_path: Path, store: str, zns: FakeZns, running: list[HubProcess]
) -> None:
    hub = start_hub(tmp_path, store, zns_section(zns))
    running.append(hub)
    clients = Clients(hub.url)
    for _ in range(3):
        take(clients, "b")
    zns.down("503")
    mine = take(clients, "b", PHONE)  # B004, three ahead: "soon" at once
    wait_for(lambda: zns.requests >= 3)  # refused three times...
    zns.down("refuse")  # ...then nobody listens...
    tries = outbox(hub)["soon"][1]
    wait_for(lambda: outbox(hub)["soon"][1] >= tries + 3)
    zns.down("lose")  # ...then it delivers, but the answers are lost
    wait_for(lambda: zns.requests >= 6 and len(zns.deliveries) == 1)
    assert outbox(hub)["soon"][0] == "pending"  # no answer: not taken as sent
    zns.up()
    wait_for(lambda: outbox(hub)["soon"][0] == "sent")
    zns.down("refuse")  # down again while the ticket is called
    counter = clients.counter(2)
    for _ in range(4):
        counter.call_next(2)
    wait_for(lambda: outbox(hub).get("called", ("", 0))[1] >= 2)
    zns.down("lose")
    wait_for(lambda: len(zns.deliveries) == 2)
    zns.up()
    wait_for(lambda: outbox(hub)["called"][0] == "sent")
    soon, called = zns.deliveries
    assert [soon.phone, called.phone] == ["84912345123"] * 2
    assert soon.data == {"so_ve": "B004", "quay": "", "con_lai": "3", "noi": SITE}
    assert called.data == {"so_ve": "B004", "quay": "2", "con_lai": "", "noi": SITE}
    assert json.loads(soon.text)["template_id"] == "2001"
    assert json.loads(called.text)["template_id"] == "2002"
    assert zns.delivered(soon.tracking_id) == zns.delivered(called.tracking_id) == 1
    assert mine["number"] == "B004"
    assert DIGITS not in hub.log.read_text()


def test_a_hub_killed_with_messages_waiting_sends_them_after_its_restart(
    tmp_path: Path, store: str, sms: FakeSms, running: list[HubProcess]
) -> None:
    hub = start_hub(tmp_path, store, sms_section(sms))
    running.append(hub)
    clients = Clients(hub.url)
    sms.down("refuse")
    take(clients, "a", PHONE)
    take(clients, "a", "0987654321")  # one ahead of it: "soon" for this one
    wait_for(lambda: outbox(hub).get("soon", ("", 0))[1] >= 2)
    hub.kill9()
    sms.up()
    hub.start()
    wait_for(lambda: outbox(hub)["soon"][0] == "sent")
    assert [(d.phone, d.text.split(": ", 1)[1]) for d in sms.deliveries] == [
        ("0987654321", "Số A002 sắp đến lượt, còn 1 người trước bạn. Mời bạn quay lại khu vực chờ.")
    ]
    clients.counter(3).call_next(3)
    wait_for(lambda: len(sms.deliveries) == 2)  # A001 called: its message too
    assert sms.deliveries[1].phone == PHONE


@pytest.mark.sqlite_only
def test_numbers_of_skipped_transferred_and_yesterdays_tickets_are_deleted(
    tmp_path: Path, store: str, sms: FakeSms, running: list[HubProcess]
) -> None:
    hub = start_hub(tmp_path, store, sms_section(sms))
    running.append(hub)
    clients = Clients(hub.url)
    skipped = take(clients, "b", "0901000001")
    moved = take(clients, "b", "0901000002")
    take(clients, "a", "0901000003")  # still waiting at midnight
    sms.down("503")  # its message cannot go out before the day ends
    take(clients, "a", "0901000004")
    c2, c1 = clients.counter(2), clients.counter(1)
    c2.call_next(2)
    c2.skip(2, skipped["id"])
    c2.call_next(2)
    c2.transfer(2, "a", moved["id"])  # the same number waits at the front of lane a
    assert hub.count("SELECT COUNT(*) FROM notify_phones") == 4
    copy = backup(Path(hub.db), tmp_path / "copy.sqlite3")  # as `kiosk backup` makes it
    assert copy.tickets == 4 and b"0901" not in copy.path.read_bytes()
    c1.call_next(1)  # the transferred ticket, then finished by the next call
    c1.call_next(1)
    wait_for(lambda: hub.count("SELECT COUNT(*) FROM notify_phones") == 3)
    hub.set_time("2026-11-23T09:31:00+07:00")  # the skip is past keeping
    take(clients, "c")
    wait_for(lambda: hub.count("SELECT COUNT(*) FROM notify_phones") == 2)
    hub.set_time("2026-11-24T07:00:00+07:00")  # a new day: yesterday's tickets ended
    take(clients, "a")
    wait_for(lambda: hub.count("SELECT COUNT(*) FROM notify_phones") == 0)
    statuses = {r[0] for r in hub.query("SELECT status FROM notify_outbox")}
    assert "pending" not in statuses and "dropped" in statuses  # A004's: never sent, dropped
    wait_for(lambda: no_number_left(hub), 5, "no trace of the numbers in the store")
    hub.stop()
    assert no_number_left(hub)
    assert "0901" not in hub.log.read_text()
