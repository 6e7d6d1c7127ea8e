"""Life events: the shipped table over the sample catalog, exclusions, and a bad file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.catalog.catalog import Catalog
from kiosk.catalog.life_events import LifeEventError, load_life_events
from kiosk.catalog.load import load_catalog


def test_having_a_baby_holds_the_birth_and_not_the_residence_removal() -> None:
    catalog = load_catalog()
    names = [p.name for p in catalog.browse(event="co_con")]
    assert "Đăng ký khai sinh" in names and "Đăng ký thường trú" in names
    assert "Xóa đăng ký thường trú" not in names
    dies = {p.code for p in catalog.browse(event="qua_doi")}
    assert {"1.000656", "2.001008"} <= dies  # khai tử, phân chia di sản
    assert catalog.browse(event="no_such_event") == []


def test_events_list_only_those_with_procedures_and_filters_search() -> None:
    catalog = load_catalog()
    events = catalog.events()
    first = events[0]
    assert (first["event"], first["vi"], first["en"]) == ("co_con", "Có con nhỏ", "Having a baby")
    assert first["count"] == len(catalog.browse(event="co_con"))
    assert first["xa"] == len(catalog.browse(level="xa", event="co_con"))
    assert all(e["count"] for e in events)
    small = Catalog(catalog.browse(field="Hộ tịch"))
    assert {e["event"] for e in small.events()} <= {"co_con", "ket_hon", "qua_doi", "giay_to"}
    hits = catalog.find("đăng ký", 20, event="kinh_doanh").hits
    assert hits and all("hộ kinh doanh" in h.procedure.name for h in hits)


def test_a_malformed_table_says_where(tmp_path: Path) -> None:
    bad = tmp_path / "events.toml"
    bad.write_text('[[event]]\nid = "x"\nvi = "X"\n', encoding="utf-8")
    with pytest.raises(LifeEventError, match=r"events\.toml"):
        load_life_events(bad)
