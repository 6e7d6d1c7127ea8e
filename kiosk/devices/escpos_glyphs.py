"""Vietnamese letters as downloaded printer characters (``ESC &`` / ``ESC %``).

A ticket uses about twenty distinct accented letters. Each is drawn once into
a 12x24 Font A cell with the bundled font and downloaded to the printer under
a spare ASCII code (37 bytes); the line is then sent as printer text, one byte
a letter, at any printer text size. The spare codes are ones Vietnamese does
not write (f j w z and rare symbols); they are only active (``ESC % 1``) while
a line that uses them prints, and are reused once a line no longer needs them.
"""

from __future__ import annotations

import functools
import unicodedata

from PIL import Image, ImageDraw, ImageFont

from kiosk.paths import asset

INK_THRESHOLD = 110  # grey level (0-255) from which an anti-aliased pixel prints
CELL_W, CELL_H, BASELINE = 12, 24, 20  # Font A cell; rows 0-19 above the baseline
SPARE_CODES = tuple(b"fjwzFJWZ#$%&*+<=>@[\\]^_`{|}~")
ESC = b"\x1b"


@functools.cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The bundled Unicode font (Roboto) at ``size`` pixels."""
    name = "Roboto-Bold.ttf" if bold else "Roboto-Regular.ttf"
    return ImageFont.truetype(str(asset("fonts", name)), size)


@functools.cache
def glyph_cell(ch: str, bold: bool = False, size: int = 18) -> Image.Image:
    """``ch`` drawn into a 12x24 1-bit cell (ink = 1) on the Font A baseline.

    A letter too wide or too tall for the cell (stacked marks on a capital) is
    squeezed to fit rather than clipped.
    """
    base = CELL_H + 4  # baseline row on a canvas with room all round
    canvas = Image.new("L", (3 * CELL_W, 2 * CELL_H), 0)
    ImageDraw.Draw(canvas).text((CELL_W, base), ch, font=font(size, bold), fill=255, anchor="ls")
    ink = canvas.point(lambda v: 255 if v >= INK_THRESHOLD else 0)
    cell = Image.new("L", (CELL_W, CELL_H), 0)
    box = ink.getbbox()
    if box is not None:
        top = min(box[1], base - BASELINE)
        bottom = max(box[3], base - BASELINE + CELL_H)
        part = ink.crop((box[0], top, box[2], bottom))
        if part.size != (min(part.width, CELL_W - 1), CELL_H):
            squeezed = (min(part.width, CELL_W - 1), CELL_H)
            part = part.resize(squeezed, Image.Resampling.LANCZOS)
            part = part.point(lambda v: 255 if v >= 128 else 0)
        cell.paste(part, ((CELL_W - part.width) // 2, 0))
    return cell.convert("1")


def column_bytes(cell: Image.Image) -> bytes:
    """A cell in ESC & column format: 12 columns of 3 bytes, top bit first."""
    return cell.transpose(Image.Transpose.TRANSPOSE).tobytes()


class GlyphSet:
    """Which spare code holds which accented letter, over one print job."""

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}

    def encode(self, text: str) -> tuple[bytes, bytes] | None:
        """(commands to send before the line, the line's bytes), or None if it cannot.

        The commands cancel downloads whose code the line prints as itself
        (``ESC ?``) and download its new letters (``ESC &``), reusing the codes
        of letters this line does not need. None means the line alone needs more
        letters than there are spare codes; the caller then draws it as an image.
        """
        text = unicodedata.normalize("NFC", text)
        plain = {ord(ch) for ch in text if " " <= ch <= "~"}
        needed = dict.fromkeys(ch for ch in text if not " " <= ch <= "~")
        codes = {ch: c for ch, c in self.codes.items() if c not in plain}
        cancel = [c for c in self.codes.values() if c in plain]
        new: dict[str, int] = {}
        for ch in needed:
            if ch in codes:
                continue
            taken = set(codes.values())
            free = [c for c in SPARE_CODES if c not in taken and c not in plain]
            if not free:
                idle = [other for other in codes if other not in needed]
                if not idle:
                    return None
                free = [codes.pop(idle[0])]
            codes[ch] = new[ch] = free[0]
        self.codes = codes
        commands = b"".join(ESC + b"?" + bytes([c]) for c in cancel) + _define(new)
        return commands, bytes(codes[ch] if ch in codes else ord(ch) for ch in text)


def _define(new: dict[str, int]) -> bytes:
    """``ESC & 3 c1 c2`` commands for the new glyphs, one per run of consecutive codes."""
    by_code = sorted((code, ch) for ch, code in new.items())
    out = bytearray()
    run: list[tuple[int, str]] = []
    for code, ch in [*by_code, (-1, "")]:  # the sentinel flushes the last run
        if run and code != run[-1][0] + 1:
            out += ESC + b"&\x03" + bytes([run[0][0], run[-1][0]])
            for _, c in run:
                out += bytes([CELL_W]) + column_bytes(glyph_cell(c))
            run = []
        run.append((code, ch))
    return bytes(out)
