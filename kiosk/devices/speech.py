"""The kiosk's own voice for spoken guidance: say a sentence, queued, one at a time.

Utterances play in the order they were asked for (from any thread), never over each
other and never cut off; :meth:`Speaker.close` says what is queued before it returns. A
recorded human voice replaces the synthetic one by file name: ``<clips>/<lang>/<key>.wav``
for the word-table key of the sentence (kiosk/i18n.py), e.g. ``vi/home.welcome.wav``.
:class:`EspeakSpeaker` speaks through espeak-ng (offline; the Debian package espeak-ng)
and plays recordings through libvlc; :class:`SimSpeaker` keeps a log of what it said.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import threading
import time
from abc import ABC, abstractmethod
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.devices.announcer import load_vlc
from kiosk.devices.base import DeviceError, DeviceStatus

log = logging.getLogger(__name__)

VOICES = {"vi": "vi", "en": "en-gb"}  # espeak-ng voice per language
SAY_TIMEOUT_S = 60.0  # one sentence; a hung audio device must not stop the queue forever


@dataclass(frozen=True)
class Utterance:
    """One sentence to say: ``seq`` counts from 1 in the order asked; ``key`` is its
    word-table key ("" for text with no key of its own, e.g. a procedure name)."""

    seq: int
    lang: str
    text: str
    key: str = ""


class Speaker(ABC):
    """Says utterances one by one on its own worker thread."""

    def __init__(self, clips: str | Path | None = None) -> None:
        self.clips = Path(clips) if clips else None
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="speaker")
        self._lock = threading.Lock()
        self._seq = 0
        self._pending = 0

    @property
    def status(self) -> DeviceStatus:
        return DeviceStatus.BUSY if self._pending else DeviceStatus.READY

    def say(self, text: str, lang: str, key: str = "") -> Future[Utterance]:
        """Queue ``text`` in ``lang`` ("vi" or "en") and return at once."""
        if lang not in VOICES:
            raise ValueError(f"no voice for language {lang!r} (known: {', '.join(VOICES)})")
        with self._lock:
            self._seq += 1
            item = Utterance(self._seq, lang, " ".join(text.split()), key)
            self._pending += 1
            return self._worker.submit(self._run, item)

    def recording(self, item: Utterance) -> Path | None:
        """The human recording of ``item``, when the clips folder has one."""
        if self.clips is None or not item.key:
            return None
        path = self.clips / item.lang / f"{item.key}.wav"
        return path if path.is_file() else None

    def close(self, timeout: float | None = None) -> None:
        """Say what is queued (waiting at most ``timeout``), then stop the worker."""
        done = threading.Event()
        self._worker.submit(done.set)
        done.wait(timeout)
        self._worker.shutdown(wait=False, cancel_futures=True)

    def _run(self, item: Utterance) -> Utterance:
        try:
            self._speak(item)
        except Exception:
            log.exception("speaker: could not say %r", item.text)
        finally:
            with self._lock:
                self._pending -= 1
        return item

    @abstractmethod
    def _speak(self, item: Utterance) -> None:
        """Say ``item`` and return when it has been heard."""


class SimSpeaker(Speaker):
    """Says nothing aloud: ``history`` is what was said, in order, with its source."""

    def __init__(self, clips: str | Path | None = None, *, seconds_per_word: float = 0.0):
        super().__init__(clips)
        self.seconds_per_word = seconds_per_word
        self.history: list[tuple[Utterance, str]] = []  # (utterance, "recording"|"synthetic")

    def texts(self) -> list[str]:
        """What was said so far, oldest first."""
        return [item.text for item, _source in list(self.history)]

    def _speak(self, item: Utterance) -> None:
        time.sleep(self.seconds_per_word * len(item.text.split()))
        self.history.append((item, "recording" if self.recording(item) else "synthetic"))


class EspeakSpeaker(Speaker):
    """espeak-ng for any sentence; libvlc for the human recordings that exist.

    :param output_dir: write each synthetic sentence to ``<seq>-<lang>.wav`` there instead
        of playing it (to listen to or measure what a kiosk would say).
    """

    def __init__(
        self,
        clips: str | Path | None = None,
        *,
        rate: int = 140,
        output_dir: str | Path | None = None,
    ) -> None:
        super().__init__(clips)
        espeak = shutil.which("espeak-ng")
        if espeak is None:
            raise DeviceError("espeak-ng is missing: sudo apt-get install espeak-ng")
        self.espeak = espeak
        self.rate = rate
        self.output_dir = Path(output_dir) if output_dir else None
        self._vlc: Any = None

    def _speak(self, item: Utterance) -> None:
        recording = self.recording(item)
        if recording is not None and self.output_dir is None:
            self._play(recording)
            return
        argv = [self.espeak, "-v", VOICES[item.lang], "-s", str(self.rate)]
        if self.output_dir is not None:
            self.output_dir.mkdir(parents=True, exist_ok=True)
            argv += ["-w", str(self.output_dir / f"{item.seq:04d}-{item.lang}.wav")]
        subprocess.run([*argv, item.text], check=True, timeout=SAY_TIMEOUT_S, capture_output=True)

    def _play(self, path: Path) -> None:
        if self._vlc is None:
            vlc = load_vlc()
            self._vlc = (vlc, vlc.Instance("--no-video", "--quiet"))
        vlc, instance = self._vlc
        player = instance.media_player_new(str(path))
        player.play()
        deadline = time.monotonic() + SAY_TIMEOUT_S
        ended = (vlc.State.Ended, vlc.State.Error, vlc.State.Stopped)
        while player.get_state() not in ended and time.monotonic() < deadline:
            time.sleep(0.05)
        player.release()
