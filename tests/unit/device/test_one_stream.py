"""A device holds one event-stream connection to the hub whatever its roles, measured on
the wire: a proxy between the device and the hub lists every request the device sent."""

from __future__ import annotations

from pathlib import Path

from kiosk.config import Site
from kiosk.device.service import DeviceService
from tests.helpers import wait_for
from tests.unit.device.netproxy import CuttableProxy

EVENTS = "GET /api/v1/events HTTP/1.1"


def test_every_role_of_a_device_shares_one_stream(hub, clients, site: Site, tmp_path: Path):
    proxy = CuttableProxy(hub.port)
    service = DeviceService.create(
        site,
        "admin",
        ("display", "counter", "rating"),
        lambda fn: fn(),
        hub_url=proxy.url,
        cache_dir=tmp_path / "cache",
    )
    refreshed: list[int] = []
    alerts: list[list] = []
    snapshots: list = []
    views: list = []
    try:
        service.follow_counter(lambda: refreshed.append(1), alerts.append)
        flow = service.rating_flow(1, views.append)
        board = service.hall_board(snapshots.append, history=8)
        wait_for(lambda: snapshots and snapshots[-1].connected)
        ticket = clients.kiosk.issue_ticket("a")
        clients.counter(1).call_next(1)
        clients.counter(1).finish(1)
        clients.kiosk.alert("printer", "paper_out")
        wait_for(lambda: any(s.current == {} and s.recent for s in snapshots))  # called, ended
        assert board.snapshot().recent[0].number == ticket.number
        wait_for(lambda: refreshed)
        wait_for(lambda: alerts and [a.key for a in alerts[-1]] == ["alert.printer.paper_out"])
        wait_for(lambda: flow.view.number == ticket.number)  # the rating is invited
        streams = [r for r in proxy.requests if r == EVENTS]
        assert streams == [EVENTS], proxy.requests
        assert service.stream.connections == 1
    finally:
        service.close()
        proxy.close()
