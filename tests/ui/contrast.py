"""Contrast of rendered text: each visible label's colour against the pixels actually behind
it in the rendered widget (WCAG 2 relative luminance; 4.5:1 is the bar for text)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PIL import Image

MIN_RATIO = 4.5
_MARKUP_COLOUR = re.compile(r"\[color=#?([0-9a-fA-F]{6})\]")


def _channel(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: tuple[float, float, float]) -> float:
    r, g, b = (_channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass(frozen=True)
class Finding:
    text: str
    ratio: float
    fg: tuple[float, float, float]
    bg: tuple[float, float, float]

    def __str__(self) -> str:
        hexes = ["#" + "".join(f"{round(c * 255):02X}" for c in col) for col in (self.fg, self.bg)]
        return f"{self.ratio:.2f}:1 {hexes[0]} on {hexes[1]}: {self.text[:50]!r}"


def visible_alpha(widget) -> float:
    alpha, node = 1.0, widget
    while node is not None and node is not node.parent:
        alpha *= node.opacity
        node = node.parent
    return alpha


@dataclass(frozen=True)
class Rect:
    """A rectangle in window coordinates (y up)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def __and__(self, other: Rect) -> Rect:
        return Rect(max(self.x0, other.x0), max(self.y0, other.y0), min(self.x1, other.x1),
                    min(self.y1, other.y1))  # fmt: skip

    @property
    def empty(self) -> bool:
        return self.x1 - self.x0 < 2 or self.y1 - self.y0 < 2


def window_rect(widget, x: float, y: float, w: float, h: float) -> Rect:
    """The rectangle (x, y, w, h) of ``widget``'s coordinates, in the window's."""
    (x0, y0), (x1, y1) = widget.to_window(x, y), widget.to_window(x + w, y + h)
    return Rect(x0, y0, x1, y1)


def shown_part(widget, rect: Rect) -> Rect:
    """``rect`` as far as the scroll views around ``widget`` let it show."""
    from kivy.uix.stencilview import StencilView

    node = widget.parent
    while node is not None and node is not node.parent:
        if isinstance(node, StencilView):
            rect = rect & window_rect(node, node.x, node.y, node.width, node.height)
        node = node.parent
    return rect


def measure(target) -> list[Finding]:
    """Render ``target`` (the app's root, or a modal view) and measure every visible label
    (its part that scroll views let show)."""
    from kivy.uix.label import Label

    texture = target.export_as_image().texture
    width, height = texture.size
    image = Image.frombytes("RGBA", (width, height), bytes(texture.pixels))  # top row first
    ox, oy = target.to_window(*target.pos)
    findings = []
    for label in target.walk(restrict=True):
        if not isinstance(label, Label) or not label.text.strip() or label.width < 2:
            continue
        alpha = visible_alpha(label)
        if alpha <= 0.01 or label.height < 2:
            continue
        shown = shown_part(label, window_rect(label, label.x, label.y, label.width, label.height))
        if shown.empty:
            continue  # scrolled out of sight
        box = (int(shown.x0 - ox), int(height - (shown.y1 - oy)), int(shown.x1 - ox),
               int(height - (shown.y0 - oy)))  # fmt: skip
        box = (max(0, box[0]), max(0, box[1]), min(width, box[2]), min(height, box[3]))
        if box[2] - box[0] < 2 or box[3] - box[1] < 2:
            continue
        crop = image.crop(box).convert("RGB")
        _count, bg8 = max(crop.getcolors(crop.width * crop.height))
        bg = tuple(c / 255 for c in bg8)
        colour = label.disabled_color if label.disabled else label.color
        colours = [tuple(colour)]
        if label.markup:
            colours += [(*(int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)), 1.0)
                        for h in _MARKUP_COLOUR.findall(label.text)]  # fmt: skip
        for rgba in colours:
            a = rgba[3] * alpha
            fg = tuple(a * f + (1 - a) * b for f, b in zip(rgba[:3], bg, strict=True))
            findings.append(Finding(label.text.strip(), ratio(fg, bg), fg, bg))
    return findings


def failures(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.ratio < MIN_RATIO]
