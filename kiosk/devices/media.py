"""The hall display's guidance media: a looping playlist of videos and still images.

A :class:`MediaPlayer` plays its playlist on a worker thread and leaves the picture to
show in :attr:`MediaPlayer.frame` (RGBA rows, top first); the UI polls it and draws it
(no Kivy here). Still images (png, jpg) are decoded with Pillow and shown for
``image_seconds``. :class:`VlcMediaPlayer` decodes videos through libvlc's video
callbacks into memory (VLC opens no window); :class:`SimMediaPlayer` shows a card with the
clip's name and a progress bar instead. A missing file, a file that does not decode or a
missing libvlc is logged (once, until that item plays again) and the item is skipped.

:meth:`MediaPlayer.duck` / :meth:`MediaPlayer.unduck` lower the sound to ``duck_volume``
while an announcement plays and restore it; they may be called from any thread.
"""

from __future__ import annotations

import ctypes
import logging
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont, ImageOps

from kiosk.devices.announcer import load_vlc
from kiosk.devices.base import DeviceError, DeviceStatus
from kiosk.i18n import tr
from kiosk.paths import asset

log = logging.getLogger(__name__)

IMAGE_TYPES = (".png", ".jpg", ".jpeg")
VIDEO_TYPES = (".mp4", ".m4v", ".mkv", ".webm", ".avi", ".mov", ".mpg", ".ts", ".ogv")
MAX_SIZE = (1280, 720)  # pictures are scaled down to fit this box
RETRY_S = 5.0  # when nothing in the playlist could be shown, wait this long and retry


def media_kind(path: str | Path) -> str:
    """``"image"`` or ``"video"`` by file extension; ``ValueError`` for anything else."""
    suffix = Path(path).suffix.lower()
    if suffix in IMAGE_TYPES:
        return "image"
    if suffix in VIDEO_TYPES:
        return "video"
    known = ", ".join(t.lstrip(".") for t in IMAGE_TYPES + VIDEO_TYPES)
    raise ValueError(f"{Path(path).name}: not a picture or video file (known: {known})")


def fit(size: tuple[int, int], box: tuple[int, int] = MAX_SIZE) -> tuple[int, int]:
    """``size`` scaled down (never up) to fit ``box``, keeping its aspect, even sides."""
    scale = min(1.0, box[0] / size[0], box[1] / size[1])
    return max(2, int(size[0] * scale) & ~1), max(2, int(size[1] * scale) & ~1)


class MediaError(DeviceError):
    """One playlist item could not be shown (the player skips it)."""


@dataclass(frozen=True)
class Frame:
    """A picture to show: ``pixels`` are RGBA rows, top row first; ``seq`` counts up."""

    width: int
    height: int
    pixels: bytes
    seq: int
    source: str


