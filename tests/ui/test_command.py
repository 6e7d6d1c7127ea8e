"""`kiosk app` as a process: it starts a window against the hub and keeps a catalog copy."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import wait_for
from tests.ui.conftest import DEVICE

pytestmark = pytest.mark.ui


def test_kiosk_app_runs_against_the_hub(tmp_path: Path, site_file: Path, hub) -> None:
    """It also tells systemd it is ready and feeds the watchdog from the UI thread."""
    cache = tmp_path / "cache"
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(tmp_path / "notify.sock"))
    notify.settimeout(0.1)
    env = {**os.environ, "NOTIFY_SOCKET": str(tmp_path / "notify.sock"), "WATCHDOG_USEC": "600000"}
    cmd = [sys.executable, "-m", "kiosk", "app", "--role", "lookup", "--config", str(site_file),
           "--device", DEVICE, "--hub", hub.url, "--cache-dir", str(cache), "--windowed",
           "--size", "540x960"]  # fmt: skip
    proc = subprocess.Popen(
        cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env
    )

    def cached() -> bool:
        assert proc.poll() is None, proc.stdout.read().decode()
        return (cache / "catalog.json").exists()

    try:
        wait_for(cached, 20, "the app to cache the catalog")
        messages: list[bytes] = []
        deadline = time.monotonic() + 10
        while messages.count(b"WATCHDOG=1") < 2 and time.monotonic() < deadline:
            with contextlib.suppress(TimeoutError):
                messages.append(notify.recv(64))
        assert b"READY=1" in messages
        assert messages.count(b"WATCHDOG=1") >= 2
        assert proc.poll() is None  # still running: the window is up
    finally:
        proc.terminate()
        proc.wait(10)
        notify.close()


def test_kiosk_app_refuses_a_role_the_device_cannot_run(site_file: Path) -> None:
    cmd = [sys.executable, "-m", "kiosk", "app", "--role", "counter", "--config", str(site_file),
           "--device", DEVICE, "--windowed"]  # fmt: skip
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "cannot run 'counter'" in result.stderr
