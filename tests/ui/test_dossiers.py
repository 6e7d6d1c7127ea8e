"""Dossier status in the real window: typed on the keypad, scanned (serial and wedge)."""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.ui

DELIVERED = "H15.50.05.13-251008-0975"  # Nguyễn Văn An, status 10 (Đã trả kết quả)
READY = "H15.50.05.13-251009-0012"  # Trần Thị Bình, status 9 (Đã xử lý xong)


def open_dossiers(ui):
    ui.tap(ui.screen.tile("dossier_status"))
    assert ui.screen.name == "dossier_status"
    return ui.screen


def test_code_typed_on_the_keypad(ui) -> None:
    screen = open_dossiers(ui)
    ui.type(screen.ids.keyboard, "h15.50.05.13-251008-0975")
    assert screen.entry == DELIVERED
    ui.tap(screen.ids.search_button)
    ui.wait_for(lambda: screen.answer_text, timeout=8)
    text = screen.answer_text
    assert "Đăng ký khai sinh" in text
    assert "Đã trả kết quả" in text
    assert "Nguyễn V*** A**" in text
    assert "Nguyễn Văn An" not in text and "0912345678" not in text and "001085012345" not in text
    assert "08/10/2025 08:15" in text  # received
    assert "Quầy 1" in text  # where to collect
    assert screen.ids.keyboard.disabled  # the answer replaces the keypad


def test_code_scanned_on_the_serial_scanner_from_home(ui) -> None:
    scanner = ui.app.context.devices.scanner
    scanner.scan(f"https://dichvucong.gov.vn/tra-cuu?ma={READY.lower()}")
    ui.wait_for(lambda: ui.screen.name == "dossier_status" and ui.screen.answer_text, timeout=8)
    assert "Đã xử lý xong" in ui.screen.answer_text
    assert "Trần T*** B**" in ui.screen.answer_text


def test_code_scanned_by_a_keyboard_wedge(ui) -> None:
    screen = open_dossiers(ui)
    ui.wedge(DELIVERED)  # a burst: microseconds per key, ended by Enter
    ui.wait_for(lambda: screen.answer_text, timeout=8)
    assert screen.entry == DELIVERED
    assert "Đã trả kết quả" in screen.answer_text


def test_slow_typing_on_a_keyboard_is_typing_not_a_scan(ui) -> None:
    from kivy.core.window import Window

    screen = open_dossiers(ui)
    for ch in "h15.":
        Window.dispatch("on_key_down", ord(ch), 0, ch, [])
        time.sleep(0.06)  # real: a person's pace between keys, stamped by the app as they come
        ui.frames(1)
    ui.wait_for(lambda: screen.entry == "H15.")
    assert not screen.answer_text


def test_invalid_code_is_not_sent_nor_echoed(ui) -> None:
    screen = open_dossiers(ui)
    ui.type(screen.ids.keyboard, "abc123")
    ui.tap(screen.ids.search_button)
    ui.frames(2)
    assert screen.message_kind == "error"
    assert "H15.50.05.13-261008-0975" in screen.message  # the example of a valid code
    assert "ABC123" not in screen.message
    assert not screen.answer_text


def test_scanned_garbage_is_not_echoed(ui) -> None:
    screen = open_dossiers(ui)
    ui.app.context.devices.scanner.scan("NOT-A-CODE-42")
    ui.wait_for(lambda: screen.message)
    assert "NOT-A-CODE-42" not in screen.message
    assert screen.message_kind == "error"


def test_unknown_code_says_not_found(ui) -> None:
    screen = open_dossiers(ui)
    ui.wedge("h15.50.05.13-251231-9999")
    ui.wait_for(lambda: screen.message, timeout=8)
    assert screen.message.startswith("Không tìm thấy hồ sơ")
    assert "9999" not in screen.message


def test_too_many_lookups_says_please_wait(ui, hub) -> None:
    """The hub allows a burst of 5 lookups per device: then the screen asks to wait."""
    screen = open_dossiers(ui)
    try:
        for _ in range(8):
            ui.wedge(READY)
            ui.wait_for(lambda: screen.answer_text or screen.message, timeout=8)
            if screen.message:
                break
        assert screen.message.startswith("Hệ thống đang bận")
        assert screen.message_kind == "warn"
    finally:  # a fresh hub (and rate limiter) for the tests that follow
        hub.stop()
        hub.start()


def test_receipt_number_typed_finds_the_dossier(ui) -> None:
    """The short number printed on the receipt: the hub completes it with its agency code."""
    screen = open_dossiers(ui)
    ui.type(screen.ids.keyboard, "251008-0975")
    ui.tap(screen.ids.search_button)
    ui.wait_for(lambda: screen.answer_text, timeout=8)
    assert screen.entry == DELIVERED  # the entry now shows the whole code
    assert "Đăng ký khai sinh" in screen.answer_text
    screen.again()
    ui.type(screen.ids.keyboard, "2510080976")  # a valid number of no dossier
    ui.tap(screen.ids.search_button)
    ui.wait_for(lambda: screen.message, timeout=8)
    assert screen.message.startswith("Không tìm thấy hồ sơ")
