"""Time for the queue: a real clock, and a file-driven one for tests of the daily reset.

:func:`local_time` is the one way a time for people is made (screens, slips, pages,
reports): the site's wall clock, whatever zone this PC's clock is set to.
"""

from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo


def local_time(tz: ZoneInfo, ts: float | None = None) -> datetime:
    """``ts`` (epoch seconds, default now) as the site's wall-clock time in zone ``tz``."""
    return datetime.fromtimestamp(time.time() if ts is None else ts, tz)


class Clock:
    """Wall-clock time as epoch seconds, and the local day in the site's time zone."""

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz

    def now(self) -> float:
        return time.time()

    def local(self, ts: float | None = None) -> datetime:
        return local_time(self.tz, self.now() if ts is None else ts)

    def day(self, ts: float | None = None) -> date:
        """The local calendar day; numbering restarts when it changes (local midnight)."""
        return self.local(ts).date()


class FileClock(Clock):
    """Reads "now" from a file holding an ISO-8601 time with offset; empty or absent = real time.

    For tests that run a real hub process across a local midnight (``kiosk hub --clock-file``).
    """

    def __init__(self, tz: ZoneInfo, path: Path) -> None:
        super().__init__(tz)
        self.path = path

    def now(self) -> float:
        try:
            text = self.path.read_text().strip()
        except OSError:
            text = ""
        if not text:
            return time.time()
        return datetime.fromisoformat(text).timestamp()
