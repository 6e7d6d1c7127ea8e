"""Announcements: clip order, the shipped voice pack, the queue, and libvlc really playing."""

from __future__ import annotations

import math
import os
import struct
import subprocess
import sys
import threading
import time
import wave
from pathlib import Path

import pytest

from kiosk.devices.announcer import Announcement, SimAnnouncer, VlcAnnouncer
from kiosk.devices.base import DeviceError
from kiosk.devices.voice_pack import (
    ALL_CLIPS,
    CHIME,
    PAUSE,
    VI_WORDS,
    VoicePack,
    announcement_clips,
)
from kiosk.paths import asset
from tests.unit.devices.test_numbers import load_table

ROOT = Path(__file__).resolve().parents[3]


def soxi_duration(path: Path) -> float:
    return float(subprocess.run(["soxi", "-D", str(path)], capture_output=True, text=True).stdout)


def sox_rms(path: Path) -> float:
    out = subprocess.run(["sox", str(path), "-n", "stat"], capture_output=True, text=True).stderr
    line = next(x for x in out.splitlines() if x.startswith("RMS     amplitude"))
    return float(line.split(":")[1])


def write_tone(path: Path, seconds: float, hz: float, rate: int = 16000) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    n = int(seconds * rate)
    samples = (int(8000 * math.sin(2 * math.pi * hz * i / rate)) for i in range(n))
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(struct.pack("<h", s) for s in samples))


@pytest.fixture(scope="module")
def tiny_pack(tmp_path_factory) -> VoicePack:
    """Every clip as an 8 ms tone, so queue tests run in real time quickly."""
    root = tmp_path_factory.mktemp("pack")
    for i, clip in enumerate(ALL_CLIPS):
        write_tone(root / f"{clip}.wav", 0.008, 300 + 10 * i)
    return VoicePack(root)


@pytest.mark.parametrize(
    ("number", "words"),
    [
        ("A000", ["khong"]),
        ("A005", ["nam"]),
        ("A010", ["muoi"]),
        ("A015", ["muoi", "lam"]),
        ("A021", ["hai", "muoi_ngang", "mot_sac"]),
        ("A024", ["hai", "muoi_ngang", "tu"]),
        ("A105", ["mot", "tram", "linh", "nam"]),
        ("A110", ["mot", "tram", "muoi"]),
        ("A999", ["chin", "tram", "chin", "muoi_ngang", "chin"]),
        ("A1000", ["mot", "nghin"]),
    ],
)
def test_clip_order(number, words):
    assert announcement_clips(number, 3) == [
        CHIME,
        "vi/xin_moi_so_thu_tu",
        "vi/letter_a",
        *(f"vi/{w}" for w in words),
        "vi/den_quay_so",
        "vi/ba",
    ]


SPOKEN_DIGITS = ("khong", "mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam", "chin")


@pytest.mark.parametrize(
    ("number", "reading", "southern", "words"),
    [
        ("A001", "number", False, "letter_a mot"),
        ("A001", "digits", False, "letter_a khong khong mot"),
        ("A015", "number", False, "letter_a muoi lam"),
        ("A015", "digits", True, "letter_a khong mot nam"),
        ("B100", "number", True, "letter_b mot tram"),
        ("B100", "digits", False, "letter_b mot khong khong"),
        ("B105", "number", True, "letter_b mot tram le nam"),
        ("B105", "digits", True, "letter_b mot khong nam"),
        ("C999", "number", False, "letter_c chin tram chin muoi_ngang chin"),
        ("C999", "digits", False, "letter_c chin chin chin"),
    ],
)
def test_whole_announcement_in_each_reading(number, reading, southern, words):
    assert announcement_clips(number, 3, reading=reading, southern=southern) == [
        "chime",
        "vi/xin_moi_so_thu_tu",
        *(f"vi/{w}" for w in words.split()),
        "vi/den_quay_so",
        "vi/ba",
    ]


