"""Satisfaction scales: 3 levels by default, 4 or 5 by site setting; higher is better."""

from __future__ import annotations

from kiosk.api.models import RatingReason

# level -> (Vietnamese, English), best first, per scale size.
SCALES: dict[int, dict[int, tuple[str, str]]] = {
    3: {
        3: ("Rất hài lòng", "Very satisfied"),
        2: ("Hài lòng", "Satisfied"),
        1: ("Không hài lòng", "Not satisfied"),
    },
    4: {
        4: ("Rất hài lòng", "Very satisfied"),
        3: ("Hài lòng", "Satisfied"),
        2: ("Chưa hài lòng", "Not quite satisfied"),
        1: ("Không hài lòng", "Not satisfied"),
    },
    5: {
        5: ("Rất hài lòng", "Very satisfied"),
        4: ("Hài lòng", "Satisfied"),
        3: ("Bình thường", "Neutral"),
        2: ("Không hài lòng", "Not satisfied"),
        1: ("Rất không hài lòng", "Very dissatisfied"),
    },
}

REASON_LABELS: dict[RatingReason, tuple[str, str]] = {
    RatingReason.ATTITUDE: ("Thái độ phục vụ", "Staff attitude"),
    RatingReason.WAITING_TIME: ("Thời gian chờ", "Waiting time"),
    RatingReason.UNCLEAR_GUIDANCE: ("Hướng dẫn chưa rõ", "Unclear guidance"),
    RatingReason.COMPLEX_PROCEDURE: ("Thủ tục phức tạp", "Complicated procedure"),
    RatingReason.OTHER: ("Khác", "Other"),
}


def is_unsatisfied(level: int, scale: int) -> bool:
    """The levels after which the citizen is offered the reasons step."""
    return level <= (1 if scale == 3 else 2)
