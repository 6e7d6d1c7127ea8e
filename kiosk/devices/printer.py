"""The receipt printer: one interface for real and simulated printers, one queue per printer.

Every job runs on the printer's own worker thread, so two jobs never
interleave and a caller never waits on a serial line: ``print_ticket`` returns
a :class:`~concurrent.futures.Future` of a :class:`PrintResult`. Transports
implement ``_open``, ``_write``, ``_close`` and, where the link reads back,
``_transact`` (one status query -> its reply byte).

Status comes from the printer's own status bytes: ``DLE EOT 1/2/4`` (real-time), with
``GS r 1`` (paper sensor) for printers that leave ``DLE EOT 4`` unanswered. A link that
cannot read back, or a printer that answers nothing, is :attr:`DeviceStatus.UNKNOWN`,
never "paper out" (python-escpos's ``paper_status()`` gives 0 for both). Unknown does
not stop a job by itself: a write that fails is then the only sign.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass

from kiosk.devices.base import DeviceError, DeviceStatus
from kiosk.devices.slips import ChecklistSlip, TicketSlip
from kiosk.i18n import Phrase, Worded

log = logging.getLogger(__name__)

DLE_EOT = b"\x10\x04"
GS_R_PAPER = b"\x1dr\x01"  # GS r 1: transmit the paper sensor status


@dataclass(frozen=True)
class PrintResult(Worded):
    """How one job ended: printed (``ok``) or not, the printer status, and what to tell people."""

    ok: bool
    status: DeviceStatus
    words: Phrase
    kind: str
    nbytes: int = 0
    seconds: float = 0.0

    @classmethod
    def of(
        cls,
        ok: bool,
        status: DeviceStatus,
        kind: str,
        *,
        nbytes: int = 0,
        seconds: float = 0.0,
    ) -> PrintResult:
        state = Phrase(f"printer.{status.value}")
        if ok and status is DeviceStatus.PAPER_LOW:
            words = Phrase("print.done_but", {"status": state})
        elif ok and status is DeviceStatus.UNKNOWN:
            words = Phrase("print.unverified")  # sent, but nothing says it came out
        elif ok:
            words = Phrase("print.done")
        elif kind == "ticket":
            words = Phrase("print.ticket_still_valid", {"status": state})
        else:
            words = state
        return cls(ok, status, words, kind, nbytes, seconds)


def status_from_replies(printer: int, cause: int | None, paper: int | None) -> DeviceStatus:
    """Map ``DLE EOT 1/2/4`` reply bytes (printer, offline cause, paper sensor) to a status."""
    for byte in (printer, cause, paper):
        if byte is not None and byte & 0x93 != 0x12:  # bits 1 and 4 set, 0 and 7 clear
            return DeviceStatus.ERROR
    if printer & 0x08:  # offline
        if cause is None:
            return DeviceStatus.OFFLINE
        if cause & 0x04:
            return DeviceStatus.COVER_OPEN
        if cause & 0x20:
            return DeviceStatus.PAPER_OUT
        return DeviceStatus.ERROR if cause & 0x40 else DeviceStatus.OFFLINE
    if paper is not None and paper & 0x60:
        return DeviceStatus.PAPER_OUT
    if paper is not None and paper & 0x0C:
        return DeviceStatus.PAPER_LOW
    return DeviceStatus.READY


def paper_from_gs_r(reply: int | None) -> int | None:
    """A ``GS r 1`` reply (bits 0-1 near end, 2-3 paper end; 4 and 7 zero) in the form of a
    ``DLE EOT 4`` reply, or None when there is no valid reply."""
    if reply is None or reply & 0x90:
        return None
    return 0x12 | (0x0C if reply & 0x03 else 0) | (0x60 if reply & 0x0C else 0)


@dataclass
class _Job:
    run: Callable[[], object]
    future: Future


class Printer(ABC):
    """A thermal receipt printer ``width_dots`` wide (384 for 58 mm paper, 576 for 80 mm)."""

    def __init__(
        self,
        name: str,
        width_dots: int,
        profile: str = "default",
        job_timeout_s: float = 30.0,
        vietnamese: str = "glyphs",
    ) -> None:
        self.name = name
        self.width_dots = width_dots
        self.profile = profile
        self.job_timeout_s = job_timeout_s
        self.vietnamese = vietnamese
        self._status = DeviceStatus.OFFLINE  # until the first check says otherwise
        self._opened = False
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._lock = threading.Lock()
        self._pending_check: Future[DeviceStatus] | None = None
        self._settling = threading.Lock()  # orders the worker and the watchdog on one future
        # python-escpos and its profile table load with the first printer, not with the
        # module: a counter, a hall display or a rating pad never pays for them.
        from kiosk.devices import escpos_ticket

        self._render = escpos_ticket

    # -- transport hooks, called on the worker thread only --
    @abstractmethod
    def _open(self) -> None:
        """Connect; raise DeviceError (or OSError) when the printer is not there."""

    @abstractmethod
    def _write(self, data: bytes) -> None:
        """Send bytes; raise DeviceError or OSError when they do not get through."""

    @abstractmethod
    def _close(self) -> None:
        """Disconnect; must not raise."""

    def _transact(self, query: bytes) -> bytes | None:
        """Send one real-time query and return the reply (b"" if none); None: cannot read back."""
        return None

    # -- public API --
    @property
    def last_status(self) -> DeviceStatus:
        """The status seen by the last job or check (never blocks)."""
        return self._status

    def status(self, wait_s: float = 0.5) -> DeviceStatus:
        """Ask the printer, waiting at most ``wait_s``; on timeout return the last known status."""
        future = self.refresh_status()
        try:
            return future.result(timeout=wait_s)
        except TimeoutError:  # a job is printing, or the link hangs
            return DeviceStatus.BUSY if self._status.usable else self._status

    def refresh_status(self) -> Future[DeviceStatus]:
        """Queue a status check (DLE EOT where the link reads back); repeated calls share one."""
        with self._lock:
            pending = self._pending_check
        if pending is not None and not pending.done():
            return pending
        future = self._submit(self._check)
        with self._lock:
            self._pending_check = future
        return future

    def ticket_bytes(self, slip: TicketSlip) -> bytes:
        """The exact job :meth:`print_ticket` sends for ``slip``."""
        return self._render.ticket_bytes(slip, self.width_dots, self.profile, self.vietnamese)

    def checklist_bytes(self, slip: ChecklistSlip) -> bytes:
        """The exact job :meth:`print_checklist` sends for ``slip``."""
        return self._render.checklist_bytes(slip, self.width_dots, self.profile, self.vietnamese)

    def print_ticket(self, slip: TicketSlip) -> Future[PrintResult]:
        """Queue a queue ticket; the future's result says whether it printed."""
        return self.print_job(lambda: self.ticket_bytes(slip), "ticket")

    def print_checklist(self, slip: ChecklistSlip) -> Future[PrintResult]:
        """Queue a procedure checklist."""
        return self.print_job(lambda: self.checklist_bytes(slip), "checklist")

    def print_job(self, build: Callable[[], bytes], kind: str = "raw") -> Future[PrintResult]:
        """Queue any job; ``build`` makes its bytes on the worker thread."""
        future = self._submit(lambda: self._print(build, kind))
        timer = threading.Timer(self.job_timeout_s, self._expire, (future, kind))
        timer.daemon = True
        future.add_done_callback(lambda _: timer.cancel())
        timer.start()
        return future

    def close(self, timeout_s: float = 5.0) -> None:
        """Finish queued jobs, stop the worker and disconnect."""
        with self._lock:
            worker, self._worker = self._worker, None
        if worker is not None:
            self._jobs.put(None)
            worker.join(timeout_s)

    # -- worker side --
    def _submit(self, run: Callable[[], object]) -> Future:
        future: Future = Future()
        with self._lock:
            if self._worker is None:
                self._worker = threading.Thread(
                    target=self._work, name=f"printer-{self.name}", daemon=True
                )
                self._worker.start()
            self._jobs.put(_Job(run, future))
        return future

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            if not job.future.set_running_or_notify_cancel():
                continue
            try:
                result = job.run()
            except Exception as e:  # a bug in a job must not kill the queue
                log.exception("printer %s: job failed", self.name)
                with self._settling:
                    _settle(job.future, exception=e)
            else:
                with self._settling:
                    _settle(job.future, result)
        self._disconnect()

    def _expire(self, future: Future, kind: str) -> None:
        with self._settling:  # the worker may be finishing the same job right now
            if future.done():
                return
            log.warning("printer %s: no answer within %ss", self.name, self.job_timeout_s)
            self._status = DeviceStatus.OFFLINE
            _settle(future, PrintResult.of(False, DeviceStatus.OFFLINE, kind))

    def _connect(self) -> None:
        if not self._opened:
            self._open()
            self._opened = True

    def _disconnect(self) -> None:
        if self._opened:
            self._opened = False
            self._close()

    def _ask(self, query: bytes) -> int | None:
        """The reply byte to ``query``; None when the link cannot read back or none came."""
        reply = self._transact(query)
        return reply[-1] if reply else None

    def _query(self) -> DeviceStatus:
        printer = self._ask(DLE_EOT + b"\x01")
        if printer is None:  # write-only link, or no answer: nothing is known
            return DeviceStatus.UNKNOWN
        if printer & 0x08:
            return status_from_replies(printer, self._ask(DLE_EOT + b"\x02"), None)
        paper = self._ask(DLE_EOT + b"\x04")
        if paper is None:
            paper = paper_from_gs_r(self._ask(GS_R_PAPER))
        return status_from_replies(printer, None, paper)

    def _check(self) -> DeviceStatus:
        try:
            self._connect()
            self._status = self._query()
        except (DeviceError, OSError) as e:
            self._status = getattr(e, "status", DeviceStatus.OFFLINE)
            self._disconnect()
        return self._status

    def _print(self, build: Callable[[], bytes], kind: str) -> PrintResult:
        start = time.monotonic()
        data = build()
        before = self._check()
        if not before.usable:
            return PrintResult.of(False, before, kind)
        self._status = DeviceStatus.BUSY
        try:
            self._write(data)
        except (DeviceError, OSError) as e:
            log.warning("printer %s: write failed: %s", self.name, e)
            self._status = getattr(e, "status", DeviceStatus.OFFLINE)
            self._disconnect()
            return PrintResult.of(False, self._status, kind)
        after = self._check()
        took = time.monotonic() - start
        return PrintResult.of(after.usable, after, kind, nbytes=len(data), seconds=took)


def _settle(future: Future, result: object = None, exception: BaseException | None = None) -> None:
    """Complete ``future`` unless the watchdog already did."""
    with contextlib.suppress(InvalidStateError):
        if exception is not None:
            future.set_exception(exception)
        else:
            future.set_result(result)
