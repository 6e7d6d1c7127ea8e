"""Write mixed Vietnamese/ASCII lines as ESC/POS without relying on a Vietnamese code page.

A pure ASCII line (numbers, times, English) goes as printer text, one byte a
character. A line whose words need diacritics either prints as text with its
accented letters downloaded as user-defined characters (mode "glyphs", see
:mod:`kiosk.devices.escpos_glyphs`), or is drawn with the bundled Roboto font
into a 1-bit image cropped to its ink and sent with ``GS v 0`` (mode "raster",
also the fallback when a line has too many distinct letters for glyphs).
python-escpos's :class:`~escpos.printer.Dummy` encodes every command.
"""

from __future__ import annotations

import copy
import math
import textwrap
import unicodedata

from escpos.capabilities import BaseProfile, get_profile
from escpos.printer import Dummy
from PIL import Image, ImageDraw

from kiosk.devices.escpos_glyphs import INK_THRESHOLD, GlyphSet, font

FONT_A_DOTS = 12  # width of one printer Font A character (12x24 dots)
LINE_GAP_DOTS = 6  # white space fed between two image lines
MODES = ("glyphs", "raster")


def is_printer_text(text: str) -> bool:
    """True when every character is printable ASCII (safe in any code page)."""
    return all(" " <= ch <= "~" for ch in text)


def render_line(text: str, size: int, bold: bool = False) -> Image.Image:
    """Draw one line as a 1-bit image, black ink on white, cropped to its ink."""
    text = unicodedata.normalize("NFC", text)
    f = font(size, bold)
    left, top, right, bottom = f.getbbox(text)
    # FreeTypeFont.getbbox is typed as floats (it may be with a fractional stroke); ours are ints
    grey = Image.new("L", (math.ceil(right - left) + 4, math.ceil(bottom - top) + 4), 0)
    ImageDraw.Draw(grey).text((2 - left, 2 - top), text, font=f, fill=255)
    ink = grey.point(lambda v: 255 if v >= INK_THRESHOLD else 0)
    box = ink.getbbox()
    if box is None:
        return Image.new("1", (1, 1), 1)
    return ink.crop(box).point(lambda v: 255 - v).convert("1")


def wrap_pixels(text: str, size: int, bold: bool, max_width: int) -> list[str]:
    """Split ``text`` into lines no wider than ``max_width`` pixels in the given font."""
    f = font(size, bold)
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and f.getlength(candidate) <= max_width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines or [""]


def kiosk_profile(name: str, width_dots: int) -> BaseProfile:
    """An escpos printer profile with the paper width set (images are checked against it)."""
    base = get_profile(name)
    data = copy.deepcopy(base.profile_data)
    data["media"]["width"]["pixels"] = width_dots
    return type(f"Kiosk{type(base).__name__}", (BaseProfile,), {"profile_data": data})()


class SlipWriter:
    """Build one print job: lines of text, big numbers, a native QR code, a cut.

    ``vietnamese`` says how lines with diacritics print: ``"glyphs"`` downloads
    their accented letters as user-defined characters (smallest job),
    ``"raster"`` draws each such line as an image (works on any raster printer).
    """

    def __init__(self, width_dots: int, profile: str = "default", vietnamese: str = "glyphs"):
        if vietnamese not in MODES:
            raise ValueError(f"vietnamese must be one of {MODES}, not {vietnamese!r}")
        self.width = width_dots
        self.vietnamese = vietnamese
        self.glyphs = GlyphSet()
        self.p = Dummy()
        self.p.profile = kiosk_profile(profile, width_dots)
        self.p.hw("INIT")

    def align(self, where: str) -> None:
        self.p.set(align=where)

    def _size(self, scale: int, bold: bool) -> None:
        self.p.set(custom_size=True, width=scale, height=scale, bold=bold)

    def text(self, text: str, scale: int = 1, bold: bool = False) -> None:
        """ASCII text at ``scale`` x ``scale`` (1-8), wrapped to the paper width."""
        if not is_printer_text(text):
            raise ValueError(f"not printable ASCII: {text!r}")
        self._size(scale, bold)
        self.p.text("\n".join(self._wrap(text, scale)) + "\n")
        if scale != 1 or bold:
            self._size(1, False)

    def _wrap(self, text: str, scale: int) -> list[str]:
        columns = max(1, self.width // (FONT_A_DOTS * scale))
        indent = text[: len(text) - len(text.lstrip(" "))]
        return textwrap.wrap(text, columns, subsequent_indent=indent) or [""]

    def image(self, img: Image.Image, indent_dots: int = 0) -> None:
        """One raster image (``GS v 0``), shifted right by ``indent_dots``."""
        if img.width > self.width:  # one word wider than the paper: shrink it to fit
            img = img.resize((self.width, max(1, img.height * self.width // img.width)))
            indent_dots = 0
        if indent_dots:
            padded = Image.new("1", (img.width + indent_dots, img.height), 1)
            padded.paste(img, (indent_dots, 0))
            img = padded
        self.p.image(img, impl="bitImageRaster")
        self.feed_dots(LINE_GAP_DOTS)

    def line(self, text: str, size: int = 18, bold: bool = False) -> None:
        """A line of Vietnamese or English, wrapped to the paper width.

        ASCII lines and (in glyph mode) Vietnamese lines go as printer text, at
        double size when ``size`` >= 22; other lines as raster images drawn at
        ``size`` dots. Leading spaces indent the line.
        """
        scale = 2 if size >= 22 else 1
        if is_printer_text(text):
            self.text(text, scale, bold)
        elif not (self.vietnamese == "glyphs" and self._glyph_line(text, scale, bold)):
            indent = len(text) - len(text.lstrip(" "))
            for part in wrap_pixels(text, size, bold, self.width - indent * FONT_A_DOTS):
                self.image(render_line(part, size, bold), indent * FONT_A_DOTS)

    def _glyph_line(self, text: str, scale: int, bold: bool) -> bool:
        encoded = self.glyphs.encode(text)
        if encoded is None:
            return False
        self.p._raw(encoded[0])
        self._size(scale, bold)
        self.p._raw(b"\x1b%\x01")
        for part in self._wrap(unicodedata.normalize("NFC", text), scale):
            # A part's letters are a subset of the line's, all downloaded just now.
            part_encoded = self.glyphs.encode(part)
            if part_encoded is None:
                raise RuntimeError(f"a part of a line encoded with glyphs did not: {part!r}")
            self.p._raw(part_encoded[1] + b"\n")
        self.p._raw(b"\x1b%\x00")
        if scale != 1 or bold:
            self._size(1, False)
        return True

    def big(self, text: str, scale: int = 4) -> None:
        """The ticket number: bold printer text at ``scale`` x ``scale``."""
        self.text(text, scale, bold=True)

    def qr(self, url: str, dot_size: int) -> None:
        """A QR code drawn by the printer itself (``GS ( k``)."""
        self.p.qr(url, native=True, size=dot_size)
        self.p.ln()

    def feed_dots(self, dots: int) -> None:
        """Feed paper by ``dots`` (ESC J)."""
        self.p._raw(b"\x1bJ" + bytes([dots]))

    def rule(self) -> None:
        """A dashed separator in printer text."""
        self.p.text("-" * (self.width // FONT_A_DOTS) + "\n")

    def finish(self) -> bytes:
        """Feed, cut (when the profile can) and return the whole job."""
        self.p.cut()
        return self.p.output
