"""Blocking work off the UI thread, results delivered back on it (electrum's pattern).

:class:`Background` runs callables on a small thread pool and hands each outcome to a
``deliver`` function that runs it on the UI thread; the Kivy app passes one built on
``Clock.schedule_once``, tests may pass ``lambda fn: fn()``. No Kivy import here, so the
service layer (:mod:`kiosk.device.service`) stays testable without a window.

A :class:`Task` can be cancelled: its callbacks then never run (a screen that was left,
or a search overtaken by the next keystroke). Tasks given the same ``key`` replace each
other: only the newest one's result is delivered.

The workers are daemon threads, so a request hanging on the network never holds the
process at exit (``concurrent.futures`` joins its workers then, without a timeout).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
Deliver = Callable[[Callable[[], None]], None]
OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]


class Task(Generic[T]):
    """One piece of background work; callbacks run on the UI thread unless cancelled."""

    def __init__(self, on_done: OnDone | None, on_error: OnError | None) -> None:
        self.on_done = on_done
        self.on_error = on_error
        self.cancelled = False
        self.done = False
        self._finally: list[Callable[[], None]] = []

    def cancel(self) -> None:
        """Drop the result: neither on_done nor on_error will run (finally-callbacks still do)."""
        self.cancelled = True

    def add_finally(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` on the UI thread once the task ends, cancelled or not."""
        if self.done:
            callback()
        else:
            self._finally.append(callback)

    def _settle(self, ok: bool, value: Any) -> None:
        """On the UI thread: call the matching callback, then the finally-callbacks."""
        self.done = True
        try:
            if not self.cancelled:
                if ok and self.on_done is not None:
                    self.on_done(value)
                elif not ok:
                    if self.on_error is None:
                        log.error("background task failed", exc_info=value)
                    else:
                        self.on_error(value)
        finally:
            callbacks, self._finally = self._finally, []
            for callback in callbacks:
                callback()


class Background:
    """Daemon worker threads whose results come back through ``deliver`` (the UI thread)."""

    def __init__(self, deliver: Deliver, workers: int = 4) -> None:
        self.deliver = deliver
        self._workers = workers
        self._threads: list[threading.Thread] = []
        self._queue: queue.SimpleQueue[tuple[Callable[[], Any], Task] | None] = queue.SimpleQueue()
        self._closed = False
        self._latest: dict[str, Task] = {}
        self._lock = threading.Lock()

    def run(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: OnError | None = None,
        *,
        key: str | None = None,
    ) -> Task[T]:
        """Run ``work()`` on a worker; deliver its result to ``on_done`` or its exception to
        ``on_error``. With ``key``, an earlier unfinished task of that key is cancelled."""
        task: Task[T] = Task(on_done, on_error)
        self._replace(key, task)
        with self._lock:
            if self._closed:  # the app is closing
                task.cancel()
                return task
            if len(self._threads) < self._workers:
                thread = threading.Thread(
                    target=self._work, name=f"kiosk-bg-{len(self._threads)}", daemon=True
                )
                self._threads.append(thread)
                thread.start()
            self._queue.put((work, task))
        return task

    def watch(
        self,
        future: Future[T],
        on_done: Callable[[T], None] | None = None,
        on_error: OnError | None = None,
        *,
        key: str | None = None,
    ) -> Task[T]:
        """Deliver the outcome of a Future made elsewhere (a printer job) like :meth:`run`."""
        task: Task[T] = Task(on_done, on_error)
        self._replace(key, task)

        def finished(f: Future[T]) -> None:
            error = f.exception()
            self.deliver(
                lambda: task._settle(error is None, f.result() if error is None else error)
            )

        future.add_done_callback(finished)
        return task

    def shutdown(self) -> None:
        """Drop what has not started, cancel the rest, stop the workers (without waiting)."""
        with self._lock:
            self._closed = True
            for task in self._latest.values():
                task.cancel()
            self._latest.clear()
            while True:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is not None:
                    item[1].cancel()
            for _ in self._threads:
                self._queue.put(None)

    def _replace(self, key: str | None, task: Task) -> None:
        if key is None:
            return
        with self._lock:
            previous = self._latest.get(key)
            self._latest[key] = task
        if previous is not None and not previous.done:
            previous.cancel()

    def _work(self) -> None:
        while (item := self._queue.get()) is not None:
            self._call(*item)

    def _call(self, work: Callable[[], Any], task: Task) -> None:
        if task.cancelled:  # overtaken before it started: skip the work itself
            self.deliver(lambda: task._settle(True, None))
            return
        try:
            value, ok = work(), True
        except Exception as e:
            value, ok = e, False
        self.deliver(lambda: task._settle(ok, value))
