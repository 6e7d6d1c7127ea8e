"""Lay out a queue ticket and a procedure checklist as ESC/POS bytes.

Vietnamese first, English second. Lines that need diacritics print with
downloaded glyphs or as raster images (see :mod:`kiosk.devices.escpos_text`);
the number, digits, times and English stay printer text, and the QR code is
the printer's own ``GS ( k``.
"""

from __future__ import annotations

import unicodedata

from kiosk.devices.escpos_text import SlipWriter
from kiosk.devices.slips import ChecklistSlip, TicketSlip
from kiosk.i18n import tr

SMALL = 16  # font size in dots of body lines drawn as images
HEADING = 24  # font size of the service / procedure name
PANGRAM = (
    "Tiếng Việt: Ánh đèn khuya rọi xuống phố cũ, ông lão gánh nước "
    "qua ngõ hẹp, thấy bé Quỳnh đội nón lá ướt sũng."
)
VOWELS = ("aăâeêioôơuưy", "AĂÂEÊIOÔƠUƯY")
TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền sắc hỏi ngã nặng


def _qr_dot_size(width_dots: int) -> int:
    return 5 if width_dots < 500 else 6


def _waiting(slip: TicketSlip, lang: str) -> str:
    n = slip.waiting_ahead
    ahead = tr("slip.ahead", lang, n=n) if n else tr("slip.nobody_ahead", lang)
    if slip.eta_minutes is None:
        return ahead
    return tr("slip.ahead_eta", lang, ahead=ahead, m=slip.eta_minutes)


def ticket_bytes(
    slip: TicketSlip, width_dots: int, profile: str = "default", vietnamese: str = "glyphs"
) -> bytes:
    """The whole print job of a queue ticket, ending with a cut."""
    w = SlipWriter(width_dots, profile, vietnamese)
    w.align("center")
    w.line(slip.site_name, SMALL)
    w.feed_dots(8)
    w.line(slip.service_name_vi, HEADING, bold=True)
    w.text(slip.service_name_en)
    w.feed_dots(12)
    w.line(tr("slip.number", "vi"), SMALL)
    w.big(slip.number)
    if slip.priority_reason:
        w.line(tr("slip.priority", "vi", reason=slip.priority_reason), SMALL, bold=True)
        w.text(tr("slip.priority", "en"), bold=True)
    elif slip.booked:
        w.line(tr("slip.booked", "vi"), SMALL, bold=True)
        w.text(tr("slip.booked", "en"), bold=True)
    w.text(slip.issued_at.strftime("%H:%M  %d/%m/%Y"))
    w.feed_dots(8)
    w.line(_waiting(slip, "vi"), SMALL)
    w.text(_waiting(slip, "en"))
    w.feed_dots(8)
    w.qr(slip.url, _qr_dot_size(width_dots))
    w.line(tr("slip.wait", "vi"), SMALL, bold=True)
    w.text(tr("slip.wait", "en"))
    return w.finish()


def checklist_bytes(
    slip: ChecklistSlip, width_dots: int, profile: str = "default", vietnamese: str = "glyphs"
) -> bytes:
    """The documents to bring for one procedure, with copies, time limit, fee and place."""
    w = SlipWriter(width_dots, profile, vietnamese)
    w.align("center")
    w.line(slip.site_name, SMALL)
    w.feed_dots(8)
    w.line(tr("slip.documents", "vi"), SMALL, bold=True)
    w.text(tr("slip.documents", "en"))
    w.feed_dots(8)
    w.line(slip.procedure_name, HEADING, bold=True)
    w.line(tr("slip.code", "vi", code=slip.procedure_code), SMALL)
    w.rule()
    w.align("left")
    for i, (name, copies) in enumerate(slip.documents, start=1):
        w.line(f"{i}. {name}", SMALL, bold=True)
        if copies:
            w.line("    " + tr("slip.quantity", "vi", copies=copies), SMALL)
    w.rule()
    w.line(tr("slip.time_limit", "vi", value=slip.time_limit), SMALL)
    w.line(tr("slip.fee", "vi", value=slip.fee), SMALL)
    w.line(tr("slip.where", "vi", value=slip.where), SMALL)
    w.align("center")
    w.feed_dots(8)
    w.qr(slip.url, _qr_dot_size(width_dots))
    w.line(tr("slip.scan", "vi"), SMALL)
    w.text(tr("slip.scan", "en"))
    return w.finish()


def test_page_bytes(
    title: str, width_dots: int, profile: str = "default", vietnamese: str = "glyphs"
) -> bytes:
    """A printer test page: a pangram, then every Vietnamese vowel with every tone, and đ/Đ."""
    w = SlipWriter(width_dots, profile, vietnamese)
    w.align("center")
    w.line(tr("slip.test_page", "vi", title=title), HEADING, bold=True)
    w.text(tr("slip.test_page", "en", title=title))
    w.rule()
    w.align("left")
    w.line(PANGRAM, SMALL)
    w.feed_dots(12)
    for row in VOWELS:
        for vowel in row:
            tones = (unicodedata.normalize("NFC", vowel + t) for t in TONES)
            w.line(" ".join((vowel, *tones)), SMALL)
    w.line("đ Đ  0123456789  ₫ %", SMALL)
    w.align("center")
    w.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", bold=True)
    return w.finish()
