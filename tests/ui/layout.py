"""What a citizen can touch and read on the laid-out widgets: every touch target at least
44x44 px on screen, every text inside its own box, inside the window and over no other."""

from __future__ import annotations

from tests.ui.contrast import Rect, shown_part, visible_alpha, window_rect

MIN_TARGET = 44  # px, WCAG 2.5.5 (AAA)
_SLACK = 2  # px of rounding


def _shown(widget) -> bool:
    return widget.get_root_window() is not None and visible_alpha(widget) > 0.01


def small_targets(root) -> list[str]:
    """Each visible widget with touch behaviour (buttons, keys, chips, tiles, list rows)
    smaller than :data:`MIN_TARGET` on screen."""
    from kivy.uix.behaviors import ButtonBehavior

    small = []
    for widget in root.walk(restrict=True):
        if not isinstance(widget, ButtonBehavior) or not _shown(widget):
            continue
        rect = window_rect(widget, widget.x, widget.y, widget.width, widget.height)
        w, h = rect.x1 - rect.x0, rect.y1 - rect.y0
        if (w > 0 or h > 0) and min(w, h) < MIN_TARGET:
            name = getattr(widget, "text", "") or getattr(widget, "title", "") or widget
            small.append(f"{w:.0f}x{h:.0f} px: {type(widget).__name__} {str(name)[:40]!r}")
    return small


def _needed(label) -> tuple[float, float]:
    """The size ``label``'s whole text takes: a fixed text height cuts lines off silently,
    so the text is laid out again without it."""
    width, height = label.texture_size
    if label.text_size[1] is not None and not label.shorten:
        options = {**label._label.options, "text_size": (label.text_size[0], None)}
        core = type(label._label)(**options)
        core.text = label.text
        core.refresh()
        height = core.texture.size[1]
    return width, height


def _sticks_out(inner: Rect, outer: Rect) -> bool:
    part = inner & outer
    return max(part.x0 - inner.x0, part.y0 - inner.y0, inner.x1 - part.x1,
               inner.y1 - part.y1) > _SLACK  # fmt: skip


def text_problems(root, window_size: tuple[int, int]) -> list[str]:
    """Visible texts cut off by their own box, sticking out of the widget that holds them
    or out of the window, or lying over another text (what scroll views hide does not
    count)."""
    from kivy.uix.label import Label

    problems, drawn = [], []
    window = Rect(0, 0, *window_size)
    for label in root.walk(restrict=True):
        if not isinstance(label, Label) or not label.text.strip() or not _shown(label):
            continue
        text = label.text.strip().replace("\n", " ")[:50]
        w, h = _needed(label)
        if w > label.width + _SLACK or h > label.height + _SLACK:
            problems.append(f"cut: needs {w:.0f}x{h:.0f}, has {label.width:.0f}x"
                            f"{label.height:.0f}: {text!r}")  # fmt: skip
        w, h = min(w, label.width), min(h, label.height)
        whole = window_rect(label, label.center_x - w / 2, label.center_y - h / 2, w, h)
        box = shown_part(label, whole)
        if box.empty:
            continue  # scrolled out of sight
        holder = label.parent
        if _sticks_out(whole, window_rect(holder, *holder.pos, *holder.size)):
            problems.append(f"out of its {type(holder).__name__}: {text!r}")
        if _sticks_out(box, window):
            problems.append(f"out of the window: {text!r}")
        for other, other_text in drawn:
            if not (box & other).empty:
                problems.append(f"over {other_text!r}: {text!r}")
        drawn.append((box, text))
    return problems
