"""Where the project's shipped files live (assets/ beside the package)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"


def asset(*parts: str) -> Path:
    """Path of a shipped asset, e.g. ``asset("fonts", "Roboto-Regular.ttf")``."""
    return ASSETS.joinpath(*parts)
