"""Voice announcements: "Xin mời số thứ tự A015 đến quầy số 3", queued and played in order.

Every announcer has one worker thread fed by a queue: announcements play in the order
they were submitted (from any thread), one at a time, never overlapping and never
dropped; :meth:`Announcer.close` plays what is queued before it returns. ``on_start`` and
``on_end`` are called on the worker thread around each announcement, so a display can
duck its media (marshal to the UI thread yourself).

The clips of one announcement (:func:`~kiosk.devices.voice_pack.announcement_clips`)
are joined into one WAV and played as one media, so there is no gap or click between
words. :class:`VlcAnnouncer` plays through libvlc; :class:`SimAnnouncer` records what
it would have played and can write it as a WAV.
"""

from __future__ import annotations

import logging
import queue
import tempfile
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.devices.base import DeviceError, DeviceStatus
from kiosk.devices.voice_pack import VoicePack, announcement_clips, check_reading

log = logging.getLogger(__name__)

NO_LIBVLC = (
    "libvlc is missing or incomplete: install the system packages libvlc5 and "
    "vlc-plugin-base (sudo apt-get install libvlc5 vlc-plugin-base)"
)


@dataclass(frozen=True)
class Announcement:
    """One call to announce: ``seq`` counts from 1 in submission order."""

    seq: int
    number: str
    counter: int
    clips: tuple[str, ...]


AnnouncementHandler = Callable[[Announcement], None]


