"""A QR code drawn from the ``qrcode`` library's module matrix into a Kivy texture."""

from __future__ import annotations

import qrcode
from kivy.graphics.texture import Texture
from kivy.properties import StringProperty
from kivy.uix.image import Image


def qr_matrix(data: str, border: int = 2) -> list[list[bool]]:
    """The dark/light modules of ``data`` with a quiet zone of ``border`` modules."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=border)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


class QRImage(Image):
    """Shows ``data`` as a QR code, scaled with hard pixel edges."""

    data = StringProperty("")

    def on_data(self, _instance: QRImage, data: str) -> None:
        if not data:
            self.texture = None
            return
        matrix = qr_matrix(data)
        n = len(matrix)
        # one byte per module, rows bottom-up (GL textures start at the bottom)
        pixels = bytes(0 if dark else 255 for row in reversed(matrix) for dark in row)
        texture = Texture.create(size=(n, n), colorfmt="luminance")
        texture.blit_buffer(pixels, colorfmt="luminance", bufferfmt="ubyte")
        texture.mag_filter = "nearest"
        texture.min_filter = "nearest"
        self.texture = texture
