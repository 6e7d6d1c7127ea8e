"""Procedure lookup in the real window: type, browse, open, print the checklist."""

from __future__ import annotations

import pytest

from kiosk.device.hub_client import HubClient
from kiosk.device.service import checklist_slip
from kiosk.ui.widgets.keyboard import CLEAR

pytestmark = pytest.mark.ui


def open_search(ui):
    ui.tap(ui.screen.tile("procedure_search"))
    assert ui.screen.name == "procedure_search"
    return ui.screen


def search_for(ui, text: str):
    screen = open_search(ui)
    ui.type(screen.ids.keyboard, text)
    ui.wait_for(lambda: not screen.showing_fields and screen.results)
    return screen


def test_typing_searches_and_a_result_opens_the_procedure(ui) -> None:
    screen = search_for(ui, "khai sinh")
    assert screen.query == "khai sinh"
    assert screen.results[0]["title"] == "Đăng ký khai sinh"
    ui.tap(screen.row_widget(0))
    detail = ui.screen
    assert detail.name == "procedure_detail"
    assert detail.procedure.code == "1.001193"
    texts = "\n".join(detail.section_texts())
    assert "Giấy tờ cần chuẩn bị" in texts
    assert "Tờ khai đăng ký khai sinh theo mẫu" in texts
    assert "Luật Hộ tịch số 60/2014/QH13" in texts
    assert detail.ids.qr.texture is not None
    assert detail.url.endswith("ma_thu_tuc=1.001193")
    ui.tap(detail.ids.back_button)  # back to the search as it was left
    assert ui.screen.name == "procedure_search"
    assert ui.screen.query == "khai sinh"


def test_print_checklist_reaches_the_printer(ui) -> None:
    screen = search_for(ui, "khai sinh")
    ui.tap(screen.row_widget(0))
    detail = ui.screen
    printer = ui.app.context.devices.printer
    ui.tap(detail.ids.print_button)
    ui.wait_for(lambda: detail.last_print is not None, timeout=10)
    assert detail.last_print.ok
    assert detail.message == "Đã in."
    expected = printer.checklist_bytes(checklist_slip(ui.app.context.site, detail.procedure))
    assert printer.jobs == [expected]


def test_paper_out_is_said_plainly_and_reported_to_the_hub(ui, hub) -> None:
    from tests.ui.conftest import ADMIN_TOKEN

    screen = search_for(ui, "ket hon")
    ui.tap(screen.row_widget(0))
    detail = ui.screen
    printer = ui.app.context.devices.printer
    printer.set_fault("paper_out", True)
    ui.tap(detail.ids.print_button)
    ui.wait_for(lambda: detail.last_print is not None, timeout=10)
    assert not detail.last_print.ok
    assert detail.message_kind == "error"
    assert "hết giấy" in detail.message
    assert printer.jobs == []
    admin = HubClient(hub.url, ADMIN_TOKEN)
    ui.wait_for(lambda: any(a["kind"] == "printer" for a in admin.get_json("/devices/alerts")))
    alert = admin.get_json("/devices/alerts")[0]
    assert (alert["device_id"], alert["status"]) == ("kiosk-1", "paper_out")


def test_browse_by_field_and_level(ui) -> None:
    screen = open_search(ui)

    def fields() -> list[str]:
        return [r["title"] for r in screen.results] if screen.showing_fields else []

    ui.wait_for(lambda: "Hộ tịch" in fields() and "Đất đai" in fields())
    screen.scroll_to(fields().index("Hộ tịch"))
    ui.frames()
    ui.tap(screen.row_widget(fields().index("Hộ tịch")))
    ui.wait_for(lambda: not screen.showing_fields)
    assert screen.field == "Hộ tịch"
    assert len(screen.results) == 16
    assert all("Hộ tịch" in r["subtitle"] for r in screen.results)
    ui.tap(screen.ids.field_button)  # clear the field: back to the list of fields
    ui.wait_for(lambda: screen.showing_fields)
    assert screen.field == ""


def test_a_procedure_code_goes_straight_to_it(ui) -> None:
    screen = open_search(ui)
    ui.type(screen.ids.keyboard, "2.000815")
    assert ui.screen.name == "procedure_detail"
    assert ui.screen.procedure.name.startswith("Chứng thực bản sao từ bản chính")


