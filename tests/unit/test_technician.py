"""The hidden gesture and the PIN check behind the technician's exit."""

from __future__ import annotations

from kiosk.device.technician import CornerTaps, pin_matches


def test_five_quick_taps_complete_the_gesture():
    taps = CornerTaps(taps=5, window_s=3.0)
    assert [taps.tap(t) for t in (0.0, 0.4, 0.8, 1.2)] == [False] * 4
    assert taps.tap(1.6) is True
    assert taps.tap(1.7) is False  # it starts over


def test_slow_taps_never_complete_it():
    taps = CornerTaps(taps=5, window_s=3.0)
    assert not any(taps.tap(t * 1.0) for t in range(20))


def test_pin_check():
    assert pin_matches("246810", "246810")
    assert not pin_matches("24681", "246810")
    assert not pin_matches("", "")  # no PIN configured: no exit
