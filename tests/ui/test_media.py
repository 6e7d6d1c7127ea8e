"""The hall display's media area at 1920x1080: libvlc frames reach the texture, pictures
follow, the sound is ducked while a call is announced, the numbers stay large."""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from types import MappingProxyType

import pytest

from kiosk.config import Peripheral, load_site
from kiosk.devices.factory import build_devices
from kiosk.ui.screens.hall_display import HISTORY, HISTORY_WITH_MEDIA, HallMedia
from tests.ui.conftest import LANDSCAPE, UI
from tests.ui.test_queue_roles import CAP_HEIGHT_MIN, _admin, number_cap_height

pytestmark = pytest.mark.ui
GOLD = (255, 219, 64)  # the clip's progress bar


def _display(apps, peripherals: dict[str, Peripheral] | None) -> UI:
    """The admin device as a hall display, with these peripherals instead of its own."""
    devices = None
    if peripherals is not None:
        admin = load_site(apps.site_file).device("admin")
        devices = build_devices(replace(admin, peripherals=MappingProxyType(peripherals)))
    ui = UI(apps.open("admin", ("display",), devices=devices))
    ui.resize(LANDSCAPE)
    return ui


def _bar(texture) -> int:
    """Gold pixels in the row 4 px above the picture's bottom (the clip's progress)."""
    width, height = texture.size
    pixels = texture.pixels  # read back from the GPU, rows as uploaded (top first)
    row = pixels[(height - 4) * width * 4 : (height - 3) * width * 4]
    return sum(1 for x in range(0, len(row), 4)
               if abs(row[x] - GOLD[0]) < 40 and abs(row[x + 1] - GOLD[1]) < 40
               and row[x + 2] < 120)  # fmt: skip


def test_display_without_media_is_unchanged(apps) -> None:
    screen = _display(apps, None).app.screen
    assert not screen.has_media and screen.media_view is None
    assert screen.ids.side.size_hint_x == 0.34 and len(screen.ids.side.children) == 1
    assert len(screen.recent_rows) == HISTORY


def test_vlc_media_area_frames_ducking_and_numbers(apps, hub, caplog, lobby_clock) -> None:
    admin = _admin(hub)
    playlist = ["media/huong-dan-lay-so.mp4", "media/khong-co.png", "media/huong-dan-cccd.png"]
    options = {"playlist": playlist, "image_seconds": 2, "vlc_args": ["--aout=alsa"]}
    media = Peripheral("media", "vlc", options)
    audio = Peripheral("audio", "sim", {"realtime": True})
    with caplog.at_level(logging.WARNING, "kiosk.devices.media"):
        ui = _display(apps, {"media": media, "audio": audio})
        screen = ui.app.screen
        view, player = screen.media_view, screen.ctx.devices.media
        assert isinstance(view, HallMedia) and len(screen.recent_rows) == HISTORY_WITH_MEDIA
        ui.wait_for(lambda: screen.connected, timeout=10)

        # libvlc's frames reach the texture, and the picture moves
        ui.wait_for(lambda: view.frames_shown >= 2 and view.texture is not None)
        assert tuple(view.texture.size) == (640, 360)
        first_bar, shown, start = _bar(view.texture), view.frames_shown, time.monotonic()
        decoded = player.frame.seq
        ui.wait_for(lambda: time.monotonic() - start > 1.0)
        elapsed = time.monotonic() - start
        later_bar = _bar(view.texture)
        assert later_bar > first_bar + 100, (first_bar, later_bar)
        print(
            f"\ndecoded {(player.frame.seq - decoded) / elapsed:.1f} frames/s, "
            f"uploaded {(view.frames_shown - shown) / elapsed:.1f} frames/s to the texture"
        )

        # a call is announced: the clip's sound is ducked, then restored
        for _ in range(3):
            admin.issue_ticket("hotich")
        admin.call_next(1)
        ui.wait_for(lambda: player.volume == 15, timeout=5)
        ui.wait_for(lambda: player.audio_volume() == 15, timeout=5)
        ui.wait_for(lambda: player.volume == 100, timeout=10)
        audio_ok = player.audio_volume()
        assert audio_ok in (100, None)  # None: the clip ended just now

        # the missing picture is skipped, the card follows the clip
        ui.wait_for(lambda: player.frame.source == "huong-dan-cccd.png", timeout=8)
        ui.wait_for(lambda: view.texture.size[0] == 1280)
    assert any("khong-co.png" in r.getMessage() and "no such file" in r.getMessage()
               for r in caplog.records)  # fmt: skip

    # the number stays readable from across the hall
    lobby_clock.advance(screen.board.blink_s)  # the call's blinking is over
    ui.wait_for(lambda: not screen.rows[1].blinking)
    cap = number_cap_height(screen, ui.screenshot("display-media"))
    print(f"number cap height with the media area: {cap} px")
    assert cap >= max(CAP_HEIGHT_MIN, 140), f"the number's cap height is {cap} px"
