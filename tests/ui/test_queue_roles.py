"""Each queue role in its own app, as ``kiosk app --role X`` runs it: ticket kiosk,
hall display (1920x1080, with the number's cap height measured), counter, rating."""

from __future__ import annotations

import json

import pytest
from PIL import Image

from kiosk.api.models import PriorityReason
from kiosk.device.hub_client import HubClient
from tests.ui.conftest import ADMIN_TOKEN, DEVICE, LANDSCAPE, PORTRAIT, RESULTS, UI

pytestmark = pytest.mark.ui
STAFF = (1366, 768)
CAP_HEIGHT_MIN = 100  # px at 1920x1080: readable from about 10 m


def _admin(hub) -> HubClient:
    admin = HubClient(hub.url, ADMIN_TOKEN)
    for counter in (1, 2, 3):
        while admin.call_next(counter) is not None:
            pass
    return admin


def _open(apps, device: str, roles: tuple[str, ...], size) -> UI:
    app = apps.open(device, roles)
    ui = UI(app)
    ui.resize(size)
    return ui


def _key(code: int) -> None:
    from kivy.core.window import Window

    Window.dispatch("on_key_down", code, 0, None, [])
    Window.dispatch("on_key_up", code, 0)


def test_ticket_with_priority_and_a_slow_printer(apps, hub) -> None:
    _admin(hub)
    ui = _open(apps, DEVICE, ("lookup", "ticket"), PORTRAIT)
    app = ui.app
    app.go_home()
    ui.frames(2)
    ui.tap(app.screen.tile("ticket"))
    screen = app.screen
    ui.wait_for(lambda: screen._tiles)
    ui.screenshot("ticket-services-portrait")
    ui.tap(screen.ids.priority_switch)  # the "Ưu tiên" switch
    assert screen.show_priority
    ui.tap(next(c for c in screen._chips if c.key == "elderly"))
    ui.screenshot("ticket-priority-portrait")
    printer = app.context.devices.printer
    printer.write_delay_ms = 900  # a slow printer: the screen must stay alive
    try:
        ui.tap(screen.tile("chungthuc"))
        spinner: list[bool] = []  # after each frame: was it spinning?
        longest = ui.longest_frame_until(
            lambda: screen.outcome is not None, each=lambda: spinner.append(app.root.spinner.active)
        )
        assert screen.outcome is not None
        assert longest < 0.5, f"a frame took {longest:.2f} s: the UI thread was blocked"
        assert any(spinner), "the spinner never showed during a 0.9 s print"
    finally:
        printer.write_delay_ms = 0
    ticket = screen.outcome.ticket
    assert ticket.priority_reason is PriorityReason.ELDERLY
    assert screen.lane_text == "Ưu tiên: Người cao tuổi"
    assert screen.number == ticket.number and screen.ids.qr.data.endswith(f"/t/{ticket.page_token}")
    ui.screenshot("ticket-result-portrait")
    ui.tap(screen.ids.done)
    assert app.screen.name == "home"


def test_daily_limit_message(apps, hub) -> None:
    ui = _open(apps, DEVICE, ("lookup", "ticket"), PORTRAIT)
    admin = HubClient(hub.url, ADMIN_TOKEN)
    hub_services = {s.id: s for s in admin.services()}
    left = hub_services["datdai"].remaining_today
    for _ in range(left):
        admin.issue_ticket("datdai")
    app = ui.app
    app.go("ticket")
    screen = app.screen
    ui.wait_for(lambda: screen._tiles)
    ui.tap(screen.tile("datdai"))
    ui.wait_for(lambda: screen.message)
    assert screen.message.startswith("Dịch vụ này đã hết số hôm nay")
    assert screen.outcome is None


def number_cap_height(screen, png) -> int:
    """The cap height in pixels of counter 1's called number in a landscape screenshot."""
    label = screen.rows[1].ids.number
    left, bottom = label.to_window(label.x, label.y)
    top = LANDSCAPE[1] - (bottom + label.height)
    box = (int(left), int(top), int(left + label.width), int(top + label.height))
    return _ink_height(png, box, (255, 219, 64))


def _ink_height(png, box, colour) -> int:
    """Rows of ``box`` (left, top, right, bottom) holding pixels close to ``colour``."""
    image = Image.open(png).convert("RGB").crop(box)
    rows = [y for y in range(image.height)
            if any(sum(abs(a - b) for a, b in zip(image.getpixel((x, y)), colour, strict=True)) < 60
                   for x in range(0, image.width, 2))]  # fmt: skip
    return rows[-1] - rows[0] + 1 if rows else 0


