"""The dossier table keeps applicants' names masked, and masks those of an older table."""

from __future__ import annotations

import sqlite3

from kiosk.catalog.dossier_sources import SqliteDossierSource

CODE = "H15.50.05.13-261120-0042"
CSV = (
    "code,procedure_name,applicant_name,received_at,appointment_at,status\n"
    f"{CODE},Đăng ký khai sinh,Nguyễn Văn An,2026-11-20 08:00,2026-11-25 17:00,4\n"
)


def stored_names(path) -> list[str]:
    with sqlite3.connect(path) as con:
        return [r[0] for r in con.execute("SELECT applicant_name FROM dossiers")]


def test_import_stores_the_masked_name_only(tmp_path):
    source = SqliteDossierSource(tmp_path / "d.sqlite3")
    assert source.import_csv(CSV).imported == 1
    assert stored_names(tmp_path / "d.sqlite3") == ["Nguyễn V*** A**"]
    assert source.get(CODE).applicant_name == "Nguyễn V*** A**"


def test_an_older_table_is_masked_when_opened(tmp_path):
    path = tmp_path / "d.sqlite3"
    with sqlite3.connect(path) as con:  # a table of before: full names, user_version 0
        con.execute(
            "CREATE TABLE dossiers (code TEXT PRIMARY KEY, procedure_code TEXT,"
            " procedure_name TEXT NOT NULL, applicant_name TEXT NOT NULL, received_at TEXT"
            " NOT NULL, appointment_at TEXT NOT NULL, finished_at TEXT, status INTEGER NOT NULL,"
            " pickup_place TEXT NOT NULL)"
        )
        con.execute(
            "INSERT INTO dossiers VALUES (?, NULL, 'Khai sinh', 'Trần Thị Bình',"
            " '2026-11-20T08:00:00', '2026-11-25T17:00:00', NULL, 4, '')",
            (CODE,),
        )
    assert SqliteDossierSource(path).get(CODE).applicant_name == "Trần T*** B**"
    assert stored_names(path) == ["Trần T*** B**"]