def test_spinner_only_for_calls_over_300_ms(ui) -> None:
    import time

    screen = search_for(ui, "khai sinh")
    assert not ui.app.busy  # type-ahead never shows the spinner
    ui.tap(screen.row_widget(0))
    detail = ui.screen
    printer = ui.app.context.devices.printer
    printer.write_delay_ms = 900  # a slow serial printer
    try:
        ui.tap(detail.ids.print_button)
        assert detail.printing and not ui.app.busy
        start = time.monotonic()
        ui.wait_for(lambda: ui.app.busy, timeout=2)
        assert time.monotonic() - start >= 0.2
        assert ui.app.root.spinner.opacity == 1
        ui.wait_for(lambda: detail.last_print is not None, timeout=10)
        assert not ui.app.busy and ui.app.root.spinner.opacity == 0
    finally:
        printer.write_delay_ms = 0


def test_a_scanned_procedure_code_opens_it(ui) -> None:
    open_search(ui)
    ui.app.context.devices.scanner.scan("1.001193")
    ui.wait_for(lambda: ui.screen.name == "procedure_detail")
    assert ui.screen.procedure.name == "Đăng ký khai sinh"
    ui.app.go_home()
    ui.app.context.devices.scanner.scan(ui.app.context.procedure("2.000815").url)  # checklist QR
    ui.wait_for(lambda: ui.screen.name == "procedure_detail")
    assert ui.screen.procedure.code == "2.000815"


def test_a_matter_handled_elsewhere_says_who_handles_it(ui) -> None:
    screen = search_for(ui, "ly hon")
    assert screen.message_kind == "warn"
    assert "không giải quyết tại Bộ phận Một cửa" in screen.message
    assert "Tòa án nhân dân khu vực" in screen.message
    assert screen.count_text.startswith("Có thể liên quan")
    ui.tap(screen.ids.keyboard.key_button(CLEAR))
    ui.type(screen.ids.keyboard, "khai sinh")
    ui.wait_for(lambda: screen.results and screen.results[0]["title"] == "Đăng ký khai sinh")
    assert screen.message == "" and screen.count_text.endswith("thủ tục")


def test_in_english_the_detail_says_what_is_only_in_vietnamese(ui) -> None:
    ui.app.set_language("en")
    ui.app.go("procedure_detail", code="1.001193")
    ui.frames(2)
    texts = ui.screen.section_texts()
    assert texts[0] == "Đăng ký khai sinh"  # no source gives an English name: none invented
    assert texts[1] == "No English name yet (tên tiếng Anh chưa có)"
    assert "official Vietnamese text" in texts[2]
    assert "Procedure code" in texts[3]
    ui.app.go_home()


def test_a_telex_query_reaches_the_detail_page(ui) -> None:
    screen = search_for(ui, "dang kys khai sinh")  # Telex typed without the IME on
    assert screen.results[0]["title"] == "Đăng ký khai sinh"
    ui.tap(screen.row_widget(0))
    assert ui.screen.name == "procedure_detail" and ui.screen.procedure.code == "1.001193"


def test_a_life_event_browse_reaches_the_detail_page(ui) -> None:
    screen = open_search(ui)
    ui.wait_for(lambda: screen.showing_fields and screen.results)
    titles = [r["title"] for r in screen.results]
    assert titles[0] == "Có con nhỏ" and "Hộ tịch" in titles  # events first, then fields
    ui.tap(screen.row_widget(0))
    ui.wait_for(lambda: not screen.showing_fields)
    assert screen.event == "co_con" and screen.ids.field_button.text.startswith("Sự kiện: Có con")
    names = [r["title"] for r in screen.results]
    assert "Đăng ký khai sinh" in names and "Xóa đăng ký thường trú" not in names
    ui.tap(screen.row_widget(names.index("Đăng ký khai sinh")))
    assert ui.screen.name == "procedure_detail" and ui.screen.procedure.code == "1.001193"
    ui.tap(ui.screen.ids.back_button)
    ui.tap(screen.ids.field_button)  # the event dropped: back to the lists
    ui.wait_for(lambda: screen.showing_fields)
    assert screen.event == ""
