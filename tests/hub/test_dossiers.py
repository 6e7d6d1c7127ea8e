"""Dossier status through the real hub: masked answer, and on time / overdue by the hub's clock."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kiosk.device.hub_client import HubRefused
from kiosk.paths import asset

CODE = "H15.50.05.13-251010-0101"  # thường trú, due 21/10/2025 17:00, still being processed


@pytest.fixture
def dossier_hub(hub):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk",
            "catalog",
            "dossiers-import",
            str(asset("catalog", "dossiers.sample.csv")),
            "--db",
            str(hub.dossiers),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return hub


def test_answer_is_masked_and_follows_the_hub_clock(dossier_hub, clients):
    dossier_hub.set_time("2025-10-15T09:00:00+07:00")
    answer = clients.kiosk.get_json(f"/dossiers/{CODE.lower()}")
    assert answer["code"] == CODE
    assert answer["applicant"] == "Lê M*** C**"
    assert answer["timeliness"]["key"] == "on_time"
    text = str(answer)
    assert "001092011111" not in text and "0900000001" not in text and "Xóm Bến" not in text
    dossier_hub.set_time("2025-10-22T09:00:00+07:00")
    assert clients.kiosk.get_json(f"/dossiers/{CODE}")["timeliness"]["key"] == "overdue"


def test_invalid_code_is_not_echoed(dossier_hub, clients):
    with pytest.raises(HubRefused) as refused:
        clients.kiosk.get_json("/dossiers/<script>alert(1)")
    assert refused.value.code == "invalid_code"
    assert "script" not in refused.value.detail
