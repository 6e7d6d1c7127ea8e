"""Rating pad: the debounce rules, then real frames over loop://."""

from __future__ import annotations

import queue
from collections.abc import Iterator

import pytest

from kiosk.devices import rating_pad
from kiosk.devices.rating_pad import Debouncer, RatingPad, SimRatingPad
from tests.helpers import ShiftedTime, shifted_time, wait_for


@pytest.mark.parametrize(
    ("frames", "ratings"),
    [
        ([("P", 2, 0.0), ("R", 2, 0.1)], [2]),
        # bouncing contacts: press/release pairs a few ms apart
        ([("P", 3, 0.0), ("R", 3, 0.004), ("P", 3, 0.008), ("R", 3, 0.012), ("P", 3, 0.016)], [3]),
        # held with auto-repeat for 3 s
        ([("P", 1, i * 0.1) for i in range(30)] + [("R", 1, 3.0)], [1]),
        # two deliberate presses
        ([("P", 1, 0.0), ("R", 1, 0.1), ("P", 1, 1.0), ("R", 1, 1.1)], [1, 1]),
        # a second button inside the window is the same slap
        ([("P", 1, 0.0), ("P", 2, 0.05), ("R", 1, 0.1), ("R", 2, 0.1)], [1]),
        # release lost: the button counts again once it has been silent for stale_s
        ([("P", 2, 0.0), ("P", 2, 1.0), ("P", 2, 7.0)], [2, 2]),
    ],
    ids=["press", "bounce", "held", "twice", "slap", "lost-release"],
)
def test_debouncer(frames, ratings):
    debouncer = Debouncer(3, debounce_s=0.3, stale_s=5.0)
    got = [debouncer.feed(a, b, t) for a, b, t in frames]
    assert [r for r in got if r is not None] == ratings


@pytest.fixture
def clock() -> Iterator[ShiftedTime]:
    """The pad's clock: it stamps each frame with time.monotonic() as its reader takes it."""
    with shifted_time(rating_pad) as shifted:
        yield shifted


@pytest.fixture
def pad(clock: ShiftedTime) -> Iterator[tuple[SimRatingPad, queue.Queue[int]]]:
    ratings: queue.Queue[int] = queue.Queue()
    pad = SimRatingPad(buttons=4, debounce_s=0.15)
    pad.start(ratings.put)
    yield pad, ratings
    pad.stop()


def settle(
    pad: SimRatingPad, ratings: queue.Queue[int], clock: ShiftedTime, marker: int = 4
) -> list[int]:
    """All ratings up to a marker press of button ``marker`` sent after the window (the
    presses before it must have been read: one read after the clock moves is later)."""
    clock.advance(pad.debouncer.debounce_s + 0.05)
    pad.press(marker)
    got = []
    while True:
        rating = ratings.get(timeout=2)
        if rating == marker:
            return got
        got.append(rating)


def test_press_gives_one_rating(pad, clock):
    sim, ratings = pad
    sim.press(2)
    assert ratings.get(timeout=2) == 2
    assert settle(sim, ratings, clock) == []
    assert sim.stats.frames == 4


def test_bounce_gives_one_rating(pad, clock):
    sim, ratings = pad
    sim.bounce(3, times=6)
    wait_for(lambda: sim.stats.frames == 12, 2, "the bounces to be read")
    assert settle(sim, ratings, clock) == [3]
    assert sim.stats.frames == 12 + 2


def test_hold_gives_one_rating(pad, clock):
    sim, ratings = pad
    sim.hold(1, 0.5)  # its last repeats may be read after the clock moves: still held
    assert settle(sim, ratings, clock) == [1]
    assert sim.stats.frames >= 6


def test_bad_frames_are_skipped_and_counted(pad, clock):
    sim, ratings = pad
    sim.send_raw(b"X1\n")  # unknown letter
    sim.send_raw(b"P5\n")  # the pad has 4 buttons
    sim.send_raw(b"P\xff\n")  # not UTF-8
    sim.send_raw(b"P1" + b"1" * 40 + b"\n")  # too long
    sim.send_raw(b"P\x012\r\n")  # control character
    sim.send_raw(b"p2\n")  # lower case is not the format
    assert settle(sim, ratings, clock) == []
    s = sim.stats
    assert (s.garbled, s.not_utf8, s.too_long) == (4, 1, 1)


def test_crlf_frames(pad):
    sim, ratings = pad
    sim.send_raw(b"P3\r\nR3\r\n")
    assert ratings.get(timeout=2) == 3


def test_buttons_must_be_three_to_five():
    with pytest.raises(ValueError, match="buttons"):
        RatingPad("loop://", buttons=6)
