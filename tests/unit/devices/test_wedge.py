"""Keyboard-wedge parser: scanner bursts versus people typing, from key timestamps."""

from __future__ import annotations

import pytest

from kiosk.device.wedge import Scanned, Typed, WedgeEvent, WedgeParser

DOSSIER = "H15.50.05.13-261008-0975"


def type_keys(
    parser: WedgeParser, keys: str, start: float, gap: float
) -> tuple[list[WedgeEvent], float]:
    """Feed ``keys`` ``gap`` seconds apart from ``start``; return events and the last time."""
    events: list[WedgeEvent] = []
    t = start
    for i, key in enumerate(keys):
        t = start + i * gap
        events += parser.feed(key, t)
    return events, t


def test_fast_burst_with_enter_is_a_scan():
    parser = WedgeParser()
    events, t = type_keys(parser, DOSSIER + "\r", 10.0, 0.005)
    assert events == [Scanned(DOSSIER)]
    assert parser.poll(t + 1) == []


def test_human_typing_passes_through_key_by_key():
    parser = WedgeParser()
    events: list[WedgeEvent] = []
    for i, key in enumerate("ab12"):
        events += parser.feed(key, i * 0.15)
    events += parser.poll(0.45 + 0.1)
    assert events == [Typed("a"), Typed("b"), Typed("1"), Typed("2")]
    assert parser.feed("\n", 0.7) == [Typed("\n")]


def test_held_keys_wait_for_the_gap_only():
    parser = WedgeParser(max_gap_s=0.04)
    assert parser.feed("x", 1.0) == []
    assert parser.poll(1.03) == []
    assert parser.poll(1.05) == [Typed("x")]


def test_short_fast_burst_is_typing():
    parser = WedgeParser(min_length=4)
    events, _ = type_keys(parser, "ab\r", 0.0, 0.005)
    assert events == [Typed("ab"), Typed("\r")]


def test_burst_with_a_late_enter_is_typing():
    parser = WedgeParser()
    events, t = type_keys(parser, DOSSIER, 0.0, 0.005)
    events += parser.feed("\r", t + 0.5)
    assert events == [Typed(DOSSIER), Typed("\r")]


def test_typing_then_a_scan():
    parser = WedgeParser()
    events = parser.feed("q", 0.0)
    burst, _ = type_keys(parser, "B-0042\n", 0.3, 0.008)
    assert events + burst == [Typed("q"), Scanned("B-0042")]


def test_a_pause_inside_a_burst_splits_it():
    parser = WedgeParser()
    first, t = type_keys(parser, "ABC", 0.0, 0.005)
    second, _ = type_keys(parser, "DEFG\r", t + 0.2, 0.005)
    assert first + second == [Typed("ABC"), Scanned("DEFG")]


def test_bad_arguments():
    with pytest.raises(ValueError):
        WedgeParser().feed("ab", 0.0)
    with pytest.raises(ValueError):
        WedgeParser(max_gap_s=0)
