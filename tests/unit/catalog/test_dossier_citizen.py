"""The dossier table's optional ID number column: hashed at import, never stored as it is,
and the dossiers of one citizen found by the key. The ID numbers are made-up test data."""

from __future__ import annotations

import sqlite3

from kiosk.catalog.citizen_key import citizen_key
from kiosk.catalog.dossier_sources import SqliteDossierSource
from kiosk.paths import asset

SECRET = "test-secret-0123456789"
ID_A, ID_B = "099170012345", "099185054321"  # TEST DATA
HEADER = "Mã hồ sơ,Tên thủ tục,Người nộp,Số CCCD,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái\n"
D = "H15.50.05.13-2611"
CSV = HEADER + (
    f"{D}20-0042,Khai sinh,Nguyễn Văn An,{ID_A},2026-11-20 08:00,2026-11-25 17:00,4\n"
    f"{D}21-0043,Chứng thực,Nguyễn Văn An,{ID_A[:6]} {ID_A[6:]},2026-11-21 08:00,2026-11-21,9\n"
    f"{D}22-0044,Chứng thực,Lê Thị Bé,{ID_B},2026-11-22 08:00,2026-11-22 17:00,9\n"
    f"{D}23-0045,Chứng thực,Lê Thị Cúc,12345,2026-11-23 08:00,2026-11-23 17:00,9\n"
    f"{D}24-0046,Chứng thực,Lê Thị Dung,,2026-11-24 08:00,2026-11-24 17:00,9\n"
)


def test_the_id_number_is_stored_as_its_keyed_hash_only(tmp_path) -> None:
    path = tmp_path / "d.sqlite3"
    source = SqliteDossierSource(path)
    report = source.import_csv(CSV, SECRET)
    assert report.imported == 5 and report.errors == []
    assert report.notes == ["line 5: the ID number is not 12 digits; dropped"]
    found = source.by_citizen(citizen_key(ID_A, SECRET))
    assert [r.code for r in found] == ["H15.50.05.13-261121-0043", "H15.50.05.13-261120-0042"]
    assert [r.code for r in source.by_citizen(citizen_key(ID_B, SECRET))] == [
        "H15.50.05.13-261122-0044"
    ]
    assert source.by_citizen(citizen_key(ID_A, "another-secret-000000")) == []
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    for number in (ID_A, ID_B, ID_A[:6], "12345"):
        assert number.encode() not in raw


def test_without_a_secret_the_column_is_dropped(tmp_path) -> None:
    source = SqliteDossierSource(tmp_path / "d.sqlite3")
    report = source.import_csv(CSV)
    assert report.imported == 5
    assert report.notes == [
        "the ID number column is dropped: no [hub] citizen_secret to hash it with"
    ]
    with sqlite3.connect(tmp_path / "d.sqlite3") as con:
        assert con.execute(
            "SELECT COUNT(*) FROM dossiers WHERE citizen_key IS NOT NULL"
        ).fetchone() == (0,)
    assert ID_A.encode() not in (tmp_path / "d.sqlite3").read_bytes()


def test_a_table_of_before_gains_the_column(tmp_path) -> None:
    path = tmp_path / "d.sqlite3"
    with sqlite3.connect(path) as con:  # schema 1: masked names, no citizen_key
        con.execute(
            "CREATE TABLE dossiers (code TEXT PRIMARY KEY, procedure_code TEXT,"
            " procedure_name TEXT NOT NULL, applicant_name TEXT NOT NULL, received_at TEXT"
            " NOT NULL, appointment_at TEXT NOT NULL, finished_at TEXT, status INTEGER NOT NULL,"
            " pickup_place TEXT NOT NULL)"
        )
        con.execute(
            "INSERT INTO dossiers VALUES ('H15.50.05.13-261120-0042', NULL, 'Khai sinh',"
            " 'Trần T** B***', '2026-11-20T08:00:00', '2026-11-25T17:00:00', NULL, 4, '')"
        )
        con.execute("PRAGMA user_version = 1")
    source = SqliteDossierSource(path)
    assert source.get("H15.50.05.13-261120-0042") is not None
    assert source.by_citizen(citizen_key(ID_A, SECRET)) == []
    assert source.import_csv(CSV, SECRET).imported == 5
    assert len(source.by_citizen(citizen_key(ID_A, SECRET))) == 2


def test_the_sample_export_imports_with_its_id_column(tmp_path) -> None:
    text = asset("catalog", "dossiers.sample.csv").read_text(encoding="utf-8-sig")
    source = SqliteDossierSource(tmp_path / "d.sqlite3")
    report = source.import_csv(text, SECRET)
    assert report.errors == [] and report.notes == []
    assert [r.code for r in source.by_citizen(citizen_key("001085012345", SECRET))] == [
        "H15.50.05.13-251008-0975"
    ]
