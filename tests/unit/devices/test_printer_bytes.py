"""The exact ESC/POS bytes of tickets and checklists, and the paper renderer that reads them."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from escpos.constants import GS, HW_INIT, PAPER_FULL_CUT
from PIL import Image

from kiosk.devices.escpos_glyphs import SPARE_CODES, GlyphSet, column_bytes, glyph_cell
from kiosk.devices.escpos_render import EscposDecodeError, render
from kiosk.devices.escpos_text import SlipWriter
from kiosk.devices.escpos_ticket import checklist_bytes, ticket_bytes
from kiosk.devices.slips import sample_checklist, sample_ticket

WIDTHS = (384, 576)
RASTER = re.compile(rb"\x1dv0(.)(.)(.)(.)(.)", re.S)


def rasters(data: bytes) -> list[tuple[int, int]]:
    """(width in bytes, height) of every GS v 0 image, read from the headers."""
    return [(m[2][0] + 256 * m[3][0], m[4][0] + 256 * m[5][0]) for m in RASTER.finditer(data)]


def qr_command(url: str) -> bytes:
    body = b"1P0" + url.encode()
    return GS + b"(k" + len(body).to_bytes(2, "little") + body


@pytest.mark.parametrize("mode", ["glyphs", "raster"])
@pytest.mark.parametrize("width", WIDTHS)
def test_ticket_starts_with_init_has_native_qr_and_ends_with_cut(width, mode):
    slip = sample_ticket("Người cao tuổi")
    data = ticket_bytes(slip, width, vietnamese=mode)
    assert data.startswith(HW_INIT)
    assert qr_command(slip.url) in data
    assert data.index(qr_command(slip.url)) < data.index(GS + b"(k\x03\x001Q0")  # store, print
    assert data.endswith(b"\x1bd\x06" + PAPER_FULL_CUT)
    assert b"A015" in data and b"\x1d!\x33" in data  # the number at 4x4 printer text
    assert b"Civil status registration" in data and b"PRIORITY" in data


@pytest.mark.parametrize("width", WIDTHS)
def test_default_ticket_fits_the_serial_budget(width):
    for reason in (None, "Người khuyết tật"):
        data = ticket_bytes(sample_ticket(reason), width)
        assert len(data) <= 2048
        assert len(data) / 960 <= 2.0  # seconds at 9600 baud, 8N1


def test_profile_without_cutter_sends_no_cut():
    data = ticket_bytes(sample_ticket(), 384, profile="ZJ-5870")
    assert GS + b"V" not in data
    assert data.endswith(b"\x1bd\x06")


def test_raster_image_bytes_are_exact():
    img = Image.new("1", (20, 5), 1)
    img.paste(0, (0, 0, 20, 5))  # all ink
    w = SlipWriter(384, vietnamese="raster")
    w.image(img)
    header = b"\x1dv0\x00\x03\x00\x05\x00"  # GS v 0, m=0, 3 bytes wide, 5 rows
    assert w.p.output == HW_INIT + header + b"\xff\xff\xf0" * 5 + b"\x1bJ\x06"


@pytest.mark.parametrize("width", WIDTHS)
def test_raster_mode_draws_only_vietnamese_lines_as_images_within_the_paper(width):
    slip = replace(sample_ticket(), service_name_vi="Lao động - Thương binh và Xã hội " * 3)
    data = ticket_bytes(slip, width, vietnamese="raster")
    sizes = rasters(data)
    # site name, service name (wrapped over several lines), "Số thứ tự", waiting, guidance
    assert len(sizes) > 5
    assert all(0 < xb <= width // 8 and 10 <= h <= 40 for xb, h in sizes)
    heading = [h for _, h in sizes if h > 20]
    assert len(heading) >= 2, "the long service name wraps into several heading lines"


def test_glyph_mode_downloads_each_accented_letter_once():
    w = SlipWriter(576)
    w.line("Số thứ tự")
    w.line("Số")
    s, t, h = b"S", b"t", b"h"
    c_o, c_u, c_uu = (bytes([c]) for c in SPARE_CODES[:3])  # ố ứ ự, in order of use
    define = b"\x1b&\x03" + c_o + c_o + b"\x0c" + column_bytes(glyph_cell("ố"))
    assert w.p.output.startswith(HW_INIT + define)
    assert s + c_o + b" " + t + h + c_u + b" " + t + c_uu + b"\n" in w.p.output
    assert w.p.output.count(b"\x1b&") == 3  # "Số" again reuses its code
    assert w.p.output.endswith(b"\x1b%\x01" + s + c_o + b"\n\x1b%\x00")


def test_a_spare_code_printed_as_itself_is_cancelled_first():
    w = SlipWriter(576)
    w.line("Số")  # 'ố' takes the first spare code, 'f'
    start = len(w.p.output)
    w.line("Số fax")  # 'f' as itself: cancel it, give 'ố' another code
    tail = w.p.output[start:]
    assert tail.startswith(b"\x1b?f\x1b&\x03jj\x0c")
    assert b"Sj fax\n" in tail
    assert not rasters(w.p.output)


def test_glyph_set_reuses_codes_line_by_line_and_gives_up_on_one_huge_line():
    glyphs = GlyphSet()
    letters = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọ"
    assert len(letters) > len(SPARE_CODES)
    half = len(letters) // 2
    assert glyphs.encode(letters[:half]) is not None
    assert glyphs.encode(letters[half:]) is not None  # reuses codes of the first line
    assert glyphs.encode(letters) is None
    w = SlipWriter(576)
    w.line(letters)
    assert len(rasters(w.p.output)) == 1, "too many letters for one line: drawn as an image"


def test_renderer_reads_back_the_downloaded_glyphs():
    data = ticket_bytes(sample_ticket(), 576)
    shown = render(data, 576)
    texts = shown.texts()
    assert "A015" in texts and "Please wait for your number" in texts
    assert ("qr", sample_ticket().url) in shown.events
    assert shown.of_kind("cut") == [("cut", 0)]
    # every letter drawn from a download is the cell the printer was sent
    w = SlipWriter(576)
    w.line("Đăng ký khai sinh")
    decoder_view = render(w.p.output, 576)
    assert decoder_view.of_kind("user_chars")
    assert decoder_view.image.width == 576 + 32


def test_checklist_lists_every_document_and_fits_the_paper():
    slip = sample_checklist()
    for width in WIDTHS:
        data = checklist_bytes(slip, width)
        shown = render(data, width)
        assert ("qr", slip.url) in shown.events
        assert shown.of_kind("cut")
        assert sum("\ufffd" in t for t in shown.texts()) >= 2 * len(slip.documents)
        raster_data = checklist_bytes(slip, width, vietnamese="raster")
        assert all(xb <= width // 8 for xb, _ in rasters(raster_data))


@pytest.mark.parametrize(
    "data",
    [b"\x1b\x99", b"\x1dv0\x00\x02\x00\x05\x00\xff", b"\x07", b"\x1d(k\x03\x002Q0"],
    ids=["unknown ESC", "truncated raster", "bell", "not QR"],
)
def test_renderer_refuses_what_it_cannot_read(data):
    with pytest.raises(EscposDecodeError):
        render(data, 384)


def test_renderer_refuses_an_image_wider_than_the_paper():
    too_wide = b"\x1dv0\x00\x31\x00\x01\x00" + b"\x00" * 49  # 392 dots on 384-dot paper
    with pytest.raises(EscposDecodeError, match="wider"):
        render(too_wide, 384)
