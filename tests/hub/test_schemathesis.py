"""Property-based fuzzing of the live hub from its own OpenAPI schema (schemathesis)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.hub.conftest import token


def test_schemathesis_finds_no_failure(hub, tmp_path):
    """Every operation but the endless event stream, all checks, a bounded fixed-seed run
    (shorter on PostgreSQL: the same validation runs before either store is reached)."""
    schemathesis = Path(sys.executable).with_name("schemathesis")
    result = subprocess.run(
        [
            str(schemathesis),
            "run",
            f"{hub.url}/api/v1/openapi.json",
            "-H",
            f"Authorization: Bearer {token('admin')}",
            "--exclude-path",
            "/api/v1/events",
            "--max-examples",
            "15",
            "--seed",
            "7",
            "--max-time",
            "12" if hub.postgres else "30",
            "--request-timeout",
            "5",
            "--report-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=150,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-6000:]
    assert " passed" in result.stdout
    assert "Traceback" not in hub.log.read_text()
