"""`kiosk install-units` writes units that systemd accepts, with this virtualenv's path."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main

ANALYZE = shutil.which("systemd-analyze")
needs_analyze = pytest.mark.skipif(
    ANALYZE is None, reason="systemd-analyze missing: apt-get install systemd (scripts/setup.sh)"
)


@pytest.fixture
def installed(tmp_path: Path) -> Path:
    assert main(["install-units", "--prefix", str(tmp_path)]) == 0
    return tmp_path / "etc/systemd/system"


def test_units_carry_this_virtualenv(installed):
    names = sorted(p.name for p in installed.iterdir())
    assert names == ["kiosk-app@.service", "kiosk-hub.service"]
    kiosk = f"{Path(sys.prefix).absolute()}/bin/kiosk"
    for unit in installed.iterdir():
        text = unit.read_text()
        assert f"ExecStart={kiosk} " in text and "/opt/kiosk" not in text
        for line in ("User=kiosk", "Restart=on-failure", "WorkingDirectory=/var/lib/kiosk"):
            assert line in text.splitlines(), (unit.name, line)
        assert "--config /etc/kiosk/site.toml" in text
    app = (installed / "kiosk-app@.service").read_text()
    assert "--role %I" in app and "Type=notify" in app and "WatchdogSec=30" in app
    users = (installed.parent.parent / "sysusers.d/kiosk.conf").read_text()
    assert "u kiosk - " in users


def test_dry_run_writes_nothing(tmp_path, capsys):
    assert main(["install-units", "--prefix", str(tmp_path), "--dry-run"]) == 0
    assert not any(tmp_path.iterdir())
    assert "kiosk-hub.service" in capsys.readouterr().out


def verify(unit: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [ANALYZE, "verify", str(unit)], capture_output=True, text=True, timeout=60
    )


@needs_analyze
@pytest.mark.parametrize("instance", ["", "display", r"lookup\x2cticket"])
def test_systemd_analyze_verify_passes(installed, instance):
    """No error and no warning; a template is checked bare and as instances."""
    if instance:
        unit = installed / f"kiosk-app@{instance}.service"
        shutil.copy(installed / "kiosk-app@.service", unit)
    else:
        unit = installed / "kiosk-app@.service"
    for path in (unit, installed / "kiosk-hub.service"):
        done = verify(path)
        assert done.returncode == 0 and not done.stderr.strip(), done.stderr


@needs_analyze
def test_verify_does_catch_a_broken_unit(installed):
    unit = installed / "kiosk-hub.service"
    unit.write_text(unit.read_text().replace("Restart=on-failure", "Restart=sometimes"))
    assert "restart specifier" in verify(unit).stderr


def test_the_site_file_is_offered_once_and_never_overwritten(installed, capsys):
    from kiosk.config import example_site_path, load_site

    prefix = installed.parent.parent.parent
    site = prefix / "etc/kiosk/site.toml"
    assert site.read_text() == example_site_path().read_text()
    assert site.stat().st_mode & 0o777 == 0o640  # device tokens: not for every user
    assert load_site(site).id == "xa-phu-dong"
    site.write_text(site.read_text().replace("Phù Đổng", "Yên Viên"))
    capsys.readouterr()
    assert main(["install-units", "--prefix", str(prefix)]) == 0
    assert "Yên Viên" in site.read_text()
    assert f"kept {site}" in capsys.readouterr().out


def test_dry_run_names_the_site_file_it_would_write(tmp_path, capsys):
    assert main(["install-units", "--prefix", str(tmp_path), "--dry-run"]) == 0
    assert not (tmp_path / "etc").exists()
    assert f"# {tmp_path}/etc/kiosk/site.toml: would be copied from" in capsys.readouterr().out
