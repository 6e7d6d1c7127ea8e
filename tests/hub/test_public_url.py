"""A hub serving the lobby LAN needs ``[hub] public_url``: ticket QR codes must not point
at 127.0.0.1. The refusal comes before anything listens, so the test binds nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.helpers import free_port

EXAMPLE = Path(__file__).resolve().parents[2] / "assets" / "site.example.toml"


def hub(config: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "kiosk", "hub", "--config", str(config), "--db",
           str(config.with_name("hub.sqlite3")), "--port", str(free_port()), *args]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60)


def test_a_lan_hub_without_public_url_refuses_in_one_line(tmp_path: Path) -> None:
    site = tmp_path / "site.toml"
    site.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    for args in (("--host", "0.0.0.0"), ("--host", "192.168.1.10"), ("--host", "::")):
        done = hub(site, *args)
        assert done.returncode == 2, done.stderr
        [line] = done.stderr.strip().splitlines()
        assert line.startswith("kiosk hub: [hub] public_url is not set in") and args[1] in line
    text = EXAMPLE.read_text(encoding="utf-8").replace('host = "127.0.0.1"', 'host = "0.0.0.0"')
    site.write_text(text, encoding="utf-8")
    done = hub(site)  # the bind address from the file
    assert done.returncode == 2 and "public_url is not set" in done.stderr
    assert not (tmp_path / "hub.sqlite3").exists()  # refused before the store was opened