class MediaPlayer(ABC):
    """Plays ``playlist`` in a loop on a worker thread; see the module docstring.

    :param image_seconds: how long a still image stays.
    :param volume: the normal sound volume (0-100).
    :param duck_volume: the volume while an announcement plays.
    """

    def __init__(
        self,
        playlist: Sequence[str | Path],
        *,
        image_seconds: float = 8.0,
        volume: int = 100,
        duck_volume: int = 15,
    ) -> None:
        if not playlist:
            raise ValueError("the playlist is empty")
        for item in playlist:
            media_kind(item)
        self.playlist = tuple(Path(p) for p in playlist)
        self.image_seconds = image_seconds
        self.normal_volume = volume
        self.duck_volume = duck_volume
        self.now_playing: str | None = None
        self._frame: Frame | None = None
        self._lock = threading.Lock()
        self._ducked = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._failing: set[Path] = set()

    @property
    def status(self) -> DeviceStatus:
        return DeviceStatus.BUSY if self.running else DeviceStatus.READY

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def frame(self) -> Frame | None:
        """The picture to show now (None before the first one)."""
        return self._frame

    @property
    def volume(self) -> int:
        """The volume asked for now: ``duck_volume`` while ducked, else ``volume``."""
        return self.duck_volume if self._ducked else self.normal_volume

    def start(self) -> MediaPlayer:
        """Start playing (once; later calls do nothing)."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="media", daemon=True)
                self._thread.start()
        return self

    def stop(self, timeout: float | None = 5.0) -> None:
        """Stop playing and wait for the worker."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def duck(self) -> None:
        """Lower the sound to ``duck_volume`` (an announcement starts)."""
        with self._lock:
            self._ducked = True
            self._apply_volume(self.volume)

    def unduck(self) -> None:
        """Restore the normal volume (the announcement ended)."""
        with self._lock:
            self._ducked = False
            self._apply_volume(self.volume)

    def audio_volume(self) -> int | None:
        """The volume the output really has now (None when it cannot tell)."""
        return self.volume

    # -- the worker ------------------------------------------------------------------

    def _run(self) -> None:
        while not self._stop.is_set():
            shown = 0
            for path in self.playlist:
                if self._stop.is_set():
                    break
                shown += self._show(path)
            if not shown:
                self._stop.wait(RETRY_S)
        self.now_playing = None

    def _show(self, path: Path) -> bool:
        """Show one item; False (logged the first time) when it cannot be shown."""
        try:
            if not path.is_file():
                raise MediaError("no such file")
            self.now_playing = path.name
            if media_kind(path) == "image":
                self._show_image(path)
            else:
                self._play_video(path)
        except (MediaError, OSError, ValueError, Image.DecompressionBombError) as e:
            if path not in self._failing:
                log.warning("media: skipping %s: %s", path, e)
                self._failing.add(path)
            return False
        self._failing.discard(path)
        return True

    def _show_image(self, path: Path) -> None:
        with Image.open(path) as opened:
            image = ImageOps.exif_transpose(opened).convert("RGBA")
        self._publish(image.resize(fit(image.size)), path.name)
        self._stop.wait(self.image_seconds)

    def _publish(self, image: Image.Image, source: str) -> None:
        self._set_frame(image.width, image.height, image.tobytes(), source)

    def _set_frame(self, width: int, height: int, pixels: bytes, source: str) -> None:
        seq = self._frame.seq + 1 if self._frame else 1
        self._frame = Frame(width, height, pixels, seq, source)

    @abstractmethod
    def _play_video(self, path: Path) -> None:
        """Play ``path`` until it ends or :meth:`stop`; ``MediaError`` if it cannot."""

    @abstractmethod
    def _apply_volume(self, volume: int) -> None:
        """Set the output volume (called with the player's lock held)."""


_FormatCb = ctypes.CFUNCTYPE(
    ctypes.c_uint,
    ctypes.POINTER(ctypes.c_void_p),
    ctypes.c_void_p,  # the chroma: 4 writable bytes (python-vlc declares it read-only)
    *(ctypes.POINTER(ctypes.c_uint),) * 4,
)