@pytest.mark.parametrize("reading", ["number", "digits"])
@pytest.mark.parametrize(("column", "southern"), [(0, False), (1, True)], ids=["north", "south"])
def test_every_ticket_1_to_999_is_announced_as_the_table_reads_it(reading, column, southern):
    table = load_table()
    wrong = {}
    for n, row in table.items():
        number = f"A{n:03d}"
        if reading == "number":
            words = [f"vi/{VI_WORDS[w]}" for w in row[column].split()]
        else:
            words = [f"vi/{SPOKEN_DIGITS[int(d)]}" for d in number[1:]]
        expected = [CHIME, "vi/xin_moi_so_thu_tu", "vi/letter_a", *words, "vi/den_quay_so", "vi/ba"]
        clips = announcement_clips(number, 3, reading=reading, southern=southern)
        if clips != expected:
            wrong[number] = clips
    assert wrong == {}


def test_digits_in_english_and_a_wrong_reading(tiny_pack):
    clips = announcement_clips("A015", 3, reading="digits", english=True)
    english = clips[clips.index("en/number") :]
    assert english == [
        "en/number",
        "en/letter_a",
        "en/zero",
        "en/one",
        "en/five",
        "en/please_go_to_counter",
        "en/three",
    ]
    with pytest.raises(ValueError, match="reading must be one of number, digits"):
        announcement_clips("A015", 3, reading="spelled")
    with pytest.raises(ValueError, match="reading"):
        SimAnnouncer(tiny_pack, reading="spelled")
    sim = SimAnnouncer(tiny_pack, reading="digits", realtime=False)
    assert "vi/khong" in sim.announce("A015", 3).clips
    sim.close(5)


def test_english_and_repeat():
    vi = ["vi/xin_moi_so_thu_tu", "vi/letter_b", "vi/mot", "vi/tram", "vi/linh", "vi/nam"]
    vi += ["vi/den_quay_so", "vi/muoi", "vi/hai"]
    en = ["en/number", "en/letter_b", "en/one", "en/hundred", "en/five"]
    en += ["en/please_go_to_counter", "en/twelve"]
    once = [*vi, PAUSE, *en]
    assert announcement_clips("b105", 12, english=True, repeat=2) == [CHIME, *once, PAUSE, *once]


@pytest.mark.parametrize("bad", ["", "15A", "A-15", "A12345", "ABCD1", "Ă15"])
def test_bad_ticket_numbers(bad, tiny_pack):
    with pytest.raises(ValueError, match="ticket number"):
        announcement_clips(bad, 1)
    announcer = SimAnnouncer(tiny_pack, realtime=False)
    with pytest.raises(ValueError):
        announcer.announce(bad, 1)
    assert announcer.history == []


def test_shipped_pack_is_complete_uniform_and_documented():
    pack = VoicePack()
    assert pack.missing() == []
    readme = asset("audio", "README.md").read_text(encoding="utf-8")
    for clip in ALL_CLIPS:
        with wave.open(str(pack.path(clip))) as w:
            assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 16000), clip
            assert 0.1 < w.getnframes() / 16000 < 2.5, clip
        assert f"`{clip}.wav`" in readme
    assert sox_rms(pack.path("vi/muoi")) > 0.05
    assert sox_rms(pack.path(PAUSE)) == 0


def test_sim_mix_is_the_clips_in_order(tmp_path):
    sim = SimAnnouncer(realtime=False)
    item = sim.announce("A015", 3)
    assert sim.wait_idle(10)
    out = tmp_path / "mix.wav"
    sim.write_wav(out)
    expected = VoicePack().duration(list(item.clips))
    assert soxi_duration(out) == pytest.approx(expected, abs=0.001)
    assert sox_rms(out) > 0.05
    assert sim.history == [item]


