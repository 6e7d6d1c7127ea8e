"""Background: work on threads, results only through deliver, newest-of-a-key wins."""

from __future__ import annotations

import queue
import threading
import time
from concurrent.futures import Future

import pytest

from kiosk.device.background import Background


class UIThread:
    """The test thread plays the UI thread: deliver() queues, pump() runs what arrived."""

    def __init__(self) -> None:
        self.inbox: queue.Queue = queue.Queue()
        self.thread = threading.get_ident()

    def deliver(self, fn) -> None:
        self.inbox.put(fn)

    def pump(self, until, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while not until():
            self.inbox.get(timeout=max(0.01, deadline - time.monotonic()))()


@pytest.fixture
def ui():
    return UIThread()


def test_result_and_error_arrive_on_the_ui_thread(ui) -> None:
    bg = Background(ui.deliver)
    seen: list = []
    bg.run(lambda: threading.get_ident(), lambda r: seen.append(("done", r, threading.get_ident())))
    bg.run(lambda: 1 / 0, None, lambda e: seen.append(("error", type(e), threading.get_ident())))
    ui.pump(lambda: len(seen) == 2)
    kinds = {s[0]: s for s in seen}
    assert kinds["done"][1] != ui.thread  # the work ran elsewhere
    assert kinds["done"][2] == ui.thread and kinds["error"][2] == ui.thread
    assert kinds["error"][1] is ZeroDivisionError
    bg.shutdown()


def test_a_newer_task_of_the_same_key_drops_the_older_result(ui) -> None:
    bg = Background(ui.deliver, workers=2)
    release = threading.Event()
    seen: list[str] = []
    first = bg.run(lambda: release.wait(5) and "old", seen.append, key="search")
    second = bg.run(lambda: "new", seen.append, key="search")
    ui.pump(lambda: second.done)
    release.set()
    ui.pump(lambda: first.done)
    assert seen == ["new"]
    assert first.cancelled and not second.cancelled
    bg.shutdown()


def test_cancel_drops_the_result_but_runs_finally(ui) -> None:
    bg = Background(ui.deliver)
    seen: list[str] = []
    gate = threading.Event()
    task = bg.run(lambda: gate.wait(5) and "x", seen.append)
    task.add_finally(lambda: seen.append("finally"))
    task.cancel()
    gate.set()
    ui.pump(lambda: task.done)
    assert seen == ["finally"]
    bg.shutdown()


def test_watch_delivers_a_future_made_elsewhere(ui) -> None:
    bg = Background(ui.deliver)
    future: Future = Future()
    seen: list = []
    task = bg.watch(future, seen.append)
    threading.Timer(0.05, future.set_result, ("printed",)).start()
    ui.pump(lambda: task.done)
    assert seen == ["printed"]
    bg.shutdown()
