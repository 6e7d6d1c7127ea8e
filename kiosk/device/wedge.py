"""Tell a keyboard-wedge (HID) scanner from a person typing, from key timing alone.

A wedge scanner "types" a whole code in a burst, a few milliseconds per key, and ends
it with Enter; people type at 100 ms or more per key. :class:`WedgeParser` is pure (no
Kivy, no clock of its own): feed it every key with its timestamp and it returns
what to do with the keys it has decided on:

* :class:`Scanned` -- a burst of at least ``min_length`` keys, each within
  ``max_gap_s`` of the previous one, ended by Enter within ``max_gap_s``;
* :class:`Typed` -- keys a person typed (Enter included), to pass on to the focused field.

Keys that might still become a burst are held back; call :meth:`WedgeParser.poll` from a
timer (every 50 ms or so) so a person's keys appear within ``max_gap_s``.
"""

from __future__ import annotations

from dataclasses import dataclass

ENTER = ("\r", "\n")


@dataclass(frozen=True)
class Scanned:
    code: str


@dataclass(frozen=True)
class Typed:
    keys: str


WedgeEvent = Scanned | Typed


class WedgeParser:
    """Split a stream of ``(key, timestamp)`` into scanned codes and human typing.

    :param max_gap_s: the longest pause between two keys of one burst (default 40 ms;
        scanners send a key every 2-15 ms, fast typists rarely under 60 ms).
    :param min_length: the fewest keys (Enter not counted) a scanned code has.
    """

    def __init__(self, *, max_gap_s: float = 0.04, min_length: int = 4) -> None:
        if max_gap_s <= 0 or min_length < 1:
            raise ValueError("max_gap_s must be > 0 and min_length >= 1")
        self.max_gap_s = max_gap_s
        self.min_length = min_length
        self._pending: list[str] = []
        self._last: float | None = None

    def feed(self, key: str, timestamp: float) -> list[WedgeEvent]:
        """Take one key (a single character; Enter as ``"\\r"`` or ``"\\n"``) pressed at
        ``timestamp`` seconds, and return the events it settles, in order."""
        if len(key) != 1:
            raise ValueError(f"one key at a time, got {key!r}")
        events = self.poll(timestamp)
        self._last = timestamp
        if key in ENTER:
            if len(self._pending) >= self.min_length:
                code, self._pending = "".join(self._pending), []
                return [*events, Scanned(code)]
            events += self._flush()
            return [*events, Typed(key)]
        self._pending.append(key)
        return events

    def poll(self, now: float) -> list[WedgeEvent]:
        """Release held keys as typing once no scanner key can follow them any more."""
        if self._pending and self._last is not None and now - self._last > self.max_gap_s:
            return self._flush()
        return []

    def _flush(self) -> list[WedgeEvent]:
        if not self._pending:
            return []
        keys, self._pending = "".join(self._pending), []
        return [Typed(keys)]
