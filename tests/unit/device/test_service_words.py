"""UI strings (Vietnamese first, both languages everywhere) and the Kivy-free context."""

from __future__ import annotations

import unicodedata

import pytest

from kiosk import i18n
from kiosk.catalog.load import load_catalog
from kiosk.catalog.model import Procedure
from kiosk.config import load_site
from kiosk.device.hub_client import HubRefused, HubUnreachable
from kiosk.device.service import Problem, check_roles, checklist_slip, explain
from kiosk.devices.printer_sim import SimPrinter


def test_every_string_has_both_languages_in_nfc() -> None:
    vi, en = i18n.texts("vi"), i18n.texts("en")
    assert vi.keys() == en.keys()
    for key in vi:
        assert vi[key] and en[key], key
        assert unicodedata.is_normalized("NFC", vi[key]), key
    assert vi["home.procedures"] == "Tra cứu thủ tục"
    assert i18n.tr("search.count", "en", n=3) == "3 procedures"
    with pytest.raises(ValueError):
        i18n.tr("home.procedures", "fr")


def test_checklist_slip_from_a_procedure() -> None:
    site = load_site()
    procedure = load_catalog().get("1.001193")
    slip = checklist_slip(site, procedure)
    assert slip.procedure_name == "Đăng ký khai sinh"
    assert slip.site_name == site.name
    assert slip.documents[0] == ("Tờ khai đăng ký khai sinh theo mẫu", "01 bản chính")
    assert slip.fee.startswith("Miễn lệ phí")
    assert slip.url.endswith("ma_thu_tuc=1.001193")


def test_a_published_list_record_prints_where_to_ask_never_a_guess() -> None:
    """A record imported from a decision's list: code, name, field and nothing else."""
    bare = Procedure(code="1.004222", name="Thủ tục mẫu từ danh mục", field="Hộ tịch")
    slip = checklist_slip(load_site(), bare)
    assert slip.documents == (("Xem tại quầy / trên Cổng DVC", ""),)
    assert slip.time_limit == slip.fee == "Xem tại quầy / trên Cổng DVC"
    assert slip.where == load_site().name and slip.url.endswith("ma_thu_tuc=1.004222")
    assert SimPrinter().print_checklist(slip).result(10).ok


def test_errors_become_words_a_citizen_can_read() -> None:
    assert explain(HubUnreachable("x")).key == "error.hub_down"
    assert explain(HubRefused(429, "rate_limited", "wait")).key == "error.busy"
    assert explain(HubRefused(404, "invalid_code", "x")).key == "dossier.invalid"
    assert explain(HubRefused(404, "not_found", "x")).key == "dossier.not_found"
    assert explain(HubRefused(503 - 100, "other", "x")).key == "error.unexpected"
    assert explain(Problem("dossier.invalid")).key == "dossier.invalid"


def test_roles_must_match_the_device_token() -> None:
    site = load_site()
    check_roles(site.device("kiosk-1"), ("lookup", "ticket"))
    with pytest.raises(ValueError, match="cannot run 'counter'"):
        check_roles(site.device("kiosk-1"), ("counter",))
    with pytest.raises(ValueError, match="unknown role"):
        check_roles(site.device("kiosk-1"), ("lobby",))
