"""Sizes shared by every screen (pixels at font scale 1) and the two colour palettes.

.kv rules read colours from the app's current palette (``app.palette.TEXT``), so every
screen follows a switch between :data:`NORMAL` and :data:`HIGH_CONTRAST` without being
rebuilt. Things that are filled and carry text (buttons, tiles, messages, the idle banner)
name a :class:`Tone` instead of colours: ``app.palette.tones["primary"]``. Colours are RGBA
0-1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

Colour = tuple[float, float, float, float]

TITLE = 52
HEADING = 40
BODY = 32
SMALL = 26
TOUCH = 96  # the smallest button height; 44 px is the bare minimum, elderly hands need more
RADIUS = 18

# the normal palette's fills; the rating faces' discs keep them in every palette
PRIMARY: Colour = (0.043, 0.376, 0.659, 1)
ACCENT: Colour = (0.780, 0.118, 0.133, 1)  # the red of official seals, for the print action
OK: Colour = (0.082, 0.478, 0.227, 1)
OK_SOFT: Colour = (0.180, 0.545, 0.341, 1)  # the second-best face of a 5-level scale
WARN: Colour = (0.702, 0.361, 0.0, 1)
ERROR: Colour = (0.698, 0.106, 0.122, 1)
_CLEAR: Colour = (0, 0, 0, 0)
_ON_DARK: dict[str, Colour] = {  # the dark screens' text, the same in both palettes
    "ON_DARK_MUTED": (0.75, 0.82, 0.9, 1),
    "ON_DARK_STRONG": (1, 0.86, 0.25, 1),
    "ON_DARK_WARN": (1, 0.75, 0.3, 1),
}


@dataclass(frozen=True)
class Tone:
    """How one kind of filled thing looks: fill, fill while pressed, text, outline."""

    bg: Colour
    bg_down: Colour
    fg: Colour
    line: Colour = _CLEAR
    width: float = 1.0  # of the outline


@dataclass(frozen=True)
class Palette:
    """The colours of one theme. Fills: BACKGROUND (screens), SURFACE (cards, fields),
    SURFACE_DOWN (a pressed card), HEADER (title bars), NEUTRAL, ACCENT (a called counter
    on the hall display), OVERLAY (the spinner). Text: TEXT and TEXT_MUTED on the
    background and cards, ON_DARK on HEADER and the other dark fills, and the ``*_TEXT``
    colours for titles and states. The hall display and the rating screen's title bar stay
    dark in both palettes: ON_DARK_MUTED, ON_DARK_STRONG (called numbers) and ON_DARK_WARN
    are their text. LINE (LINE_WIDTH px) outlines fields, CARD_LINE cards."""

    name: str
    BACKGROUND: Colour
    SURFACE: Colour
    SURFACE_DOWN: Colour
    HEADER: Colour
    NEUTRAL: Colour
    ACCENT: Colour
    OVERLAY: Colour
    TEXT: Colour
    TEXT_MUTED: Colour
    ON_DARK: Colour
    ON_DARK_MUTED: Colour
    ON_DARK_STRONG: Colour
    ON_DARK_WARN: Colour
    HEADER_TEXT: Colour
    PRIMARY_TEXT: Colour
    ACCENT_TEXT: Colour
    OK_TEXT: Colour
    WARN_TEXT: Colour
    ERROR_TEXT: Colour
    LINE: Colour
    LINE_WIDTH: float
    CARD_LINE: Colour
    tones: Mapping[str, Tone]

    def hex(self, name: str) -> str:
        """Colour ``name`` as ``RRGGBB`` for ``[color=#…]`` markup."""
        return "".join(f"{round(c * 255):02X}" for c in getattr(self, name)[:3])


def _darker(colour: Colour) -> Colour:
    red, green, blue = (c * 0.75 for c in colour[:3])
    return (red, green, blue, 1)


def _normal() -> Palette:
    background = (0.955, 0.961, 0.969, 1)
    surface = (1, 1, 1, 1)
    header = (0.043, 0.310, 0.541, 1)  # deep blue
    primary, primary_down, accent = PRIMARY, (0.027, 0.251, 0.447, 1), ACCENT
    neutral, neutral_down = (0.863, 0.882, 0.906, 1), (0.718, 0.749, 0.792, 1)
    text, muted, white = (0.102, 0.114, 0.133, 1), (0.322, 0.353, 0.396, 1), (1, 1, 1, 1)
    teal, purple = (0.067, 0.455, 0.424, 1), (0.420, 0.263, 0.592, 1)

    def filled(colour: Colour, fg: Colour = white) -> Tone:
        return Tone(colour, _darker(colour), fg)

    tones = {
        "primary": Tone(primary, primary_down, white),
        "accent": Tone(accent, _darker(accent), white),
        "neutral": Tone(neutral, neutral_down, text),
        "light": Tone(surface, neutral, header),  # on a header bar
        "plain": Tone(surface, neutral, text, neutral_down, 1.2),  # keys, faces
        "outline": Tone(surface, neutral_down, primary, primary, 2),
        "selected": Tone(primary, neutral_down, white, primary, 2),
        "ok": filled(OK),
        "warn": filled(WARN),
        "dark": filled(header),
        "pending": Tone(primary_down, primary_down, white),
        "disabled": Tone(neutral, neutral, muted),
        "banner": Tone(WARN, WARN, white),
        # home and ticket tiles
        "tile.blue": filled(primary),
        "tile.teal": filled(teal),
        "tile.red": filled(accent),
        "tile.purple": filled(purple),
        "tile.closed": Tone(neutral_down, neutral_down, text),
        # MessageBox kinds
        "message.info": Tone(neutral, neutral, text),
        "message.ok": Tone((0.851, 0.941, 0.871, 1), surface, text),
        "message.warn": Tone((1.0, 0.925, 0.800, 1), surface, text),
        "message.error": Tone((0.992, 0.863, 0.867, 1), surface, text),
    }
    return Palette(
        name="normal",
        BACKGROUND=background,
        SURFACE=surface,
        SURFACE_DOWN=neutral,
        HEADER=header,
        NEUTRAL=neutral,
        ACCENT=accent,
        OVERLAY=(*text[:3], 0.92),
        TEXT=text,
        TEXT_MUTED=muted,
        ON_DARK=white,
        **_ON_DARK,
        HEADER_TEXT=header,
        PRIMARY_TEXT=primary,
        ACCENT_TEXT=accent,
        OK_TEXT=OK,
        WARN_TEXT=WARN,
        ERROR_TEXT=ERROR,
        LINE=primary,
        LINE_WIDTH=2,
        CARD_LINE=_CLEAR,
        tones=tones,
    )


def _high_contrast() -> Palette:
    """Black and near-black fills, white and yellow text (every text pair over 7:1, WCAG
    AAA), thick outlines on everything that can be touched."""
    black, card, pressed = (0, 0, 0, 1), (0.09, 0.09, 0.09, 1), (0.26, 0.26, 0.26, 1)
    white, muted = (1, 1, 1, 1), (0.85, 0.85, 0.85, 1)
    yellow, yellow_down = (1, 0.9, 0, 1), (0.75, 0.67, 0, 1)
    green, orange, red = (0.55, 1, 0.55, 1), (1, 0.72, 0.3, 1), (1, 0.62, 0.62, 1)
    grey = (0.62, 0.62, 0.62, 1)

    def outlined(fg: Colour, line: Colour = yellow) -> Tone:
        return Tone(black, pressed, fg, line, 4)

    def solid(bg: Colour, down: Colour) -> Tone:
        return Tone(bg, down, black, white, 4)

    tile = outlined(yellow)
    tones = {
        "primary": solid(yellow, yellow_down),
        "accent": solid(white, grey),
        "neutral": outlined(white, white),
        "light": outlined(yellow),
        "plain": outlined(white, white),
        "outline": outlined(yellow),
        "selected": solid(yellow, yellow_down),
        "ok": outlined(green, green),
        "warn": outlined(orange, orange),
        "dark": outlined(white, white),
        "pending": outlined(grey, grey),
        "disabled": Tone(black, black, grey, grey, 2),
        "banner": solid(yellow, yellow),
        "tile.blue": tile,
        "tile.teal": tile,
        "tile.red": tile,
        "tile.purple": tile,
        "tile.closed": Tone(black, black, grey, grey, 4),
        "message.info": outlined(white, white),
        "message.ok": outlined(white, green),
        "message.warn": outlined(white, orange),
        "message.error": outlined(white, red),
    }
    return Palette(
        name="contrast",
        BACKGROUND=black,
        SURFACE=card,
        SURFACE_DOWN=pressed,
        HEADER=card,
        NEUTRAL=pressed,
        ACCENT=(0.6, 0.05, 0.08, 1),
        OVERLAY=(0, 0, 0, 0.95),
        TEXT=white,
        TEXT_MUTED=muted,
        ON_DARK=white,
        **_ON_DARK,
        HEADER_TEXT=yellow,
        PRIMARY_TEXT=yellow,
        ACCENT_TEXT=yellow,
        OK_TEXT=green,
        WARN_TEXT=orange,
        ERROR_TEXT=red,
        LINE=yellow,
        LINE_WIDTH=4,
        CARD_LINE=white,
        tones=tones,
    )


NORMAL = _normal()
HIGH_CONTRAST = _high_contrast()
