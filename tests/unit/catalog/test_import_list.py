"""Published lists (danh mục TTHC): XLSX and CSV with title rows, sections, extra columns."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import openpyxl
import pytest

from kiosk.catalog.catalog import Catalog
from kiosk.catalog.load import CatalogFileError, parse_csv, parse_json, read_file, write_catalog
from kiosk.catalog.model import Procedure, normalize_code

HEADER = [
    "STT",
    "Mã số TTHC",
    "Tên thủ tục hành chính",
    "Lĩnh vực",
    "Cấp thực hiện",
    "Cơ quan thực hiện",
    "Thời hạn giải quyết",
    "Phí, lệ phí",
    "Ghi chú",
]


def _appendix(path: Path) -> Path:
    """An appendix as provinces publish it: merged title rows, then the header on row 4."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Phụ lục"
    sheet.append(["DANH MỤC THỦ TỤC HÀNH CHÍNH THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA UBND CẤP XÃ"])
    sheet.merge_cells("A1:I1")
    sheet.append(["(Kèm theo Quyết định số 1234/QĐ-UBND ngày 01/7/2025 của UBND tỉnh)"])
    sheet.merge_cells("A2:I2")
    sheet.append([])
    sheet.append(HEADER)  # row 4
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"])  # row 5
    sheet.append(["I. Lĩnh vực hộ tịch"])  # row 6, merged across like a real section row
    sheet.merge_cells("A6:I6")
    sheet.append([1, "1.001193", "Đăng ký khai sinh", None, "Cấp xã", "UBND cấp xã", "Trong ngày",
                  "Miễn lệ phí", "x"])  # fmt: skip
    sheet.append([2, "1.000894.000.00.00.H12", "Đăng ký kết hôn", None, "xã", "UBND cấp xã"])
    sheet.append([3, "1. 000656", "Đăng ký khai tử", None, None, ""])  # no level, no agency
    sheet.append(["II", None, "LĨNH VỰC CHỨNG THỰC"])  # row 10: numbering in STT, text in name
    sheet.append([4, 2.00081, "Chứng thực bản sao từ bản chính", None, "Cấp huyện", "UBND"])
    sheet.append([5, "abc", "Mã sai", None, "xã", "UBND"])  # row 12: bad code
    sheet.append([6, "2.000884", None, None, "xã", "UBND"])  # row 13: no name
    sheet.append([7, "1.001193", "Đăng ký khai sinh (lần hai)", None, "xã", "UBND"])  # dupe
    sheet.append(["Tổng cộng: 7 thủ tục"])
    path = path / "phu-luc.xlsx"
    book.save(path)
    return path


def test_xlsx_appendix_imports_what_it_can_and_reports_the_rest(tmp_path: Path) -> None:
    result = read_file(_appendix(tmp_path), default_level=None)
    by_code = {p.code: p for p in result.procedures}
    assert list(by_code) == ["1.001193", "1.000894", "1.000656", "2.000810"]
    birth = by_code["1.001193"]
    assert (birth.field, birth.levels, birth.agency) == ("Hộ tịch", ("xa",), "UBND cấp xã")
    assert (birth.time_limit, birth.fee) == ("Trong ngày", "Miễn lệ phí")
    assert birth.ways == () and birth.documents == () and birth.result == ""
    assert birth.details_missing and not birth.has_details
    assert birth.missing == ("documents", "steps", "ways", "result")
    assert by_code["1.000656"].levels == () and by_code["1.000656"].agency == ""
    copy = by_code["2.000810"]  # 2.00081 typed as a number: the trailing zero comes back
    assert copy.field == "Chứng thực" and copy.levels == ()
    assert [(e.where, e.line) for e in result.errors] == [("row", 12), ("row", 13), ("row", 14)]
    assert "code" in result.errors[0].message and "no name" in result.errors[1].message
    assert "twice" in result.errors[2].message
    notes = "\n".join(result.notes)
    assert notes.count("ignored column(s): Ghi chú\n") == 1  # once, not per row
    assert "'Cấp huyện'" in notes and "row 11" in notes and "2025" in notes
    assert "national code" in notes  # 1.000894.000.00.00.H12 and "1. 000656"
    assert "footer" in notes


def test_default_level_fills_rows_without_one(tmp_path: Path) -> None:
    result = read_file(_appendix(tmp_path), default_level="xa")
    assert {p.code: p.levels for p in result.procedures}["1.000656"] == ("xa",)