class VlcMediaPlayer(MediaPlayer):
    """Decodes videos with libvlc into memory (RGBA frames, no VLC window).

    Without libvlc the player logs what to install once and skips the videos; the
    images still show. ``vlc_args`` are extra libvlc options (e.g. ``--aout=alsa``).
    """

    def __init__(
        self, playlist: Sequence[str | Path], *, vlc_args: Sequence[str] = (), **common: Any
    ) -> None:
        super().__init__(playlist, **common)  # image_seconds, volume, duck_volume
        self._vlc: Any = None
        self._player: Any = None
        self._buffer: Any = None
        self._size = (0, 0)
        self._ended = threading.Event()
        try:
            vlc = load_vlc()
        except DeviceError as e:
            log.error("media: videos will be skipped: %s", e)
            return
        self._instance = vlc.Instance("--quiet", "--avcodec-hw=none", *vlc_args)
        if self._instance is None:
            log.error("media: videos will be skipped: libvlc refused the options %s", vlc_args)
            return
        self._vlc = vlc
        self._player = self._instance.media_player_new()
        decorators = vlc.CallbackDecorators
        self._callbacks = (
            _FormatCb(self._setup),
            decorators.VideoLockCb(self._lock_picture),
            decorators.VideoDisplayCb(self._display),
        )
        setup, lock, display = self._callbacks
        self._player.video_set_format_callbacks(ctypes.cast(setup, decorators.VideoFormatCb), None)
        self._player.video_set_callbacks(lock, None, display, None)
        events = self._player.event_manager()
        for event in ("MediaPlayerEndReached", "MediaPlayerEncounteredError"):
            events.event_attach(getattr(vlc.EventType, event), lambda _e: self._ended.set())

    def audio_volume(self) -> int | None:
        """libvlc's volume (None while no sound plays or without libvlc)."""
        volume = self._player.audio_get_volume() if self._player is not None else -1
        return volume if volume >= 0 else None

    def stop(self, timeout: float | None = 5.0) -> None:
        super().stop(timeout)
        if self._player is not None and not self.running:
            self._player.release()
            self._player = None

    # libvlc's threads call these three
    def _setup(self, _opaque: Any, chroma: int, width: Any, height: Any, pitches: Any,
               lines: Any) -> int:  # fmt: skip
        visible = self._player.video_get_size(0)
        w, h = fit(visible if visible[0] and visible[1] else (width[0], height[0]))
        ctypes.memmove(chroma, b"RGBA", 4)
        width[0], height[0], pitches[0], lines[0] = w, h, w * 4, h
        self._buffer = (ctypes.c_ubyte * (w * h * 4))()
        self._size = (w, h)
        return 1

    def _lock_picture(self, _opaque: Any, planes: Any) -> None:
        planes[0] = ctypes.addressof(self._buffer)

    def _display(self, _opaque: Any, _picture: Any) -> None:
        self._set_frame(*self._size, bytes(self._buffer), self.now_playing or "")

    def _play_video(self, path: Path) -> None:
        if self._vlc is None:
            raise MediaError("libvlc is missing (install libvlc5 and vlc-plugin-base)")
        self._ended.clear()
        first = self._frame.seq if self._frame else 0
        self._player.set_media(self._instance.media_new_path(str(path)))
        if self._player.play() == -1:
            raise MediaError("libvlc could not start it")
        started = time.monotonic()
        try:
            with self._lock:
                self._apply_volume(self.volume)
            while not self._ended.wait(0.1) and not self._stop.is_set():
                length = self._player.get_length() / 1000
                if length > 0 and time.monotonic() - started > length + 10:
                    raise MediaError(f"libvlc did not finish it in {length + 10:.0f} s")
                if self.audio_volume() not in (None, self.volume):  # sound started late
                    with self._lock:
                        self._apply_volume(self.volume)
            if str(self._player.get_state()) == "State.Error":
                raise MediaError("libvlc could not decode it")
            if (self._frame.seq if self._frame else 0) == first and not self._stop.is_set():
                raise MediaError("libvlc decoded no picture from it")
        finally:
            self._player.stop()

    def _apply_volume(self, volume: int) -> None:
        if self._player is not None:
            self._player.audio_set_volume(volume)


class SimMediaPlayer(MediaPlayer):
    """Shows images like the real player and, for a video, a card with its name and a
    progress bar for ``video_seconds`` at ``fps``; records every volume change in
    ``volumes``. First-class for the demo; needs no libvlc."""

    def __init__(
        self,
        playlist: Sequence[str | Path],
        *,
        video_seconds: float = 5.0,
        fps: int = 10,
        **common: Any,
    ) -> None:
        super().__init__(playlist, **common)  # image_seconds, volume, duck_volume
        self.video_seconds = video_seconds
        self.fps = fps
        self.volumes: list[int] = []
        self.shown: list[str] = []

    def _show(self, path: Path) -> bool:
        ok = super()._show(path)
        if ok:
            self.shown.append(path.name)
        return ok

    def _play_video(self, path: Path) -> None:
        title = ImageFont.truetype(str(asset("fonts", "Roboto-Bold.ttf")), 40)
        small = ImageFont.truetype(str(asset("fonts", "Roboto-Regular.ttf")), 28)
        card = Image.new("RGBA", (640, 360), (16, 42, 74, 255))
        draw = ImageDraw.Draw(card)
        draw.text((320, 140), path.name, font=title, fill="white", anchor="mm")
        draw.text((320, 210), tr("demo.video", "vi"), font=small,
                  fill=(190, 212, 235), anchor="mm")  # fmt: skip
        frames = max(1, int(self.video_seconds * self.fps))
        for i in range(frames):  # the card once; each frame adds the progress bar
            image = card.copy()
            ImageDraw.Draw(image).rectangle(
                (0, 344, int(640 * (i + 1) / frames), 360), fill=(255, 219, 64)
            )
            self._publish(image, path.name)
            if self._stop.wait(1 / self.fps):
                return

    def _apply_volume(self, volume: int) -> None:
        self.volumes.append(volume)
