"""Property-based fuzzing of the live hub from its own OpenAPI schema (schemathesis).

The admin token reaches every operation; the kiosk, counter and rating tokens are run on
the operations their role may call (and are refused the rest with a documented 403).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.hub.conftest import token


def run_schemathesis(hub, tmp_path: Path, device: str, max_time: int, *only: str) -> None:
    """One bounded fixed-seed run with ``device``'s token; ``only``: path regexes."""
    schemathesis = Path(sys.executable).with_name("schemathesis")
    paths = [arg for regex in only for arg in ("--include-path-regex", regex)]
    result = subprocess.run(
        [
            str(schemathesis),
            "run",
            f"{hub.url}/api/v1/openapi.json",
            "-H",
            f"Authorization: Bearer {token(device)}",
            "--exclude-path",
            "/api/v1/events",
            *paths,
            "--max-examples",
            "15",
            "--seed",
            "7",
            "--max-time",
            str(max_time),
            "--request-timeout",
            "5",
            "--output-sanitize",
            "false",
            "--report-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=max_time + 100,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-6000:]
    assert " passed" in result.stdout
    assert "Traceback" not in hub.log.read_text()


@pytest.mark.xfail(
    strict=False,
    reason="open: the federation batch accepts some schema-violating bodies (issue 17)",
)
def test_schemathesis_finds_no_failure(hub, tmp_path):
    """Every operation but the endless event stream, all checks, with the admin token
    (shorter on PostgreSQL: the same validation runs before either store is reached)."""
    run_schemathesis(hub, tmp_path, "admin", 12 if hub.postgres else 30)


@pytest.mark.sqlite_only  # the roles' refusals are the hub's, whatever its store
@pytest.mark.parametrize(
    ("device", "only"),
    [
        ("kiosk-1", (r"^/api/v1/(tickets|ratings|services|procedures|dossiers)",)),
        ("counter-3", (r"^/api/v1/counters",)),
        ("rating-1", (r"^/api/v1/(ratings|devices)",)),
    ],
)
def test_schemathesis_with_device_tokens(hub, tmp_path, device, only):
    run_schemathesis(hub, tmp_path, device, 6, *only)
