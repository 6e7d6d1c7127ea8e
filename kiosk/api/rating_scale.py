"""Satisfaction scales: 3 levels by default, 4 or 5 by site setting; higher is better."""

from __future__ import annotations

from kiosk import i18n

# level -> its word in the word table (kiosk/i18n.py, "rating.level.*"), best first.
SCALES: dict[int, dict[int, str]] = {
    3: {3: "very_satisfied", 2: "satisfied", 1: "not_satisfied"},
    4: {4: "very_satisfied", 3: "satisfied", 2: "not_quite", 1: "not_satisfied"},
    5: {
        5: "very_satisfied",
        4: "satisfied",
        3: "neutral",
        2: "not_satisfied",
        1: "very_dissatisfied",
    },
}


def level_label(scale: int, level: int, lang: str) -> str:
    """What ``level`` of a ``scale``-level survey says, in ``lang``."""
    return i18n.tr(f"rating.level.{SCALES[scale][level]}", lang)


def is_unsatisfied(level: int, scale: int) -> bool:
    """The levels after which the citizen is offered the reasons step."""
    return level <= (1 if scale == 3 else 2)
