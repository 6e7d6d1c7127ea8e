"""The house rules as an import contract (``[tool.importlinter]`` in pyproject.toml): two
towers, hub -> queue -> store and ui -> device -> devices, on api/, config and catalog;
the device side never loads FastAPI, uvicorn, psycopg or the store; no package cycles."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_import_contract_holds() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_a_device_process_loads_no_hub_stack() -> None:
    """Measured in a fresh interpreter: the device service and the Kivy app's modules."""
    code = (
        "import os, sys; os.environ['KIVY_NO_ARGS'] = '1'\n"
        "import kiosk.device.service, kiosk.ui.screens.base\n"
        "bad = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'fastapi', 'starlette', 'uvicorn', 'psycopg', 'psycopg_pool'})\n"
        "bad += sorted(m for m in sys.modules if m.startswith(('kiosk.hub', 'kiosk.store', "
        "'kiosk.queue')))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == ""
