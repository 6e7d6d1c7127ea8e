"""``kiosk catalog ...`` sub-commands, run through the real argument parser."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from kiosk.commands import catalog as command
from kiosk.paths import asset


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    command.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["catalog", *argv])
    return args.func(args)


def test_search_json(capsys: pytest.CaptureFixture[str]) -> None:
    sample = str(asset("catalog", "procedures.json"))
    assert _run("search", "bao tu", "--limit", "2", "--json", "--catalog", sample) == 0
    out = json.loads(capsys.readouterr().out)
    assert out[0]["code"] == "1.000656" and set(out[0]) == {"code", "name", "score"}
    assert len(out) <= 2


def test_import_keeps_good_rows_and_reports_bad(tmp_path: Path, capsys) -> None:
    src = tmp_path / "export.csv"
    src.write_text(
        "code,name,field,levels,agency,ways,result\n"
        "1.001193,Đăng ký khai sinh,Hộ tịch,xã,UBND xã,Trực tiếp | Trong ngày,Giấy khai sinh\n"
        "bad,Sai,Hộ tịch,xã,UBND xã,Trực tiếp | Trong ngày,Kết quả\n",
        encoding="utf-8",
    )
    out = tmp_path / "catalog.json"
    assert _run("import", str(src), "--out", str(out)) == 1
    captured = capsys.readouterr()
    assert "line 3" in captured.err and "1 procedures written" in captured.out
    assert [p["code"] for p in json.loads(out.read_text("utf-8"))["procedures"]] == ["1.001193"]
    assert _run("search", "khai sinh", "--json", "--catalog", str(out)) == 0


def test_import_unreadable_file(tmp_path: Path, capsys) -> None:
    assert _run("import", str(tmp_path / "missing.json")) == 2
    assert "cannot read" in capsys.readouterr().err


def test_dossiers_import(tmp_path: Path, capsys) -> None:
    db = tmp_path / "d.sqlite3"
    csv_path = str(asset("catalog", "dossiers.sample.csv"))
    assert _run("dossiers-import", csv_path, "--db", str(db)) == 0
    assert "6 dossiers imported" in capsys.readouterr().out


def test_dossiers_import_hashes_the_id_column_with_the_site_secret(tmp_path: Path) -> None:
    from kiosk.catalog.citizen_key import citizen_key
    from kiosk.catalog.dossier_sources import SqliteDossierSource

    site = tmp_path / "site.toml"
    example = asset("site.example.toml").read_text(encoding="utf-8")
    secret = "another-site-secret-0123456789"
    site.write_text(example.replace("demo-only-citizen-secret-change-me", secret), "utf-8")
    db = tmp_path / "d.sqlite3"
    csv_path = str(asset("catalog", "dossiers.sample.csv"))
    assert _run("dossiers-import", csv_path, "--db", str(db), "--config", str(site)) == 0
    found = SqliteDossierSource(db).by_citizen(citizen_key("001085012345", secret))
    assert [r.code for r in found] == ["H15.50.05.13-251008-0975"]
    assert b"001085012345" not in db.read_bytes()