def test_hall_display_at_1920x1080(apps, hub, lobby_clock) -> None:
    admin = _admin(hub)
    ui = _open(apps, "admin", ("display",), LANDSCAPE)
    screen = ui.app.screen
    assert screen.name == "hall_display"
    ui.wait_for(lambda: screen.connected, timeout=10)
    for service in ("hotich", "chungthuc", "kinhdoanh", "hotich"):
        admin.issue_ticket(service)
    called = {n: admin.call_next(n).number for n in (1, 2, 3)}
    ui.wait_for(lambda: all(screen.rows[n].number == called[n] for n in called), timeout=5)
    ui.wait_for(lambda: screen.calls_shown >= 3)
    assert screen.rows[3].blinking
    assert [number for number, _ in screen.recent[:3]] == [called[3], called[2], called[1]]
    lobby_clock.advance(screen.board.blink_s + 0.2)  # the numbers then show steadily in yellow
    ui.wait_for(lambda: not screen.rows[1].blinking, message="the blinking to end")
    cap = number_cap_height(screen, ui.screenshot("display-landscape"))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "display_cap_height.json").write_text(json.dumps({"number": called[1],
        "cap_height_px": cap, "window": LANDSCAPE}))  # fmt: skip
    assert cap >= CAP_HEIGHT_MIN, f"the number's cap height is {cap} px"


def test_counter_keys_and_transfer(apps, hub) -> None:
    admin = _admin(hub)
    ui = _open(apps, "admin", ("counter",), STAFF)
    screen = ui.app.screen
    assert screen.name == "counter" and screen.counter_id == 1
    first = admin.issue_ticket("hotich").number
    admin.issue_ticket("chungthuc")  # issued elsewhere: the event stream refreshes the counts
    ui.wait_for(lambda: "A: 1" in screen.waiting_text and "B: 1" in screen.waiting_text, 2.5)
    _key(282)  # F1: call next
    ui.wait_for(lambda: screen.current_number == first)
    ui.screenshot("counter-serving")
    _key(283)  # F2: recall
    ui.wait_for(lambda: admin.ticket(admin.counter(1).current.id).recalls == 1)
    _key(285)  # F4: transfer
    ui.wait_for(lambda: screen.transferring)
    ui.screenshot("counter-transfer")
    target = next(b for b in screen.ids.targets.children if b.service_id == "datdai")
    ui.tap(target)
    ui.wait_for(lambda: screen.current_number == "" and not screen.transferring)
    assert admin.counter(3).waiting["datdai"] >= 1
    _key(32)  # Space: call next (B001)
    ui.wait_for(lambda: screen.current_number.startswith("B"))
    served = admin.counter(1).served_today
    _key(286)  # F5: finish
    ui.wait_for(lambda: screen.current_number == "")
    ui.wait_for(lambda: screen.served_text.endswith(str(served + 1)))
    _key(284)  # F3 with nobody called: a plain message
    ui.wait_for(lambda: screen.message == "Quầy chưa gọi số nào.")


def test_rating_screen_ticket_and_dossier(apps, hub) -> None:
    admin = _admin(hub)
    ui = _open(apps, "admin", ("rating",), STAFF)
    screen = ui.app.screen
    assert screen.name == "rating" and screen.counter_id == 1
    ui.wait_for(lambda: screen.ctx.stream.connected, timeout=10)
    ui.screenshot("rating-idle")
    total = admin.daily_report()["ratings"]["total"]
    number = admin.issue_ticket("hotich").number
    admin.call_next(1)
    admin.finish(1)
    ui.wait_for(lambda: screen.stage == "invited")
    assert screen.subject == f"Số {number}"
    ui.screenshot("rating-invited")
    ui.tap(screen.face(1))
    ui.wait_for(lambda: screen.stage == "reasons")
    ui.tap(next(c for c in screen.reason_chips if c.key == "attitude"))
    ui.screenshot("rating-reasons")
    ui.tap(screen.ids.skip)  # the reasons are optional: the level counts without them
    ui.wait_for(lambda: screen.stage == "thanks")
    ui.screenshot("rating-thanks")
    screen.flow.cancel()
    ui.wait_for(lambda: screen.stage == "idle")
    ui.tap(screen.ids.by_dossier)
    ui.wait_for(lambda: screen.entering_code)
    ui.type(screen.ids.keyboard, "h15.50.05.13-251009-0012")
    ui.screenshot("rating-dossier-code")
    ui.tap(screen.ids.code_go)
    ui.wait_for(lambda: screen.stage == "invited")
    assert screen.subject == "Hồ sơ H15.50.05.13-251009-0012"
    ui.tap(screen.face(3))
    ui.wait_for(lambda: screen.stage == "thanks")
    assert screen.ctx.outbox.wait_empty(5)
    assert admin.daily_report()["ratings"]["total"] == total + 2


def test_a_procedure_page_takes_the_number_of_its_service(apps, hub) -> None:
    _admin(hub)
    ui = _open(apps, DEVICE, ("lookup", "ticket"), PORTRAIT)
    app = ui.app
    app.go_home()
    app.go("procedure_detail", code="1.001193")  # Hộ tịch -> the "hotich" service (A)
    ui.frames(2)
    detail = app.screen
    assert detail.queue_text == "Lấy số thứ tự: Hộ tịch (A)"
    ui.tap(detail.ids.take_button)
    screen = app.screen
    assert screen.name == "ticket"
    ui.wait_for(lambda: screen.outcome is not None, timeout=10)
    assert screen.outcome.ticket.service_id == "hotich" and screen.number.startswith("A")
    app.go("procedure_detail", code="1.012856")  # Căn cước: no service of this office
    ui.frames(2)
    assert app.screen.queue_service == "" and app.screen.ids.take_button.height == 0
    app.go_home()
