"""The whole lobby in the demo window, against the session's real hub: a visit from ticket
to rating, paper out, the hub down during a rating, the hall display reconnecting."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.device.hub_client import HubClient
from kiosk.devices.voice_pack import announcement_clips
from tests.ui.conftest import ADMIN_TOKEN, DEVICE, LANDSCAPE, UI, _devices

pytestmark = pytest.mark.ui


class Lobby:
    def __init__(self, app, hub, admin: HubClient) -> None:
        self.app, self.hub, self.admin = app, hub, admin
        self.ui = UI(app)
        self.kiosk = app.context
        self.printer = app.context.devices.printer
        self.hall = app.hall
        self.counter1, self.counter2 = app.counters
        self.rating = app.rating
        self.audio = app.contexts["display-1"].devices.audio

    def drain(self) -> None:
        """Nobody waits and no counter serves: tests start from an empty hall."""
        for counter in (1, 2, 3):
            while self.admin.call_next(counter) is not None:
                pass
        self.ui.wait_for(lambda: self.rating.stage in ("idle", "invited", "thanks"))

    def take_ticket(self, service_id: str):
        """Touch the ticket tile on the kiosk's home, then the service: the screen's outcome."""
        app = self.app
        app.go_home()
        self.ui.frames(2)
        self.ui.tap(app.screen.tile("ticket"))
        screen = app.screen
        assert screen.name == "ticket"
        self.ui.wait_for(lambda: screen._tiles)
        self.ui.tap(screen.tile(service_id))
        self.ui.wait_for(lambda: screen.outcome is not None, timeout=8)
        return screen

    def ratings_total(self) -> int:
        return self.admin.daily_report()["ratings"]["total"]


@pytest.fixture(scope="module")
def lobby(apps, hub, site_file: Path, ui_dir: Path) -> Iterator[Lobby]:
    """The demo window: kiosk-1 and, as the admin device, the hall, two counters, rating."""
    from kivy.clock import Clock
    from kivy.core.window import Window

    from kiosk.config import load_site
    from kiosk.device.service import DeviceService
    from kiosk.devices.announcer import SimAnnouncer
    from kiosk.devices.factory import Devices
    from kiosk.devices.led_board import SimLedBoard
    from kiosk.devices.rating_pad import SimRatingPad
    from kiosk.ui.demo_window import DemoApp

    apps.close()
    site = load_site(site_file)
    deliver = lambda fn: Clock.schedule_once(lambda _dt: fn())  # noqa: E731
    roles = {
        "kiosk-1": ("lookup", "ticket"),
        "display-1": ("display",),
        "counter-1": ("counter",),
        "counter-2": ("counter",),
        "rating-1": ("rating",),
    }
    devices = {
        "kiosk-1": _devices(site.device(DEVICE)),
        "display-1": Devices(audio=SimAnnouncer(realtime=False)),
        "counter-1": Devices(led_board=SimLedBoard()),
        "counter-2": Devices(led_board=SimLedBoard()),
        "rating-1": Devices(rating_pad=SimRatingPad(debounce_s=0.05)),
    }  # fmt: skip
    contexts = {
        name: DeviceService.create(site, DEVICE if name == "kiosk-1" else "admin", roles[name],
                                  deliver, hub_url=hub.url, cache_dir=ui_dir / "cache" / name,
                                  devices=devices[name])
        for name in roles
    }  # fmt: skip
    work = ui_dir / "demo"
    work.mkdir(exist_ok=True)
    app = DemoApp(contexts)
    app._run_prepare()
    lobby = Lobby(app, hub, HubClient(hub.url, ADMIN_TOKEN))
    lobby.ui.resize(LANDSCAPE)
    lobby.ui.wait_for(lambda: app.hall.connected and app.rating.ctx.stream.connected, timeout=10)
    yield lobby
    app.dispatch("on_stop")
    Window.remove_widget(app.root)
    Window.unbind(on_touch_down=app._activity, on_key_down=app._key_down)


def test_a_full_visit(lobby: Lobby) -> None:
    ui = lobby.ui
    lobby.drain()
    lobby.printer.clear()
    before = lobby.admin.daily_report()
    # the kiosk: one tap on the service gives a printed number
    screen = lobby.take_ticket("hotich")
    ticket = screen.outcome.ticket
    assert screen.number == ticket.number and ticket.number.startswith("A")
    assert lobby.printer.jobs == [lobby.printer.ticket_bytes(screen.desk.slip(ticket, None))]
    assert screen.ids.qr.data == f"{lobby.hub.url}/t/{ticket.page_token}"
    assert screen.print_ok and screen.print_text == "Mời nhận phiếu bên dưới."
    ui.screenshot("demo-ticket-taken")
    # counter 1 calls: its screen, the hall display and the loudspeaker follow
    heard = len(lobby.audio.history)
    ui.tap(lobby.counter1.ids.call_next)
    ui.wait_for(lambda: lobby.counter1.current_number == ticket.number)
    ui.wait_for(lambda: lobby.hall.rows[1].number == ticket.number)
    ui.wait_for(lambda: len(lobby.audio.history) == heard + 1)
    said = lobby.audio.history[-1]
    assert (said.number, said.counter) == (ticket.number, 1)
    assert said.clips == tuple(announcement_clips(ticket.number, 1))
    assert lobby.hall.recent[0][0] == ticket.number
    led = lobby.app.contexts["counter-1"].devices.led_board
    assert led.text == ticket.number and led.blinking
    ui.screenshot("demo-called")
    # finished: the rating screen invites this ticket; one touch rates it
    ui.tap(lobby.counter1.ids.finish)
    ui.wait_for(lambda: lobby.rating.stage == "invited")
    assert ticket.number in lobby.rating.subject
    assert led.text == ""
    ui.tap(lobby.rating.face(3))
    ui.wait_for(lambda: lobby.rating.stage == "thanks")
    assert lobby.rating.counted and lobby.rating.face(3).get_root_window() is None  # gone
    assert lobby.rating.ctx.outbox.wait_empty(5)
    after = lobby.admin.daily_report()
    assert after["ratings"]["total"] == before["ratings"]["total"] + 1
    assert after["totals"]["served"] == before["totals"]["served"] + 1
    assert lobby.rating.ctx.outbox.rejected() == []


def test_pad_press_is_one_rating(lobby: Lobby) -> None:
    ui = lobby.ui
    lobby.drain()
    screen = lobby.take_ticket("chungthuc")
    number = screen.number
    ui.tap(lobby.counter2.ids.call_next)  # counter 2 serves chungthuc, but rates at its own
    ui.wait_for(lambda: lobby.counter2.current_number == number)
    lobby.admin.finish(2)
    total = lobby.ratings_total()
    lobby.admin.issue_ticket("hotich")
    ui.tap(lobby.counter1.ids.call_next)
    ui.wait_for(lambda: lobby.counter1.current_number != "")
    ui.tap(lobby.counter1.ids.finish)
    ui.wait_for(lambda: lobby.rating.stage == "invited")
    pad = lobby.app.contexts["rating-1"].devices.rating_pad
    pad.press(3)  # the rightmost face: Không hài lòng, then the reasons step
    ui.wait_for(lambda: lobby.rating.stage == "reasons")
    ui.tap(next(c for c in lobby.rating.reason_chips if c.key == "waiting_time"))
    ui.screenshot("demo-rating-reasons")
    ui.tap(lobby.rating.ids.send)
    ui.wait_for(lambda: lobby.rating.stage == "thanks")
    pad.press(1)  # a second press: thanked, not counted
    ui.wait_for(lambda: not lobby.rating.counted)
    assert lobby.rating.ctx.outbox.wait_empty(5)
    report = lobby.admin.daily_report()["ratings"]
    assert report["total"] == total + 1 and report["reasons"].get("waiting_time", 0) >= 1


def test_paper_out_stops_tickets_and_tells_the_counters(lobby: Lobby) -> None:
    ui, app = lobby.ui, lobby.app
    lobby.printer.clear()
    app.go_home()
    ui.frames(2)
    ui.tap(app.screen.tile("ticket"))
    screen = app.screen
    ui.wait_for(lambda: screen._tiles)
    app.panel.ids.paper_out.state = "down"  # the simulator panel's switch
    try:
        strips = [lobby.counter1.ids.alerts, lobby.counter2.ids.alerts]
        ui.wait_for(lambda: all(s.lines == ["Máy in hết giấy — kiosk-1"] for s in strips), 2)
        ui.wait_for(lambda: app.hall.ids.alerts.lines == ["Máy in hết giấy — kiosk-1"], 2)
        assert screen.printer_blocked and screen.tile("xahoi").disabled
        assert screen.printer_text.startswith("Máy in hết giấy, mời liên hệ quầy hướng dẫn")
        ui.tap(screen.tile("xahoi"))
        ui.frames(3)
        assert screen.outcome is None and lobby.printer.jobs == []
        lobby.ui.screenshot("demo-paper-out")
    finally:
        app.panel.ids.paper_out.state = "normal"
    ui.wait_for(lambda: not strips[0].alerts and not screen.printer_blocked, 3)
    assert lobby.admin.active_alerts() == []
    screen = lobby.take_ticket("xahoi")
    assert screen.print_ok and len(lobby.printer.jobs) == 1


def test_hub_down_during_rating_then_delivered(lobby: Lobby) -> None:
    ui = lobby.ui
    lobby.drain()
    lobby.admin.issue_ticket("hotich")
    ui.tap(lobby.counter1.ids.call_next)
    ui.wait_for(lambda: lobby.counter1.current_number != "")
    ui.tap(lobby.counter1.ids.finish)
    ui.wait_for(lambda: lobby.rating.stage == "invited")
    total = lobby.ratings_total()
    lobby.hub.stop()
    try:
        ui.tap(lobby.rating.face(2))
        ui.wait_for(lambda: lobby.rating.stage == "thanks", timeout=1)  # thanked at once
        ui.wait_for(lambda: lobby.rating.pending == 1, timeout=3)
        ui.wait_for(lambda: not lobby.hall.connected, timeout=5)
        ui.screenshot("demo-hub-down")
    finally:
        lobby.hub.start()
    assert lobby.rating.ctx.outbox.wait_empty(10)
    assert lobby.ratings_total() == total + 1


def test_display_reconnects_without_missing_a_call(lobby: Lobby) -> None:
    ui = lobby.ui
    lobby.drain()
    ui.wait_for(lambda: lobby.hall.connected, timeout=10)
    heard = len(lobby.audio.history)
    lobby.hub.stop()
    ui.wait_for(lambda: not lobby.hall.connected, timeout=5)
    assert lobby.hall.ids.offline.text == "Mất kết nối"
    lobby.hub.start()
    issued = [lobby.admin.issue_ticket("hotich").number for _ in range(2)]
    lobby.admin.call_next(1)  # called before the display is back
    lobby.admin.recall(1)
    ui.wait_for(lambda: lobby.hall.connected, timeout=10)
    ui.wait_for(lambda: len(lobby.audio.history) == heard + 2, timeout=5)
    ui.wait_for(lambda: lobby.hall.rows[1].number == issued[0])
    assert lobby.hall.ids.offline.text == ""
    ui.screenshot("demo")
    lobby.admin.recall(1)  # a marker: the stream keeps its order, so a repeat comes before it
    ui.wait_for(lambda: len(lobby.audio.history) >= heard + 3, timeout=5)
    said = [(a.number, a.counter) for a in lobby.audio.history[heard:]]
    assert said == [(issued[0], 1)] * 3  # the call and its recall once each, then the marker


def test_the_panel_scans_a_made_up_id_card(lobby: Lobby) -> None:
    ui, app = lobby.ui, lobby.app
    app.go_home()
    button = next(b for b in app.panel.ids.scans.children if b.text == "Quét CCCD thử (70 tuổi)")
    ui.tap(button)
    ui.wait_for(lambda: app.screen.name == "ticket")
    ui.wait_for(lambda: app.screen.message.startswith("Ưu tiên người cao tuổi"))
    assert app.context.card.current is not None and app.context.card.current.age == 70
    app.go_home()
    assert app.context.card.current is None
