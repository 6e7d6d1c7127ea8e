"""Folding, the synonym table and catalog loading (JSON/CSV with bad rows by line)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.catalog.folding import fold, strip_tones, words
from kiosk.catalog.load import CatalogFileError, parse_csv, parse_json, read_file
from kiosk.catalog.synonyms import SynonymError, Synonyms
from kiosk.paths import asset


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đăng ký khai sinh", "dang ki khai sinh"),
        ("ĐĂNG KÍ KHAI SINH", "dang ki khai sinh"),
        ("quý", "qui"),
        ("Quí", "qui"),
        ("Giấy chứng nhận quyền sử dụng đất", "giai chung nhan quien su dung dat"),
        ("Chứng thực (bản sao), 1.001193.", "chung thuc ban sao 1.001193"),
        ("Đ", "d"),
        ("  nhiều   khoảng   trắng ", "nhieu khoang trang"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_handles_decomposed_input() -> None:
    decomposed = "Đăng ky\u0301"  # "ký" typed as y + combining acute (NFD)
    assert fold(decomposed) == fold("Đăng ký") == "dang ki"


def test_strip_tones_keeps_case_and_maps_d() -> None:
    assert strip_tones("Đường Lê Lợi") == "Duong Le Loi"
    assert words("Hộ tịch") == ["ho", "tich"]


def test_shipped_synonyms_cover_the_everyday_words_of_the_issue() -> None:
    syn = Synonyms.load()
    for phrase in (
        "sổ đỏ",
        "công chứng",
        "sao y",
        "báo tử",
        "hộ khẩu",
        "giấy xác nhận độc thân",
        "làm căn cước",
    ):
        assert tuple(words(phrase)) in syn.phrases, phrase


def test_variants_replace_the_longest_phrase_and_keep_the_original() -> None:
    syn = Synonyms.from_mapping({"sổ đỏ": ["giấy chứng nhận"], "làm sổ đỏ": ["cấp lần đầu"]})
    assert syn.variants(["lam", "so", "do", "nhanh"]) == [
        ["lam", "so", "do", "nhanh"],
        ["cap", "lan", "dau", "nhanh"],
    ]


def test_broken_synonym_file_names_the_problem(tmp_path: Path) -> None:
    bad = tmp_path / "s.toml"
    bad.write_text("[phrases]\n'sổ đỏ' = 3\n", encoding="utf-8")
    with pytest.raises(SynonymError, match="sổ đỏ"):
        Synonyms.load(bad)
    bad.write_text("[phrases\n", encoding="utf-8")
    with pytest.raises(SynonymError, match="TOML"):
        Synonyms.load(bad)


def test_sample_catalog_is_marked_and_broad() -> None:
    data = json.loads(asset("catalog", "procedures.json").read_text(encoding="utf-8"))
    assert data["sample"] is True and "mẫu" in data["note"]
    result = parse_json(asset("catalog", "procedures.json").read_text(encoding="utf-8"))
    assert not result.errors
    assert len(result.procedures) >= 60
    assert len({p.field for p in result.procedures}) >= 10
    for code in (
        "1.001193",
        "1.000894",
        "1.000656",
        "2.000635",
        "2.000815",
        "2.000884",
        "1.004222",
        "1.004194",
        "1.001612",
        "2.000488",
    ):
        assert code in {p.code for p in result.procedures}
    assert {lv for p in result.procedures for lv in p.levels} == {"xa", "tinh"}


GOOD = {
    "code": "1.001193",
    "name": "Đăng ký khai sinh",
    "field": "Hộ tịch",
    "levels": ["xa"],
    "agency": "UBND cấp xã",
    "ways": [{"kind": "trực tiếp", "time_limit": "Trong ngày"}],
    "result": "Giấy khai sinh",
}


def test_json_import_reports_bad_records_by_line_and_keeps_good_ones() -> None:
    records = [
        GOOD,
        {**GOOD, "code": "abc"},
        {**GOOD, "code": "1.000894", "levels": ["huyện"]},
        {**GOOD, "code": "1.000656", "name": "Đăng ký khai tử"},
        GOOD,
        "not an object",
    ]
    text = json.dumps({"sample": True, "procedures": records}, ensure_ascii=False, indent=2)
    result = parse_json(text)
    assert [p.code for p in result.procedures] == ["1.001193", "1.000656"]
    lines = text.splitlines()
    reported = {e.line: e.message for e in result.errors}
    assert len(reported) == 4
    for line, message in reported.items():
        assert lines[line - 1].strip() in ("{", '"not an object"'), (line, message)
    assert "code" in reported[min(reported)]
    assert any("twice" in m for m in reported.values())
    assert result.meta == {"sample": True}


def test_invalid_json_is_a_file_error_with_a_line() -> None:
    with pytest.raises(CatalogFileError, match="line 3"):
        parse_json('{"procedures": [\n{"code": 1},\n oops]}')


CSV_TEXT = (
    "Mã thủ tục,Tên thủ tục,Lĩnh vực,Cấp thực hiện,Cơ quan thực hiện,Cách thức thực hiện,"
    "Thành phần hồ sơ,Kết quả thực hiện,Mức độ dịch vụ công\n"
    '1.001193,Đăng ký khai sinh,Hộ tịch,Cấp xã,UBND xã,"Trực tiếp | Trong ngày | Miễn phí\n'
    'Trực tuyến | Trong ngày | Miễn phí","Tờ khai | 1 | 0\nGiấy chứng sinh | 1 | 0",'
    "Giấy khai sinh,Toàn trình\n"
    "1.0,Sai mã,Hộ tịch,Cấp xã,UBND xã,Trực tiếp | Trong ngày,,Kết quả,\n"
    "\n"
    "2.000815,Chứng thực bản sao,Chứng thực,xã;tỉnh,UBND xã,Trực tiếp | Trong ngày,,Bản sao,\n"
    "1.000894,Đăng ký kết hôn,Hộ tịch,Cấp huyện,UBND xã,Trực tiếp | 5 ngày,,GCN kết hôn,\n"
)


def test_csv_import_with_vietnamese_headers_and_multiline_cells() -> None:
    result = parse_csv(CSV_TEXT)
    assert [p.code for p in result.procedures] == ["1.001193", "2.000815", "1.000894"]
    birth = result.procedures[0]
    assert [w.kind for w in birth.ways] == ["truc_tiep", "truc_tuyen"]
    assert [(d.name, d.originals, d.copies) for d in birth.documents] == [
        ("Tờ khai", 1, 0),
        ("Giấy chứng sinh", 1, 0),
    ]
    assert birth.online_level == "toan_trinh" and birth.levels == ("xa",)
    assert result.procedures[1].levels == ("xa", "tinh")
    # the first record spans lines 2-4; the bad row is on line 5
    assert [(e.line, "code" in e.message) for e in result.errors] == [(5, True)]
    # "Cấp huyện" (abolished in 2025) is left out of the levels and reported once, not guessed
    assert result.procedures[2].levels == ()
    assert any("'Cấp huyện'" in n and "line 8" in n for n in result.notes)


def test_csv_without_code_column_is_refused() -> None:
    with pytest.raises(CatalogFileError, match="code"):
        parse_csv("Tên,Lĩnh vực\nA,B\n")


def test_read_file_by_extension_and_encoding(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(b"\xef\xbb\xbf" + CSV_TEXT.encode())  # Excel's UTF-8 with BOM
    assert len(read_file(path).procedures) == 3
    path.write_bytes("Mã thủ tục".encode("utf-16"))
    with pytest.raises(CatalogFileError, match="UTF-8"):
        read_file(path)