def test_queue_from_threads_keeps_order_and_never_overlaps(tiny_pack):
    sim = SimAnnouncer(tiny_pack, realtime=True)
    events: list[tuple[str, int, float]] = []
    sim.on_start = lambda a: events.append(("start", a.seq, time.monotonic()))
    sim.on_end = lambda a: events.append(("end", a.seq, time.monotonic()))
    submitted: dict[int, list[Announcement]] = {}
    barrier = threading.Barrier(4)

    def submit(t: int) -> None:
        barrier.wait()
        submitted[t] = [sim.announce(f"{'ABCD'[t]}{i}", t + 1) for i in range(5)]

    threads = [threading.Thread(target=submit, args=(t,)) for t in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sim.wait_idle(30)
    played = sim.history
    assert sorted(a.seq for a in played) == list(range(1, 21))
    assert [a.seq for a in played] == list(range(1, 21))  # queue order, nothing dropped
    for mine in submitted.values():  # each thread's announcements in its own order
        assert [a for a in played if a in mine] == mine
    kinds = [k for k, _, _ in events]
    assert kinds == ["start", "end"] * 20  # never two at once
    assert all(events[i][2] <= events[i + 1][2] for i in range(len(events) - 1))


def test_close_plays_what_is_queued(tiny_pack):
    sim = SimAnnouncer(tiny_pack, realtime=True)
    for i in range(5):
        sim.announce(f"C{i}", 2)
    sim.close(timeout=10)
    assert [a.number for a in sim.history] == ["C0", "C1", "C2", "C3", "C4"]
    with pytest.raises(DeviceError):
        sim.announce("C5", 2)


def test_callback_errors_do_not_stop_the_worker(tiny_pack):
    sim = SimAnnouncer(tiny_pack, realtime=False)
    sim.on_start = lambda a: 1 / 0
    sim.announce("A1", 1)
    sim.announce("A2", 1)
    assert sim.wait_idle(5)
    assert [a.number for a in sim.history] == ["A1", "A2"]


def test_missing_or_mismatched_clips(tmp_path, tiny_pack):
    partial = tmp_path / "partial"
    for clip in ALL_CLIPS:
        if clip != "vi/muoi_ngang" and not clip.startswith("en/"):
            write_tone(partial / f"{clip}.wav", 0.01, 440)
    with pytest.raises(DeviceError, match=r"lacks 1 clip\(s\): vi/muoi_ngang \(run"):
        VoicePack(partial).check(english=False)
    english = sum(c.startswith("en/") for c in ALL_CLIPS)
    with pytest.raises(DeviceError, match=f"lacks {1 + english} clip"):
        VoicePack(partial).check(english=True)
    odd = tmp_path / "odd"
    for clip in ALL_CLIPS:
        write_tone(odd / f"{clip}.wav", 0.01, 440, rate=22050 if clip == "vi/ba" else 16000)
    with pytest.raises(DeviceError, match=r"vi/ba.wav has channels/width/rate \(1, 2, 22050\)"):
        VoicePack(odd).check(english=False)


def test_vlc_really_plays_one_announcement(tmp_path):
    out = tmp_path / "heard.wav"
    announcer = VlcAnnouncer(vlc_args=["--aout=afile", f"--audiofile-file={out}"])
    try:
        item = announcer.announce("A5", 3)
        assert announcer.wait_idle(30)
    finally:
        announcer.close(10)
    expected = announcer.pack.duration(list(item.clips))
    assert soxi_duration(out) == pytest.approx(expected, abs=0.1)
    assert sox_rms(out) > 0.05


def test_vlc_queue_from_threads(tmp_path, tiny_pack):
    out = tmp_path / "heard.wav"
    announcer = VlcAnnouncer(tiny_pack, vlc_args=["--aout=afile", f"--audiofile-file={out}"])
    events: list[tuple[str, int]] = []
    announcer.on_start = lambda a: events.append(("start", a.seq))
    announcer.on_end = lambda a: events.append(("end", a.seq))
    threads = [
        threading.Thread(target=lambda t=t: [announcer.announce(f"B{t}{i}", t) for i in range(2)])
        for t in range(1, 4)
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    try:
        assert announcer.wait_idle(30)
    finally:
        announcer.close(10)
    assert events == [(k, seq) for seq in range(1, 7) for k in ("start", "end")]
    assert soxi_duration(out) > 0  # afile keeps only the last media


def test_without_libvlc_the_error_names_the_packages():
    code = (
        "from kiosk.config import Device, Peripheral\n"
        "from kiosk.devices.factory import build_devices\n"
        "build_devices(Device('d', 'display', 't' * 16, None,"
        " {'audio': Peripheral('audio', 'vlc', {})}))\n"
    )
    env = {**os.environ, "PYTHON_VLC_LIB_PATH": "/nonexistent/libvlc.so.5"}
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert run.returncode == 1
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("kiosk.devices.base.DeviceError: libvlc is missing")
    assert "libvlc5" in last and "vlc-plugin-base" in last
