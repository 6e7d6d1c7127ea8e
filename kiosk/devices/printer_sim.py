"""The simulated printer (driver "sim"): keeps every job's exact bytes and draws them on paper.

It answers the status queries (``DLE EOT 1/2/4``, ``GS r 1``) with the bytes a printer
would send for its fault knobs, so the status handling in
:class:`~kiosk.devices.printer.Printer` runs unchanged; ``silent`` prints but answers no
query (a printer whose state nobody can know). Knobs are set from the site config and may
be flipped at run time (``sim.paper_out = True``) by the demo's simulator panel or a
technician.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from kiosk.devices.base import DeviceError, DeviceStatus
from kiosk.devices.escpos_render import Rendered, render
from kiosk.devices.printer import DLE_EOT, GS_R_PAPER, Printer

FAULTS = ("paper_low", "paper_out", "cover_open", "offline", "silent")


class SimPrinter(Printer):
    """A printer in memory. ``baud`` > 0 makes writes take as long as a serial line would."""

    def __init__(
        self,
        name: str = "sim",
        width_dots: int = 576,
        profile: str = "default",
        *,
        paper_low: bool = False,
        paper_out: bool = False,
        cover_open: bool = False,
        offline: bool = False,
        silent: bool = False,
        write_delay_ms: int = 0,
        baud: int = 0,
        job_timeout_s: float = 30.0,
        vietnamese: str = "glyphs",
    ) -> None:
        super().__init__(name, width_dots, profile, job_timeout_s, vietnamese)
        self.paper_low = paper_low
        self.paper_out = paper_out
        self.cover_open = cover_open
        self.offline = offline
        self.silent = silent
        self.write_delay_ms = write_delay_ms
        self.baud = baud
        self.jobs: list[bytes] = []
        self._jobs_lock = threading.Lock()

    @property
    def output(self) -> bytes:
        """Every job's bytes, in order."""
        with self._jobs_lock:
            return b"".join(self.jobs)

    def clear(self) -> None:
        """Forget the jobs printed so far."""
        with self._jobs_lock:
            self.jobs.clear()

    def faults(self) -> dict[str, bool]:
        """The fault knobs and their current values."""
        return {name: getattr(self, name) for name in FAULTS}

    def set_fault(self, name: str, on: bool) -> None:
        """Switch one fault knob (one of :data:`FAULTS`) at run time."""
        if name not in FAULTS:
            raise ValueError(f"unknown printer fault {name!r} (known: {', '.join(FAULTS)})")
        setattr(self, name, bool(on))

    def render_last(self) -> Rendered:
        """Draw the last job as paper; raises LookupError when nothing has printed yet."""
        with self._jobs_lock:
            if not self.jobs:
                raise LookupError("the simulated printer has printed nothing yet")
            data = self.jobs[-1]
        return render(data, self.width_dots)

    def save_last_png(self, path: str | Path) -> Path:
        """Write the last job as a PNG and return its path."""
        path = Path(path)
        self.render_last().image.save(path)
        return path

    # -- transport --
    def _open(self) -> None:
        if self.offline:
            raise DeviceError("simulated printer is offline", DeviceStatus.OFFLINE)

    def _close(self) -> None:
        pass

    def _transact(self, query: bytes) -> bytes | None:
        if self.offline or self.silent:
            return b""
        if query == GS_R_PAPER:
            return bytes([(0x03 if self.paper_low else 0) | (0x0C if self.paper_out else 0)])
        stopped = self.cover_open or self.paper_out
        replies = {
            1: 0x12 | (0x08 if stopped else 0),
            2: 0x12 | (0x04 if self.cover_open else 0) | (0x20 if self.paper_out else 0),
            4: 0x12 | (0x60 if self.paper_out else 0) | (0x0C if self.paper_low else 0),
        }
        if query[:2] != DLE_EOT or query[2] not in replies:
            raise ValueError(f"not a status query the simulator knows: {query!r}")
        return bytes([replies[query[2]]])

    def _write(self, data: bytes) -> None:
        delay = self.write_delay_ms / 1000 + (len(data) * 10 / self.baud if self.baud else 0)
        if delay:
            time.sleep(delay)
        if self.offline:
            raise DeviceError("simulated printer went offline", DeviceStatus.OFFLINE)
        with self._jobs_lock:
            self.jobs.append(bytes(data))