class Announcer(ABC):
    """Queues announcements and plays them one by one on a worker thread.

    :param reading: "number" (A015 is "A mười lăm") or "digits" ("A không một năm").
    :param repeat: how many times the words are spoken (1-5); the chime sounds once.
    :param english: add the English sentence after the Vietnamese one.
    :param southern: read numbers the southern way ("lẻ", "ngàn").
    """

    def __init__(
        self,
        pack: VoicePack | None = None,
        *,
        reading: str = "number",
        repeat: int = 1,
        english: bool = False,
        southern: bool = False,
    ) -> None:
        if not 1 <= repeat <= 5:
            raise ValueError(f"repeat must be 1-5, not {repeat}")
        self.reading = check_reading(reading)
        self.pack = pack or VoicePack()
        self.pack.check(english=english)
        self.repeat = repeat
        self.english = english
        self.southern = southern
        self.on_start: AnnouncementHandler | None = None
        self.on_end: AnnouncementHandler | None = None
        self._queue: queue.Queue[Announcement | None] = queue.Queue()
        self._lock = threading.Condition()
        self._seq = 0
        self._pending = 0
        self._closed = False
        self._thread: threading.Thread | None = None

    @property
    def status(self) -> DeviceStatus:
        return DeviceStatus.BUSY if self._pending else DeviceStatus.READY

    def announce(self, number: str, counter: int) -> Announcement:
        """Queue "Xin mời số thứ tự ``number`` đến quầy số ``counter``" and return at once.

        A number that is not a ticket number raises ``ValueError`` here, in the caller.
        """
        clips = announcement_clips(
            number,
            counter,
            reading=self.reading,
            english=self.english,
            repeat=self.repeat,
            southern=self.southern,
        )
        with self._lock:
            if self._closed:
                raise DeviceError("announcer is closed")
            self._seq += 1
            self._pending += 1
            item = Announcement(self._seq, number.strip().upper(), counter, tuple(clips))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="announcer", daemon=True)
                self._thread.start()
            self._queue.put(item)
        return item

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until everything queued has played; False on timeout."""
        with self._lock:
            return self._lock.wait_for(lambda: self._pending == 0, timeout)

    def close(self, timeout: float | None = None) -> None:
        """Play what is queued, then stop the worker."""
        with self._lock:
            self._closed = True
            thread = self._thread
            if thread is not None:
                self._queue.put(None)
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            self._notify(self.on_start, item)
            try:
                self._play(item)
            except Exception:
                log.exception(
                    "announcer: could not play %s to counter %s", item.number, item.counter
                )
            self._notify(self.on_end, item)
            with self._lock:
                self._pending -= 1
                self._lock.notify_all()

    @staticmethod
    def _notify(handler: AnnouncementHandler | None, item: Announcement) -> None:
        if handler is not None:
            try:
                handler(item)
            except Exception:
                log.exception("announcer: callback failed for %s", item.number)

    @abstractmethod
    def _play(self, item: Announcement) -> None:
        """Play ``item.clips`` and return when they have been heard."""


# python-vlc raises NotImplementedError when it finds no libvlc, SystemExit when
# PYTHON_VLC_LIB_PATH is wrong, and NameError on the first call when the library it
# loaded is not libvlc.
_VLC_FAILURES = (ImportError, OSError, NotImplementedError, AttributeError, NameError, SystemExit)


def load_vlc() -> Any:
    """The ``vlc`` module, or ``DeviceError`` naming the system packages to install."""
    try:
        import vlc

        vlc.libvlc_get_version()
    except _VLC_FAILURES as e:
        raise DeviceError(f"{NO_LIBVLC} ({type(e).__name__}: {e})") from None
    return vlc


def audio_outputs(vlc: Any, instance: Any) -> list[str]:
    """Names of the audio output modules a libvlc instance has (alsa, pulse, afile...)."""
    head = instance.audio_output_list_get()
    names, node = [], head
    while node:
        names.append(node.contents.name.decode())
        node = node.contents.next
    if head:
        vlc.libvlc_audio_output_list_release(head)
    return names


class VlcAnnouncer(Announcer):
    """Plays announcements through libvlc (python-vlc).

    :param vlc_args: extra libvlc options, e.g. ``["--aout=alsa",
        "--alsa-audio-device=hw:1"]``; with ``["--aout=afile", "--audiofile-file=OUT.wav"]``
        what would be heard is written to OUT.wav (the last announcement only).
    """

    def __init__(
        self,
        pack: VoicePack | None = None,
        *,
        reading: str = "number",
        repeat: int = 1,
        english: bool = False,
        southern: bool = False,
        vlc_args: Sequence[str] = (),
    ) -> None:
        super().__init__(pack, reading=reading, repeat=repeat, english=english, southern=southern)
        vlc = load_vlc()
        try:
            self._instance = vlc.Instance("--no-video", "--quiet", *vlc_args)
        except _VLC_FAILURES as e:
            raise DeviceError(f"{NO_LIBVLC} ({type(e).__name__}: {e})") from None
        if self._instance is None or not audio_outputs(vlc, self._instance):
            raise DeviceError(f"{NO_LIBVLC} (libvlc found no audio output module)")
        self._player = self._instance.media_player_new()
        self._done = threading.Event()
        events = self._player.event_manager()
        for event in (
            vlc.EventType.MediaPlayerEndReached,
            vlc.EventType.MediaPlayerEncounteredError,
        ):
            events.event_attach(event, self._on_vlc_event)
        self._tmp = tempfile.TemporaryDirectory(prefix="kiosk-announce-")

    def close(self, timeout: float | None = None) -> None:
        super().close(timeout)
        if self._thread is None or not self._thread.is_alive():  # never free a busy player
            self._player.release()
            self._tmp.cleanup()

    def _on_vlc_event(self, event: Any) -> None:
        self._done.set()

    def _play(self, item: Announcement) -> None:
        path = Path(self._tmp.name) / f"{item.seq}.wav"
        path.write_bytes(self.pack.mix(list(item.clips)))
        try:
            self._done.clear()
            self._player.set_media(self._instance.media_new_path(str(path)))
            if self._player.play() == -1:
                raise DeviceError(f"libvlc could not play {path}")
            if not self._done.wait(self.pack.duration(list(item.clips)) + 10):
                raise DeviceError(f"libvlc did not finish {path} in time")
            if str(self._player.get_state()) == "State.Error":
                raise DeviceError(f"libvlc failed while playing {path}")
        finally:
            self._player.stop()
            path.unlink(missing_ok=True)


class SimAnnouncer(Announcer):
    """Records each announcement instead of playing it; first-class for the demo.

    ``history`` lists every :class:`Announcement` played (its ``clips`` in order) and
    ``last_wav`` holds the bytes of the last mix. With ``realtime`` the worker waits as
    long as the sound would last, so ``on_start``/``on_end`` come at the real moments.
    ``output_dir`` keeps every mix as ``<seq>-<number>-<counter>.wav``.
    """

    def __init__(
        self,
        pack: VoicePack | None = None,
        *,
        reading: str = "number",
        repeat: int = 1,
        english: bool = False,
        southern: bool = False,
        realtime: bool = True,
        output_dir: str | Path | None = None,
    ) -> None:
        super().__init__(pack, reading=reading, repeat=repeat, english=english, southern=southern)
        self.realtime = realtime
        self.output_dir = Path(output_dir) if output_dir is not None else None
        self.history: list[Announcement] = []
        self.last_wav = b""

    def write_wav(self, path: str | Path) -> None:
        """Write the last announcement's mix (as it would have sounded) to ``path``."""
        if not self.last_wav:
            raise DeviceError("nothing has been announced yet")
        Path(path).write_bytes(self.last_wav)

    def _play(self, item: Announcement) -> None:
        self.last_wav = self.pack.mix(list(item.clips))
        if self.output_dir is not None:
            self.output_dir.mkdir(parents=True, exist_ok=True)
            name = f"{item.seq:04d}-{item.number}-{item.counter}.wav"
            (self.output_dir / name).write_bytes(self.last_wav)
        self.history.append(item)
        if self.realtime:
            time.sleep(self.pack.duration(list(item.clips)))