def test_portal_export_with_title_row_and_no_level_column(tmp_path: Path) -> None:
    """The national portal's "Danh sách thủ tục hành chính" export: Mã số, Tên, ... ."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nDANH SÁCH THỦ TỤC HÀNH CHÍNH", None])
    sheet.merge_cells("A1:E1")
    sheet.append(["Mã số", "Tên", "Cơ quan ban hành", "Cơ quan thực hiện", "Lĩnh vực"])
    sheet.append(["1.004222", "Đăng ký thường trú", "Bộ Công an", "Công an cấp xã", "Cư trú"])
    book.create_sheet("Ghi chú").append(["Không có bảng ở đây"])
    path = tmp_path / "danh-sach.xlsx"
    book.save(path)
    result = read_file(path)
    assert [(p.code, p.agency, p.field) for p in result.procedures] == [
        ("1.004222", "Công an cấp xã", "Cư trú")
    ]
    assert any("Cơ quan ban hành" in n for n in result.notes)
    assert any("'Ghi chú'" in n and "skipped" in n for n in result.notes)
    assert not result.errors


def test_sections_in_several_sheets_are_reported_with_the_sheet(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    first = book.active
    first.title = "Cấp tỉnh"
    first.append(["Mã TTHC", "Tên TTHC", "Lĩnh vực"])
    first.append(["2.000488", "Cấp Phiếu lý lịch tư pháp", "Lý lịch tư pháp"])
    second = book.create_sheet("Cấp xã")
    second.append(["Mã TTHC", "Tên TTHC"])
    second.append(["A. THỦ TỤC HÀNH CHÍNH CẤP XÃ"])
    second.append(["1. Hộ tịch"])
    second.append(["1.001193", "Đăng ký khai sinh"])
    second.append(["x", "Sai"])
    path = tmp_path / "two.xlsx"
    book.save(path)
    result = read_file(path)
    assert [(p.code, p.field, p.levels) for p in result.procedures] == [
        ("2.000488", "Lý lịch tư pháp", ()),
        ("1.001193", "Hộ tịch", ("xa",)),  # level from the "CẤP XÃ" section row
    ]
    assert [str(e).split(":")[0] for e in result.errors] == ["sheet 'Cấp xã' row 5"]


def test_csv_list_with_bom_sections_extra_columns_and_missing_levels(tmp_path: Path) -> None:
    text = (
        "DANH MỤC TTHC CẤP XÃ,,,,,\n"
        ",,,,,\n"
        "STT,Mã thủ tục,Tên thủ tục hành chính,Cấp thực hiện,Cơ quan thực hiện,Căn cứ pháp lý\n"
        "I. Lĩnh vực Hộ tịch,,,,,\n"
        '1,1.001193,Đăng ký khai sinh,"Cấp xã, Cấp tỉnh",UBND xã,"Luật Hộ tịch\n'
        'Nghị định 123/2015/NĐ-CP"\n'
        "2,1.000894,Đăng ký kết hôn,,,\n"
        "II. CHỨNG THỰC,,,,,\n"
        "3,2.000815,Chứng thực bản sao từ bản chính,Cấp bộ,UBND xã,\n"
        "4,,Không mã,xã,UBND xã,\n"
    )
    path = tmp_path / "list.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    result = read_file(path)
    got = [(p.code, p.field, p.levels) for p in result.procedures]
    assert got == [
        ("1.001193", "Hộ tịch", ("xa", "tinh")),
        ("1.000894", "Hộ tịch", ()),
        ("2.000815", "Chứng thực", ()),
    ]
    assert result.procedures[0].legal_basis == ("Luật Hộ tịch", "Nghị định 123/2015/NĐ-CP")
    assert [(e.line, e.message) for e in result.errors] == [
        (10, "no code (Mã thủ tục / Mã số TTHC)")
    ]
    assert any("'Cấp bộ'" in n and "line 9" in n for n in result.notes)
    assert any("2 procedure(s) have no level" in n for n in result.notes)


TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: a precomposed vowel where it has one, plus a tone mark."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            marks = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in marks if c not in TONES))
            out.append((base + "".join(c for c in marks if c in TONES)).encode("cp1258"))
    return b"".join(out)


def test_csv_in_windows_1258_and_semicolons(tmp_path: Path) -> None:
    text = "Mã thủ tục;Tên thủ tục;Lĩnh vực\n1.001193;Đăng ký khai sinh;Hộ tịch\n"
    path = tmp_path / "old.csv"
    path.write_bytes(_cp1258(text))
    result = read_file(path)
    assert [(p.code, p.name, p.field) for p in result.procedures] == [
        ("1.001193", "Đăng ký khai sinh", "Hộ tịch")  # NFC again, though cp1258 decomposes
    ]
    assert any("1258" in n for n in result.notes)


def test_no_header_is_a_file_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogFileError, match="code"):
        parse_csv("Danh mục\nmột,hai\n")
    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(CatalogFileError, match="header"):
        read_file(path)
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a zip", encoding="utf-8")
    with pytest.raises(CatalogFileError, match="XLSX"):
        read_file(bad)
    with pytest.raises(CatalogFileError, match=r"\.xlsx"):
        read_file(tmp_path / "old.xls")


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("1.001193", "1.001193"),
        (" 1. 001193 ", "1.001193"),
        ("1.004222.000.00.00.H12", "1.004222"),
        ("2.000815.000.00.00.H56", "2.000815"),
        ("T-BPC-280421", "T-BPC-280421"),  # a local code: left as it is, then refused
    ],
)
def test_normalize_code(given: str, code: str) -> None:
    assert normalize_code(given) == code


def test_bare_record_round_trips_through_our_json(tmp_path: Path) -> None:
    bare = Procedure(
        code="1.001193", name="Đăng ký khai sinh", field="Hộ tịch", source="Quyết định X"
    )
    assert bare.levels == () and bare.ways == () and bare.result == "" and bare.agency == ""
    assert bare.missing == ("documents", "steps", "ways", "time_limit", "fee", "result")
    out = tmp_path / "c.json"
    write_catalog(Catalog([bare], meta={"sources": [{"title": "Quyết định X"}]}), out)
    data = json.loads(out.read_text("utf-8"))
    assert data["format"] == "kiosk-catalog/2" and data["procedures"][0]["missing"]
    again = parse_json(out.read_text("utf-8"))
    assert again.procedures == [bare] and again.meta["sources"] == [{"title": "Quyết định X"}]


def test_old_format_still_loads_and_unknown_format_is_refused() -> None:
    old = {
        "format": "kiosk-catalog/1",
        "procedures": [
            {
                "code": "1.001193",
                "name": "Đăng ký khai sinh",
                "field": "Hộ tịch",
                "levels": ["xa"],
                "agency": "UBND cấp xã",
                "ways": [{"kind": "truc_tiep", "time_limit": "Trong ngày", "fee": "Không"}],
                "documents": [{"name": "Tờ khai", "originals": 1, "copies": 0}],
                "result": "Giấy khai sinh",
                "url": "https://example.invalid/",
            }
        ],
    }
    result = parse_json(json.dumps(old, ensure_ascii=False))
    assert not result.errors and not result.procedures[0].details_missing
    with pytest.raises(CatalogFileError, match="format"):
        parse_json(json.dumps({**old, "format": "kiosk-catalog/9"}))


def test_command_imports_an_xlsx_list_with_level_and_source(tmp_path: Path, capsys) -> None:
    from tests.unit.catalog.test_command import _run

    out = tmp_path / "catalog.json"
    src = "Quyết định 1234/QĐ-UBND ngày 01/7/2025"
    code = _run("import", str(_appendix(tmp_path)), "--out", str(out), "--level", "xa",
                "--source", src)  # fmt: skip
    assert code == 1  # some rows were bad
    captured = capsys.readouterr()
    assert "row 12" in captured.err and captured.err.count("note: ignored column(s)") == 1
    assert "4 procedures written" in captured.out and "4 without documents" in captured.out
    data = json.loads(out.read_text("utf-8"))
    assert data["source"] == src and {p["source"] for p in data["procedures"]} == {src}
    assert all(p["levels"] in (["xa"], []) for p in data["procedures"])


def test_an_english_name_column_is_kept_and_english_search_finds_it(tmp_path: Path) -> None:
    text = (
        "STT,Mã thủ tục,Tên thủ tục,Tên thủ tục (tiếng Anh),Lĩnh vực\n"
        "1,1.001193,Đăng ký khai sinh,Birth registration,Hộ tịch\n"
        "2,1.000894,Đăng ký kết hôn,,Hộ tịch\n"
    )
    path = tmp_path / "list.csv"
    path.write_text(text, encoding="utf-8")
    procedures = read_file(path).procedures
    assert [(p.name, p.name_en) for p in procedures] == [
        ("Đăng ký khai sinh", "Birth registration"),
        ("Đăng ký kết hôn", ""),
    ]
    catalog = Catalog(procedures)
    assert catalog.search("birth registration")[0].procedure.code == "1.001193"
    assert catalog.search("register a birth")[0].procedure.code == "1.001193"
