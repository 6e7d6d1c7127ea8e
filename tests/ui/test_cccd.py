"""The chip ID card (CCCD) at the ticket kiosk: the simulated scanner delivers a card's
QR, a touch takes the number, and nothing of the card but its keyed hash goes anywhere.

The payloads are made-up test data (ID numbers starting 099: no province has that code).
"""

from __future__ import annotations

import logging
import unicodedata
from datetime import date

import pytest
import requests

from kiosk.api.models import PriorityReason
from kiosk.catalog.citizen_key import citizen_key
from kiosk.config import load_site
from tests.ui.conftest import DEVICE, PORTRAIT, UI
from tests.ui.test_queue_roles import _admin
from tests.unit.device.netproxy import CuttableProxy

pytestmark = pytest.mark.ui

ELDER_ID = "099156000070"  # TEST DATA
ELDER_NAME = "Phạm Thị Dữ Liệu Thử"
ELDER_ADDRESS = "Số 70 Ngõ Kiểm Thử, Xã Giả Định"
YOUNG_ID = "099190000035"  # TEST DATA
YOUNG_NAME = "Đỗ Văn Mẫu Thử"


def _card(id_number: str, name: str, born: date, address: str) -> str:
    return f"{id_number}|123456789|{name}|{born:%d%m%Y}|Nữ|{address}|01072021"


def _born_years_ago(years: int) -> date:
    return date(date.today().year - years, 1, 1)  # whole years since 1 January


def _forms(*texts: str) -> list[bytes]:
    """Each text as bytes the way a file or a wire could hold it (NFC, NFD, UTF-16)."""
    found = []
    for text in texts:
        for form in ("NFC", "NFD"):
            norm = unicodedata.normalize(form, text)
            found += [norm.encode("utf-8"), norm.encode("utf-16-le")]
    return found


def _ticket_kiosk(apps, hub_url: str | None = None) -> UI:
    ui = UI(apps.open(DEVICE, ("ticket",), hub_url=hub_url))
    ui.resize(PORTRAIT)
    ui.app.go_home()
    ui.frames(2)
    return ui


def _scan(ui: UI, payload: str) -> None:
    ui.app.context.devices.scanner.scan(payload)  # over loop://, through the real parsing


