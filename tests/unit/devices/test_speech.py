"""The kiosk's voice: queued in order from any thread, recordings by file name, and real
espeak-ng speech measured with sox."""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from kiosk.devices.speech import EspeakSpeaker, SimSpeaker


def test_sentences_from_many_threads_are_said_one_by_one_in_order() -> None:
    speaker = SimSpeaker(seconds_per_word=0.001)
    futures = []
    lock = threading.Lock()

    def ask(n: int) -> None:
        with lock:  # the order asked is the order of the futures
            futures.append(speaker.say(f"câu số {n}", "vi"))

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    said = [f.result(timeout=5) for f in futures]
    assert [u.seq for u in said] == list(range(1, 21))
    assert [u.seq for u, _ in speaker.history] == list(range(1, 21))
    speaker.close(timeout=5)


def test_a_human_recording_replaces_the_synthetic_voice_by_key(tmp_path: Path) -> None:
    (tmp_path / "vi").mkdir()
    (tmp_path / "vi" / "home.choose.wav").write_bytes(b"RIFF")
    speaker = SimSpeaker(tmp_path)
    speaker.say("Mời chọn việc cần làm", "vi", "home.choose").result(timeout=5)
    speaker.say("Mời chọn việc cần làm", "en", "home.choose").result(timeout=5)
    speaker.say("Đăng ký khai sinh", "vi").result(timeout=5)
    assert [source for _, source in speaker.history] == ["recording", "synthetic", "synthetic"]
    with pytest.raises(ValueError, match="no voice"):
        speaker.say("Bonjour", "fr")


@pytest.mark.skipif(not shutil.which("soxi"), reason="sox is installed by scripts/setup.sh")
def test_espeak_says_vietnamese_and_english_as_audio(tmp_path: Path) -> None:
    speaker = EspeakSpeaker(output_dir=tmp_path)
    speaker.say("Số thứ tự của bạn là A 0 1 5.", "vi").result(timeout=30)
    speaker.say("Your number is A 0 1 5.", "en").result(timeout=30)
    speaker.close(timeout=30)
    for name in ("0001-vi.wav", "0002-en.wav"):
        seconds = float(subprocess.check_output(["soxi", "-D", str(tmp_path / name)]))
        assert 1.0 < seconds < 10.0, (name, seconds)
