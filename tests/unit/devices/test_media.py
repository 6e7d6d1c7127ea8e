"""The hall display's media players without Kivy: playlist order, images, skipped items,
ducking wired to the announcer, and libvlc decoding the shipped clip into memory."""

from __future__ import annotations

import logging
import time

import pytest

from kiosk.config import Device, Peripheral
from kiosk.devices import media as media_module
from kiosk.devices.base import DeviceConfigError, DeviceError
from kiosk.devices.factory import build_devices
from kiosk.devices.media import SimMediaPlayer, VlcMediaPlayer, fit, media_kind
from kiosk.paths import asset
from tests.helpers import wait_for

CARD, CARD2 = asset("media", "huong-dan-cccd.png"), asset("media", "huong-dan-theo-doi.png")
CLIP = asset("media", "huong-dan-lay-so.mp4")


def display(**peripherals: tuple[str, dict]) -> Device:
    return Device(
        id="display-9",
        role="display",
        token="t" * 16,
        peripherals={k: Peripheral(k, d, o) for k, (d, o) in peripherals.items()},
    )


def test_shipped_media_is_small_and_known():
    assert [media_kind(p) for p in (CARD, CARD2, CLIP)] == ["image", "image", "video"]
    assert CLIP.stat().st_size < 300_000
    assert fit((1920, 1080)) == (1280, 720) and fit((640, 360)) == (640, 360)
    with pytest.raises(ValueError, match="not a picture or video"):
        media_kind("notes.txt")


def test_images_advance_and_a_missing_file_is_skipped_once(tmp_path, caplog):
    missing = tmp_path / "gone.png"
    player = SimMediaPlayer([CARD, missing, CARD2], image_seconds=0.3)
    with caplog.at_level(logging.WARNING, "kiosk.devices.media"):
        player.start()
        wait_for(lambda: player.frame is not None)
        first, shown_at = player.frame, time.monotonic()
        assert (first.source, first.width, first.height) == (CARD.name, 1280, 720)
        wait_for(lambda: player.frame.source == CARD2.name, timeout=1.0)
        assert 0.25 < time.monotonic() - shown_at < 0.6
        wait_for(lambda: player.shown.count(CARD.name) == 2)  # it loops
        player.stop()
    assert player.frame.pixels != first.pixels
    skipped = [r for r in caplog.records if "gone.png" in r.getMessage()]
    assert len(skipped) == 1 and "no such file" in skipped[0].getMessage()


def test_sim_video_card_and_ducking_wired_to_the_announcer():
    devices = build_devices(
        display(
            audio=("sim", {"realtime": False}),
            media=("sim", {"playlist": ["media/huong-dan-lay-so.mp4"], "video_seconds": 1}),
        )
    )
    player = devices.media
    assert isinstance(player, SimMediaPlayer) and player.playlist == (CLIP,)
    player.start()
    wait_for(lambda: player.frame is not None and player.frame.seq >= 3)
    assert player.frame.source == CLIP.name
    devices.audio.announce("A015", 3)
    assert devices.audio.wait_idle(5)
    assert player.volumes == [15, 100] and player.volume == 100
    devices.close()
    assert not player.running


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "devices[display-9].media.playlist: missing"),
        ({"playlist": []}, "media.playlist: expected a non-empty list"),
        ({"playlist": ["a.txt"]}, "devices[display-9].media: a.txt: not a picture or video"),
        ({"playlist": ["a.png"], "duck_volume": 120}, "media.duck_volume: 120 must be 0-100"),
        ({"playlist": ["a.png"], "fps": 5}, "devices[display-9].media.fps: unknown option"),
    ],
)
def test_config_errors_name_the_option(options, message):
    with pytest.raises(DeviceConfigError) as err:
        build_devices(display(media=("sim", options)))
    assert message in str(err.value)


def test_vlc_decodes_the_clip_into_memory():
    player = VlcMediaPlayer([CLIP], vlc_args=["--aout=dummy"]).start()
    try:
        wait_for(lambda: player.frame is not None)
        start, first = time.monotonic(), player.frame
        assert (first.width, first.height, first.source) == (640, 360, CLIP.name)
        time.sleep(1.0)  # real: libvlc decodes at the clip's own pace, which is measured
        rate = (player.frame.seq - first.seq) / (time.monotonic() - start)
        assert 15 < rate < 30, f"{rate:.1f} frames/s"  # the clip is 25 frames/s
        assert player.frame.pixels != first.pixels
    finally:
        player.stop()


def test_broken_file_and_missing_libvlc_are_logged_and_skipped(tmp_path, caplog, monkeypatch):
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"not a video at all" * 100)
    with caplog.at_level(logging.WARNING, "kiosk.devices.media"):
        player = VlcMediaPlayer([broken, CARD], image_seconds=0.2, vlc_args=["--aout=dummy"])
        player.start()
        wait_for(lambda: player.frame is not None and player.frame.source == CARD.name)
        player.stop()

        def no_vlc():
            raise DeviceError("libvlc is missing or incomplete: install libvlc5")

        monkeypatch.setattr(media_module, "load_vlc", no_vlc)
        player = VlcMediaPlayer([CLIP, CARD], image_seconds=0.2).start()
        wait_for(lambda: player.frame is not None and player.frame.source == CARD.name)
        player.stop()
    messages = [r.getMessage() for r in caplog.records]
    assert any("broken.mp4" in m and "libvlc" in m for m in messages), messages
    assert any("videos will be skipped" in m and "libvlc5" in m for m in messages), messages
    assert any(CLIP.name in m and "libvlc is missing" in m for m in messages), messages
