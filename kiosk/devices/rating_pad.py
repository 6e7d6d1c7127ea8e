"""The satisfaction button pad at a counter: 3 to 5 face buttons on a serial line.

Frame format (ASCII, one frame per line, 9600 8N1 by default)::

    P<n>\\n     button n pressed  (n = 1..buttons, 1 is the leftmost face)
    R<n>\\n     button n released

CR or CR LF may end a frame instead of LF. A pad may repeat ``P<n>`` while the button is
held (auto-repeat); it need not. Anything else -- an unknown letter, a button the pad
does not have, noise, bytes that are not UTF-8, a frame longer than 16 bytes -- is
logged, counted in ``stats`` and skipped.

One press gives one rating (:class:`Debouncer`): a rating is a press *edge* (a button
going from released to pressed) that comes at least ``debounce_s`` after the last
rating. Bouncing contacts (P R P R within a few ms) and a held, auto-repeating button
therefore give one rating. A press of a button still marked held counts again only when
that button has been silent for ``stale_s`` (its release frame was lost).

Ratings (the button number) reach ``on_rating`` on the reader thread.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable

from kiosk.devices.serial_port import LineDevice

log = logging.getLogger(__name__)

RatingHandler = Callable[[int], None]
_FRAME = re.compile(r"^([PR])([1-9])$")
MAX_FRAME = 16


class Debouncer:
    """Turns press/release frames with timestamps into ratings (pure; no thread, no clock)."""

    def __init__(self, buttons: int, *, debounce_s: float = 0.3, stale_s: float = 5.0) -> None:
        self.buttons = buttons
        self.debounce_s = debounce_s
        self.stale_s = stale_s
        self._held: dict[int, float] = {}
        self._last_rating: float | None = None

    def feed(self, action: str, button: int, t: float) -> int | None:
        """Take ``"P"`` or ``"R"`` for ``button`` at time ``t``; return the rating, if any."""
        if action == "R":
            self._held.pop(button, None)
            return None
        since = self._held.get(button)
        self._held[button] = t
        if since is not None and t - since < self.stale_s:
            return None  # held: auto-repeat, or a press whose release we saw no time for
        if self._last_rating is not None and t - self._last_rating < self.debounce_s:
            return None  # bounce
        self._last_rating = t
        return button


class RatingPad(LineDevice):
    """A serial button pad at a pyserial URL; :meth:`start` begins delivering ratings."""

    name = "rating_pad"

    def __init__(
        self,
        port: str,
        *,
        buttons: int = 3,
        baudrate: int = 9600,
        debounce_s: float = 0.3,
    ) -> None:
        if not 3 <= buttons <= 5:
            raise ValueError(f"buttons must be 3, 4 or 5, not {buttons}")
        self.buttons = buttons
        self.debouncer = Debouncer(buttons, debounce_s=debounce_s)
        super().__init__(port, baudrate=baudrate, max_length=MAX_FRAME)
        self._on_rating: RatingHandler | None = None

    def start(self, on_rating: RatingHandler) -> None:
        """Open the port and call ``on_rating(button)`` on the reader thread per rating."""
        self._on_rating = on_rating
        self._reader.start()

    def _text(self, text: str) -> None:
        m = _FRAME.match(text)
        if m is None or int(m.group(2)) > self.buttons:
            self.stats.garbled += 1
            log.warning("rating_pad: unknown frame skipped: %r", text)
            return
        self.stats.frames += 1
        rating = self.debouncer.feed(m.group(1), int(m.group(2)), time.monotonic())
        if rating is not None:
            log.info("rating_pad: button %d", rating)
            if self._on_rating is not None:
                self._on_rating(rating)


class SimRatingPad(RatingPad):
    """A simulated pad: frames written to a ``loop://`` port go through the real parsing.

    :meth:`hold` and :meth:`bounce` block while they send (call them off the UI thread).
    """

    def __init__(self, *, buttons: int = 3, port: str = "loop://", debounce_s: float = 0.3):
        super().__init__(port, buttons=buttons, debounce_s=debounce_s)
        self._send_lock = threading.Lock()

    def press(self, n: int) -> None:
        """A clean press and release of button ``n``."""
        self.send_raw(f"P{n}\nR{n}\n".encode())

    def hold(self, n: int, seconds: float, repeat_s: float = 0.1) -> None:
        """Hold button ``n`` for ``seconds``, auto-repeating ``P<n>`` every ``repeat_s``."""
        end = time.monotonic() + seconds
        with self._send_lock:
            while True:
                self._reader.write(f"P{n}\n".encode())
                left = end - time.monotonic()
                if left <= 0:
                    break
                time.sleep(min(repeat_s, left))
            self._reader.write(f"R{n}\n".encode())

    def bounce(self, n: int, times: int, gap_s: float = 0.003) -> None:
        """One press of button ``n`` whose contacts bounce: ``times`` press/release pairs."""
        with self._send_lock:
            for _ in range(times):
                self._reader.write(f"P{n}\n".encode())
                time.sleep(gap_s)
                self._reader.write(f"R{n}\n".encode())
                time.sleep(gap_s)

    def send_raw(self, data: bytes) -> None:
        """Inject any bytes (noise, unknown frames) as if the pad had sent them."""
        with self._send_lock:
            self._reader.write(data)
