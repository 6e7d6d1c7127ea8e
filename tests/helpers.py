"""Helpers every test folder uses: waiting on a condition with a deadline, a free port,
and a clock a test can move forward instead of sleeping.

Folder-specific fixtures stay in their conftest (the UI harness in tests/ui/conftest.py,
the hub process in tests/hub/hubproc.py, the cuttable proxy in tests/unit/device/).
"""

from __future__ import annotations

import inspect
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import TypeVar

import pytest

T = TypeVar("T")
POLL_S = 0.01  # how often a wait looks again


def poll(
    predicate: Callable[[], T],
    timeout: float,
    *,
    pump: Callable[[], object] | None = None,
    interval: float = POLL_S,
) -> T:
    """Call ``predicate`` until it returns something truthy or ``timeout`` seconds pass;
    return its last value. ``pump`` runs between looks (a UI test runs a frame there, so
    what the app schedules on its clock happens while the test waits)."""
    deadline = time.monotonic() + timeout
    while not (value := predicate()) and time.monotonic() < deadline:
        if pump is not None:
            pump()
        time.sleep(interval)  # the poll's own pace, not a wait for something to happen
    return value


def wait_for(
    predicate: Callable[[], T],
    timeout: float = 10.0,
    message: str = "",
    *,
    pump: Callable[[], object] | None = None,
    interval: float = POLL_S,
) -> T:
    """Wait until ``predicate()`` is truthy and return that value; fail the test with
    ``message`` (by default the predicate's source) if it is not within ``timeout`` s."""
    value = poll(predicate, timeout, pump=pump, interval=interval)
    if not value:
        what = message or _source(predicate)
        raise AssertionError(f"timed out after {timeout} s waiting for {what} (last: {value!r})")
    return value


def _source(predicate: Callable) -> str:
    try:
        return inspect.getsource(predicate).strip()
    except (OSError, TypeError):
        return repr(predicate)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (now)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ShiftedTime:
    """Stands in for the ``time`` module inside modules under test that read
    ``time.monotonic()`` and take no clock: their monotonic clock runs ahead of the real
    one by as much as the test has moved it (:meth:`advance`), so a hold, a blink or a
    debounce window passes at once instead of being slept through. Everything else is the
    real ``time``. The offset only grows, so their clock never runs backwards."""

    def __init__(self) -> None:
        self.offset = 0.0

    def monotonic(self) -> float:
        return time.monotonic() + self.offset

    def advance(self, seconds: float) -> None:
        assert seconds >= 0, "time does not run backwards"
        self.offset += seconds

    def __getattr__(self, name: str) -> object:
        return getattr(time, name)


@contextmanager
def shifted_time(*modules: ModuleType) -> Iterator[ShiftedTime]:
    """One :class:`ShiftedTime` as the ``time`` of each of ``modules``, while the block runs."""
    clock = ShiftedTime()
    with pytest.MonkeyPatch.context() as patch:
        for module in modules:
            assert getattr(module, "time", None) is time, f"{module.__name__} reads no time"
            patch.setattr(module, "time", clock)
        yield clock
