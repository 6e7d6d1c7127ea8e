"""Shows a :class:`~kiosk.devices.media.MediaPlayer`'s pictures: each new frame is blitted
into one texture, drawn to fit the widget (letterboxed, aspect kept)."""

from __future__ import annotations

from typing import Any

from kivy.graphics.texture import Texture
from kivy.properties import NumericProperty, ObjectProperty
from kivy.uix.image import Image


class MediaView(Image):
    """Call :meth:`refresh` from a timer (the hall display does, 25 times a second); it
    uploads the player's frame when it changed. ``frames_shown`` counts the uploads."""

    player = ObjectProperty(None, allownone=True)
    frames_shown = NumericProperty(0)
    texture: Texture | None  # Image's Kivy property, declared for mypy: no class attribute

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("fit_mode", "contain")
        super().__init__(**kwargs)
        self._seq = 0

    def refresh(self, _dt: float = 0) -> None:
        frame = self.player.frame if self.player is not None else None
        if frame is None or frame.seq == self._seq:
            return
        self._seq = frame.seq
        texture = self.texture
        if texture is None or tuple(texture.size) != (frame.width, frame.height):
            texture = Texture.create(size=(frame.width, frame.height), colorfmt="rgba")
            texture.flip_vertical()  # the frame's rows start at the top
        texture.blit_buffer(frame.pixels, colorfmt="rgba", bufferfmt="ubyte")
        if texture is self.texture:
            self.canvas.ask_update()
        else:
            self.texture = texture
        self.frames_shown += 1