def test_a_70_year_old_card_gives_an_elderly_ticket_and_leaves_no_trace(
    apps, hub, ui_dir, site_file, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    _admin(hub)
    proxy = CuttableProxy(hub.port)  # every byte between the kiosk and the hub
    try:
        ui = _ticket_kiosk(apps, proxy.url)
        app = ui.app
        app.go("ticket")
        screen = app.screen
        ui.wait_for(lambda: screen._tiles)
        assert screen.ids.card_hint.text.startswith("Từ 60 tuổi trở lên: quét mã QR")
        printer = app.context.devices.printer
        printer.clear()
        elder = _card(ELDER_ID, ELDER_NAME, _born_years_ago(70), ELDER_ADDRESS)
        _scan(ui, elder)
        ui.wait_for(lambda: screen.message.startswith("Ưu tiên người cao tuổi"))
        ui.screenshot("ticket-cccd-elderly-portrait")
        ui.tap(screen.tile("chungthuc"))
        ui.wait_for(lambda: screen.outcome is not None and printer.jobs, timeout=10)
        ticket = screen.outcome.ticket
        assert ticket.priority_reason is PriorityReason.ELDERLY
        assert screen.lane_text == "Ưu tiên: Người cao tuổi"
        printed = " | ".join(printer.render_last().texts())
        assert ticket.number in printed and "| PRIORITY |" in printed, printed  # the lane line
        page = requests.get(f"{proxy.url}/t/{ticket.page_token}", timeout=5)
        assert page.status_code == 200 and ticket.number in page.text
        ui.tap(screen.ids.done)
        assert app.context.card.current is None  # the session ended: the scan is forgotten
        stored = hub.query(
            "SELECT priority_reason, citizen_key FROM tickets WHERE id = ?", (ticket.id,)
        )
        secret = load_site(site_file).hub.citizen_secret
        assert [tuple(r) for r in stored] == [("elderly", citizen_key(ELDER_ID, secret))]
        wire = bytes(proxy.traffic)
    finally:
        proxy.close()
    assert citizen_key(ELDER_ID, secret).encode() in wire  # only the hash went to the hub
    assert b"POST /api/v1/tickets" in wire and ticket.number.encode() in wire
    secrets = _forms(ELDER_ID, ELDER_NAME, ELDER_ADDRESS)
    places = {"the wire (requests and answers)": wire, "the printed bytes": printer.output}
    places["the log"] = "\n".join(
        f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records
    ).encode()
    assert len(caplog.records) > 0
    files = [p for p in ui_dir.rglob("*") if p.is_file()]
    assert any(p.name.startswith("hub.sqlite3") for p in files)  # the hub's store, WAL too
    assert any(p.suffix == ".log" for p in files)  # the hub's log
    for path in files:
        places[str(path.relative_to(ui_dir))] = path.read_bytes()
    leaks = [where for where, data in places.items() for s in secrets if s in data]
    assert leaks == []
    # the ID's digits do not appear even split by the printer's commands
    assert ELDER_ID[3:].encode() not in printer.output


def test_under_60_is_a_normal_ticket_and_nothing_said_about_age(apps, hub) -> None:
    ui = _ticket_kiosk(apps)
    app = ui.app
    app.go("ticket")
    screen = app.screen
    ui.wait_for(lambda: screen._tiles)
    _scan(ui, _card(YOUNG_ID, YOUNG_NAME, _born_years_ago(35), "Thôn Thử"))
    ui.wait_for(lambda: screen.message)
    assert screen.message == "Đã đọc thẻ CCCD. Mời chọn dịch vụ."
    printer = app.context.devices.printer
    printer.clear()
    ui.tap(screen.tile("hotich"))
    ui.wait_for(lambda: screen.outcome is not None and printer.jobs, timeout=10)
    assert screen.outcome.ticket.priority_reason is None and screen.lane_text == ""
    assert "PRIORITY" not in " | ".join(printer.render_last().texts())
    secret = app.context.site.hub.citizen_secret
    key = hub.query("SELECT citizen_key FROM tickets WHERE id = ?", (screen.outcome.ticket.id,))
    assert key[0][0] == citizen_key(YOUNG_ID, secret)
    ui.tap(screen.ids.done)


def test_bad_payloads_are_said_and_the_idle_reset_forgets_the_card(apps, hub) -> None:
    ui = _ticket_kiosk(apps)
    app = ui.app
    home = app.screen
    _scan(ui, f"{ELDER_ID}|123456789|{ELDER_NAME}|31021956|Nữ|Thôn|01072021")  # 31 February
    ui.wait_for(lambda: home.message)
    assert home.message.startswith("Ngày tháng trên thẻ không đọc được")
    assert app.context.card.current is None and app.screen is home
    _scan(ui, "https://example.invalid/not-a-card")
    ui.wait_for(lambda: home.message == "Không đọc được mã vừa quét. Vui lòng quét lại.")
    # a good card on the home screen opens the ticket screen, with the elderly lane said
    _scan(ui, _card(ELDER_ID, ELDER_NAME, _born_years_ago(70), ELDER_ADDRESS))
    ui.wait_for(lambda: app.screen.name == "ticket")
    ui.wait_for(lambda: app.screen.message.startswith("Ưu tiên người cao tuổi"))
    assert app.context.card.current is not None and app.context.card.current.elderly
    idle = app.context.idle
    idle.last -= idle.timeout_s + 1  # the citizen walked away
    ui.wait_for(lambda: app.screen.name == "home", timeout=3)
    assert app.context.card.current is None
    ticket_screen = app.manager.get_screen("ticket")
    app.go("ticket")
    ui.wait_for(lambda: ticket_screen._tiles)
    assert ticket_screen.message == ""  # nothing of the last citizen's card is said
    app.go_home()


def test_a_card_finds_its_dossiers_at_the_lookup_kiosk(apps, hub, ui_dir, site_file) -> None:
    from kiosk.catalog.dossier_sources import SqliteDossierSource

    secret = load_site(site_file).hub.citizen_secret
    two = (
        "Mã hồ sơ,Tên thủ tục,Người nộp,Số CCCD,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái\n"
        f"H15.50.05.13-251011-0701,Đăng ký kết hôn,{ELDER_NAME},{ELDER_ID},"
        "11/10/2025 08:00,20/10/2025 17:00,4\n"
        f"H15.50.05.13-251012-0702,Chứng thực bản sao,{ELDER_NAME},{ELDER_ID},"
        "12/10/2025 08:00,12/10/2025 17:00,9\n"
    )
    assert SqliteDossierSource(ui_dir / "dossiers.sqlite3").import_csv(two, secret).imported == 2
    ui = UI(apps.open(DEVICE, ("lookup",)))
    ui.resize(PORTRAIT)
    app = ui.app
    app.go_home()
    ui.frames(2)
    # the sample export's applicant of H15.50.05.13-251010-0101 (made-up data): one dossier
    _scan(ui, "001092011111||Lê Minh Cường|02031992|Nam|Xóm Bến|05052021")
    ui.wait_for(lambda: app.screen.name == "dossier_status")
    screen = app.screen
    ui.wait_for(lambda: screen.answer_text, timeout=5)
    assert "H15.50.05.13-251010-0101" in screen.answer_text
    assert "001092011111" not in screen.answer_text and "Cường" not in screen.answer_text
    # a card with two dossiers: listed by code, newest first; a touch shows one
    _scan(ui, _card(ELDER_ID, ELDER_NAME, _born_years_ago(70), ELDER_ADDRESS))
    ui.wait_for(lambda: len(screen.ids.found.children) == 2, timeout=5)
    ui.screenshot("lookup-dossier-cccd-portrait")
    assert screen.message == "Tìm thấy 2 hồ sơ gắn với thẻ CCCD. Chạm vào một hồ sơ để xem."
    buttons = list(reversed(screen.ids.found.children))
    assert [b.text.split(" · ")[0] for b in buttons] == [
        "H15.50.05.13-251012-0702",
        "H15.50.05.13-251011-0701",
    ]
    ui.tap(buttons[1])
    ui.wait_for(lambda: "H15.50.05.13-251011-0701" in screen.answer_text)
    assert screen.ids.found.children == []
    shown = " ".join(w.text for w in app.root.walk() if hasattr(w, "text"))
    assert ELDER_ID not in shown and ELDER_ADDRESS not in shown
    # a card nobody filed with
    _scan(ui, _card(YOUNG_ID, YOUNG_NAME, _born_years_ago(35), "Thôn Thử"))
    ui.wait_for(lambda: screen.message == "Không tìm thấy hồ sơ nào gắn với thẻ CCCD này.")
    app.go_home()
    assert app.context.card.current is None


def test_rating_by_dossier_needs_no_typing_after_a_card(apps, hub, ui_dir, site_file) -> None:
    from kiosk.catalog.dossier_sources import SqliteDossierSource

    secret = load_site(site_file).hub.citizen_secret
    rows = (
        "Mã hồ sơ,Tên thủ tục,Người nộp,Số CCCD,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái\n"
        f"H15.50.05.13-251013-0801,Cấp bản sao trích lục,{YOUNG_NAME},{YOUNG_ID},"
        "13/10/2025 08:00,14/10/2025 17:00,10\n"  # returned: the one collected now
        f"H15.50.05.13-251014-0802,Đăng ký kết hôn,{YOUNG_NAME},{YOUNG_ID},"
        "14/10/2025 08:00,24/10/2025 17:00,4\n"
    )
    assert SqliteDossierSource(ui_dir / "dossiers.sqlite3").import_csv(rows, secret).imported == 2
    ui = UI(apps.open("admin", ("rating",)))
    screen = ui.app.screen
    ui.wait_for(lambda: screen.flow is not None)
    screen.flow.cancel()
    ui.wait_for(lambda: screen.stage == "idle")
    ui.wedge(_card(YOUNG_ID, YOUNG_NAME, _born_years_ago(35), "Thôn Thử"))  # a wedge scanner
    ui.wait_for(lambda: screen.stage == "invited", timeout=5)
    assert screen.subject == "Hồ sơ H15.50.05.13-251013-0801" and not screen.entering_code
    assert ui.app.context.card.current is None  # used once, then forgotten
    ui.tap(screen.face(3))
    ui.wait_for(lambda: screen.stage == "thanks")
    assert screen.ctx.outbox.wait_empty(5)
    rated = hub.query(
        "SELECT COUNT(*) FROM ratings WHERE dossier_code = ?", ("H15.50.05.13-251013-0801",)
    )
    assert rated[0][0] == 1
    screen.flow.cancel()
