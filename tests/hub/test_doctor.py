"""`kiosk doctor` on the example site against a real hub: ready, or one line per failure."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.commands.doctor import public_url_checks, timezone_check
from kiosk.config import HubSettings
from tests.helpers import free_port
from tests.hub.hubproc import HubProcess

EXAMPLE = Path(__file__).resolve().parents[2] / "assets" / "site.example.toml"


@pytest.fixture
def example_hub(tmp_path: Path) -> Iterator[HubProcess]:
    process = HubProcess(EXAMPLE, tmp_path / "hub.sqlite3", tmp_path / "clock.txt")
    process.set_time("")
    process.start()
    yield process
    process.stop()


def doctor(*args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "KIOSK_DEVICE"} | env
    cmd = [sys.executable, "-m", "kiosk", "doctor", "--config", str(EXAMPLE), *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=environ)


def failures(done: subprocess.CompletedProcess) -> list[str]:
    return [line.strip() for line in done.stdout.splitlines() if line.strip().startswith("FAIL")]


def test_the_example_site_is_ready_against_its_hub(example_hub):
    done = doctor("--hub", example_hub.url)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert failures(done) == []
    for line in ("display-1 (display): media", "reachable: Bộ phận Một cửa", "clock skew"):
        assert line in done.stdout


def test_a_hub_that_is_down_is_one_failed_line():
    done = doctor("--hub", f"http://127.0.0.1:{free_port()}")
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert len(failures(done)) == 1 and "hub unreachable" in failures(done)[0]


def test_clock_skew_against_the_hub_fails(example_hub):
    example_hub.set_time("2020-01-01T09:00:00+07:00")
    done = doctor("--hub", example_hub.url)
    assert done.returncode == 1
    assert len(failures(done)) == 1 and "clock skew" in failures(done)[0]


def test_only_the_named_device_is_probed(example_hub):
    done = doctor("--hub", example_hub.url, KIOSK_DEVICE="counter-2")
    assert done.returncode == 0, done.stdout
    assert "counter-2 (counter): led_board" in done.stdout and "kiosk-1" not in done.stdout
    done = doctor("--hub", example_hub.url, "--device", "nobody")
    assert done.returncode == 1
    assert failures(done) == [f"FAIL no device 'nobody' in {EXAMPLE} (known: kiosk-1, "
                              "display-1, counter-1, counter-2, counter-3, rating-1, rating-2, "
                              "admin)"]  # fmt: skip


def test_public_url_must_be_set_on_a_lan_and_not_be_loopback():
    [(ok, line)] = public_url_checks(HubSettings(host="0.0.0.0"))
    assert not ok and "not set while the hub listens on 0.0.0.0" in line
    [(ok, line)] = public_url_checks(
        HubSettings(host="0.0.0.0", public_url="http://localhost:8600")
    )
    assert not ok and "loopback" in line
    [(ok, _line)] = public_url_checks(HubSettings(host="127.0.0.1"))
    assert ok  # the demo: the hub only listens on loopback


def test_time_zone_says_the_time_there_and_here():
    ok, line = timezone_check("Asia/Ho_Chi_Minh", now=1_700_000_000)  # 05:13 +07 on 15 Nov
    assert ok and line.startswith("05:13 there (+07)")
    ok, line = timezone_check("Asia/Hanoi_Old")
    assert not ok and "not a time zone" in line
