"""Decode an ESC/POS byte stream and draw it as a strip of thermal paper (PIL image).

Understands the commands the kiosk emits: text with size/bold/alignment,
user-defined characters (``ESC &``/``ESC %``), raster images (``GS v 0``),
native QR codes (``GS ( k``, drawn with the qrcode library), feeds and cuts.
Anything else raises :class:`EscposDecodeError` with its offset, so a job the
simulator cannot read is never shown as if it printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import qrcode
from PIL import Image, ImageChops, ImageDraw, ImageOps

from kiosk.devices.escpos_glyphs import CELL_W, glyph_cell

PAPER = (251, 249, 242)
INK = (35, 35, 45)
MARGIN = 16
LINE_SPACING = 30  # dots fed by a line with no taller characters (ESC 2 default)
_QR_EC = {48: qrcode.constants.ERROR_CORRECT_L, 49: qrcode.constants.ERROR_CORRECT_M}
_QR_EC |= {50: qrcode.constants.ERROR_CORRECT_Q, 51: qrcode.constants.ERROR_CORRECT_H}


class EscposDecodeError(ValueError):
    """The stream holds a command this renderer does not know, or ends mid-command."""


@dataclass
class _Style:
    align: int = 0
    width: int = 1
    height: int = 1
    bold: bool = False
    user_chars: bool = False


@dataclass
class Rendered:
    """What a stream printed: the paper image plus a log of printed items for tests."""

    image: Image.Image
    events: list[tuple] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [e[1] for e in self.events if e[0] == "text"]

    def of_kind(self, kind: str) -> list[tuple]:
        return [e for e in self.events if e[0] == kind]


def _user_glyph(columns: bytes, x: int, y: int) -> Image.Image:
    """A downloaded character: ``x`` columns of ``y`` bytes, MSB on top (ESC &)."""
    cell = Image.new("1", (CELL_W, 8 * y), 0)
    for col in range(x):
        for row in range(8 * y):
            if columns[col * y + row // 8] & (0x80 >> (row % 8)):
                cell.putpixel((col, row), 1)
    return cell


class _Decoder:
    def __init__(self, data: bytes, width_dots: int) -> None:
        self.data, self.i, self.width = data, 0, width_dots
        self.style = _Style()
        self.blocks: list[tuple[Image.Image, int]] = []  # (1-bit image, align)
        self.line: list[Image.Image] = []
        self.line_text: list[str] = []
        self.user: dict[int, Image.Image] = {}
        self.qr: dict[int, bytes] = {}
        self.events: list[tuple] = []

    def take(self, n: int) -> bytes:
        if self.i + n > len(self.data):
            raise EscposDecodeError(f"stream ends inside a command at byte {self.i}")
        chunk = self.data[self.i : self.i + n]
        self.i += n
        return chunk

    def feed(self, dots: int) -> None:
        if dots:
            self.blocks.append((Image.new("1", (1, dots), 0), 0))

    def flush_line(self, empty_advance: bool = True) -> None:
        s = self.style
        if not self.line:
            if empty_advance:
                self.feed(max(LINE_SPACING, 24 * s.height + 6))
            return
        height = max(g.height for g in self.line)
        row = Image.new("1", (sum(g.width for g in self.line), max(LINE_SPACING, height + 6)), 0)
        x = 0
        for g in self.line:
            row.paste(g, (x, height - g.height))
            x += g.width
        self.blocks.append((row, s.align))
        self.events.append(("text", "".join(self.line_text), s.width, s.height, s.bold))
        self.line, self.line_text = [], []

    def char(self, code: int) -> None:
        s = self.style
        glyph = self.user.get(code) if s.user_chars else None
        if glyph is None:
            glyph = glyph_cell(chr(code), s.bold)
        elif s.bold:  # emphasis: the printer strikes each dot twice, one dot apart
            glyph = ImageChops.logical_or(glyph, ImageChops.offset(glyph, 1, 0))
        glyph = glyph.resize((CELL_W * s.width, glyph.height * s.height), Image.Resampling.NEAREST)
        if sum(g.width for g in self.line) + glyph.width > self.width:
            self.flush_line()  # the printer wraps at the paper's edge
        self.line.append(glyph)
        self.line_text.append("\ufffd" if s.user_chars and code in self.user else chr(code))

    def run(self) -> None:
        while self.i < len(self.data):
            b = self.take(1)[0]
            if b == 0x0A:
                self.flush_line()
            elif 0x20 <= b <= 0x7E:
                self.char(b)
            elif b == 0x1B:
                self.esc(self.take(1))
            elif b == 0x1D:
                self.gs(self.take(1))
            elif b == 0x10 and self.take(1) == b"\x04":
                self.take(1)  # DLE EOT n: real-time status query, prints nothing
            else:
                raise EscposDecodeError(f"unknown byte 0x{b:02x} at {self.i - 1}")
        self.flush_line(empty_advance=False)

    def esc(self, cmd: bytes) -> None:
        s = self.style
        if cmd == b"@":
            self.style, self.user = _Style(), {}
        elif cmd == b"a":
            s.align = min(self.take(1)[0] % 48, 2)
        elif cmd == b"!":
            n = self.take(1)[0]
            s.bold, s.height, s.width = bool(n & 8), 2 if n & 16 else 1, 2 if n & 32 else 1
        elif cmd == b"E":
            s.bold = bool(self.take(1)[0] & 1)
        elif cmd in (b"t", b"M"):
            self.take(1)
        elif cmd == b"J":
            self.flush_line(empty_advance=False)
            self.feed(self.take(1)[0])
        elif cmd == b"d":
            self.flush_line(empty_advance=False)
            self.feed(self.take(1)[0] * LINE_SPACING)
        elif cmd == b"%":
            s.user_chars = bool(self.take(1)[0] & 1)
        elif cmd == b"?":
            self.user.pop(self.take(1)[0], None)
        elif cmd == b"&":
            y, c1, c2 = self.take(3)
            for code in range(c1, c2 + 1):
                x = self.take(1)[0]
                self.user[code] = _user_glyph(self.take(x * y), x, y)
            self.events.append(("user_chars", c2 - c1 + 1))
        else:
            raise EscposDecodeError(f"unknown command ESC {cmd!r} at {self.i - 2}")

    def gs(self, cmd: bytes) -> None:
        if cmd == b"!":
            n = self.take(1)[0]
            self.style.width, self.style.height = (n >> 4) + 1, (n & 15) + 1
        elif cmd == b"v":
            self.raster()
        elif cmd == b"(":
            if self.take(1) != b"k":
                raise EscposDecodeError(f"unknown command GS ( at {self.i - 3}")
            self.code_2d()
        elif cmd == b"V":
            m = self.take(1)[0]
            if m in (65, 66):
                self.take(1)
            self.flush_line(empty_advance=False)
            self.blocks.append((Image.new("1", (1, 1), 0), -1))
            self.events.append(("cut", m))
        else:
            raise EscposDecodeError(f"unknown command GS {cmd!r} at {self.i - 2}")

    def raster(self) -> None:
        if self.take(1) != b"0":
            raise EscposDecodeError(f"unknown GS v variant at {self.i - 1}")
        m, xl, xh, yl, yh = self.take(5)
        xb, y = xl + 256 * xh, yl + 256 * yh
        img = Image.frombytes("1", (8 * xb, y), self.take(xb * y))
        scale_x, scale_y = (2 if m & 1 else 1), (2 if m & 2 else 1)
        img = img.resize((img.width * scale_x, img.height * scale_y), Image.Resampling.NEAREST)
        self.flush_line(empty_advance=False)
        self.blocks.append((img, self.style.align))
        self.events.append(("raster", xb, y, m))

    def code_2d(self) -> None:
        pl, ph, cn, fn = self.take(4)
        params = self.take(pl + 256 * ph - 2)
        if cn != 49:  # only QR (cn '1') is emitted by the kiosk
            raise EscposDecodeError(f"unsupported 2D code type {cn} at {self.i}")
        self.qr[fn] = params
        if fn != 81:
            return
        data = self.qr.get(80, b"00")[1:]
        code = qrcode.QRCode(
            border=0,
            box_size=self.qr.get(67, b"\x03")[0],
            error_correction=_QR_EC[self.qr.get(69, b"0")[0]],
        )
        code.add_data(data)
        img = code.make_image().get_image().convert("L")
        self.flush_line(empty_advance=False)
        self.blocks.append((ImageOps.invert(img).convert("1"), self.style.align))
        self.events.append(("qr", data.decode("utf-8", "replace")))


def render(data: bytes, width_dots: int) -> Rendered:
    """Draw ``data`` on paper ``width_dots`` wide (384 for 58 mm, 576 for 80 mm)."""
    d = _Decoder(data, width_dots)
    d.run()
    cut_gap = 24
    height = sum(cut_gap if align < 0 else img.height for img, align in d.blocks)
    printed = Image.new("1", (width_dots, max(height, 1)), 0)
    cuts, y = [], 0
    for img, align in d.blocks:
        if align < 0:
            cuts.append(y + cut_gap // 2)
            y += cut_gap
            continue
        if img.width > width_dots:
            raise EscposDecodeError(f"a {img.width}-dot line is wider than {width_dots} dots")
        printed.paste(img, ([0, (width_dots - img.width) // 2, width_dots - img.width][align], y))
        y += img.height
    page = Image.new("RGB", (width_dots + 2 * MARGIN, printed.height + 2 * MARGIN), PAPER)
    page.paste(INK, (MARGIN, MARGIN, MARGIN + width_dots, MARGIN + printed.height), printed)
    draw = ImageDraw.Draw(page)
    for cut_y in cuts:  # a cut: dashed line across the strip
        for x in range(0, page.width, 12):
            draw.line([(x, MARGIN + cut_y), (x + 6, MARGIN + cut_y)], fill=(150, 150, 150), width=2)
    return Rendered(page, d.events)
