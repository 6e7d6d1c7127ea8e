"""Colours and sizes shared by every screen (RGBA 0-1; sizes in pixels at font scale 1)."""

from __future__ import annotations

BACKGROUND = (0.955, 0.961, 0.969, 1)
SURFACE = (1, 1, 1, 1)
HEADER = (0.043, 0.310, 0.541, 1)  # deep blue
PRIMARY = (0.043, 0.376, 0.659, 1)
PRIMARY_DOWN = (0.027, 0.251, 0.447, 1)
ACCENT = (0.780, 0.118, 0.133, 1)  # the red of official seals, for the print action
ACCENT_DOWN = (0.580, 0.078, 0.094, 1)
NEUTRAL = (0.863, 0.882, 0.906, 1)
NEUTRAL_DOWN = (0.718, 0.749, 0.792, 1)
TEXT = (0.102, 0.114, 0.133, 1)
TEXT_MUTED = (0.322, 0.353, 0.396, 1)
ON_DARK = (1, 1, 1, 1)
OK = (0.082, 0.478, 0.227, 1)
OK_SOFT = (0.180, 0.545, 0.341, 1)  # the second-best face of a 5-level scale
WARN = (0.702, 0.361, 0.0, 1)
ERROR = (0.698, 0.106, 0.122, 1)
OVERLAY = (0.102, 0.114, 0.133, 0.92)

TITLE = 52
HEADING = 40
BODY = 32
SMALL = 26
TOUCH = 96  # the smallest button height; 44 px is the bare minimum, elderly hands need more
RADIUS = 18
