"""The technician's way out of kiosk mode: a hidden gesture, then a PIN (no Kivy here).

Citizens cannot leave the app (no frame, no Escape). A technician taps the top-left
corner ``taps`` times within ``window_s`` seconds, which opens a PIN pad; the site's
``technician_pin`` (``[site]`` in the config) closes the app. Without a PIN configured
the gesture does nothing.
"""

from __future__ import annotations

import hmac


class CornerTaps:
    """Counts quick taps in the hidden corner; ``tap(t)`` is True when the gesture completes."""

    def __init__(self, taps: int = 5, window_s: float = 3.0) -> None:
        self.taps = taps
        self.window_s = window_s
        self._times: list[float] = []

    def tap(self, t: float) -> bool:
        self._times = [x for x in self._times if t - x <= self.window_s] + [t]
        if len(self._times) >= self.taps:
            self._times.clear()
            return True
        return False

    def reset(self) -> None:
        self._times.clear()


def pin_matches(entered: str, expected: str) -> bool:
    """Compare in constant time; an empty expected PIN never matches."""
    return bool(expected) and hmac.compare_digest(entered.encode(), expected.encode())
