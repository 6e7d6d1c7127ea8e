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


def _visible_alpha(widget) -> float:
    alpha, node = 1.0, widget
    while node is not None and node is not node.parent:
        alpha *= node.opacity
        node = node.parent
    return alpha


def measure(target) -> list[Finding]:
    """Render ``target`` (the app's root, or a modal view) and measure every visible label."""
    from kivy.uix.label import Label

    texture = target.export_as_image().texture
    width, height = texture.size
    image = Image.frombytes("RGBA", (width, height), bytes(texture.pixels))  # top row first
    ox, oy = target.to_window(*target.pos)
    findings = []
    for label in target.walk(restrict=True):
        if not isinstance(label, Label) or not label.text.strip() or label.width < 2:
            continue
        alpha = _visible_alpha(label)
        if alpha <= 0.01 or label.height < 2:
            continue
        x, y = label.to_window(label.x, label.y)
        box = (int(x - ox), int(height - (y - oy) - label.height), int(x - ox + label.width),
               int(height - (y - oy)))  # fmt: skip
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
