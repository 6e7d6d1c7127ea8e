"""The notifier's sender: one thread that delivers the outbox, with retries.

Each due message is sent once at a time; it is marked sent only when the gateway said
yes, else tried again after a pause that doubles from ``retry_first_s`` up to
``retry_max_s``, and given up after ``max_attempts`` (logged). Marks are durable
commits of the hub's writer, so a hub restarted while messages wait resumes them; a
message whose answer was lost is sent again under the same tracking id, which a gateway
that keeps ids (see kiosk/notify/fake_gateways.py) answers without a second message.
Nothing logged here names a number: the ticket's tracking id and the kind do.
"""

from __future__ import annotations

import logging
import threading
import time
from functools import partial

from kiosk.clock import Clock
from kiosk.config import NotifySettings
from kiosk.notify.base import Message, Notifier, Outcome
from kiosk.queue import notify_outbox
from kiosk.store.db import Database, Tx, WriteFn

log = logging.getLogger(__name__)
IDLE_S = 30.0  # an idle sender looks at the outbox this often (and forgets ended numbers)
BATCH = 20


def backoff(settings: NotifySettings, attempts: int) -> float:
    """The pause after the ``attempts``-th failure: doubling, capped."""
    return min(settings.retry_max_s, settings.retry_first_s * 2 ** max(0, attempts - 1))


class NotifySender:
    """Delivers the outbox through ``notifier``; :meth:`wake` after a commit that may
    have enqueued something. Stops with :meth:`stop` (a send in flight finishes)."""

    def __init__(
        self, db: Database, notifier: Notifier, settings: NotifySettings, clock: Clock
    ) -> None:
        self.db = db
        self.notifier = notifier
        self.settings = settings
        self.clock = clock
        self._wake = threading.Event()
        self._check_ended = True  # tickets may have ended: numbers to delete
        self._scrub_due = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="notify-sender", daemon=True)

    def start(self) -> NotifySender:
        self._thread.start()
        return self

    def wake(self) -> None:
        """Something was committed: look at the outbox and the ended tickets now."""
        self._check_ended = True
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=10)

    def _write(self, fn: WriteFn) -> None:
        self.db.write(fn).result(timeout=30)

    def _run(self) -> None:
        last_purge = 0.0
        while not self._stop.is_set():
            self._wake.clear()
            try:
                if self._check_ended or time.monotonic() - last_purge > IDLE_S:
                    self._check_ended = False  # (a day that ended while idle, too)
                    self._forget_ended()
                    last_purge = time.monotonic()
                sent_any = self._deliver()
                pause = 0.0 if sent_any else self._pause()
            except Exception:  # the store is down, or a bug: log, wait, go on
                log.exception("notify sender: pass failed")
                pause = self.settings.retry_first_s
            if pause:
                self._wake.wait(pause)

    def _forget_ended(self) -> None:
        """Delete the numbers of ended tickets (a read first: most passes have none), then
        scrub the store of their copies."""
        now = self.clock.now()
        if self.db.read(lambda c: notify_outbox.ended(c, self.clock.day(now).isoformat(), now)):
            self._write(self._purge)
            self._scrub_due = True
        if self._scrub_due:
            self._scrub_due = not self.db.scrub()

    def _purge(self, tx: Tx) -> None:
        gone = notify_outbox.purge(tx, self.clock.day(tx.now).isoformat())
        log.info("phone numbers of %d ended tickets deleted", gone)

    def _pause(self) -> float:
        nxt = self.db.read(notify_outbox.next_due)
        if nxt is None:
            return IDLE_S
        return min(IDLE_S, max(0.0, nxt - time.time()))

    def _deliver(self) -> bool:
        """Send what is due now; True when there was something to send."""
        batch = self.db.read(lambda c: notify_outbox.due(c, time.time(), BATCH))
        for item in batch:
            if self._stop.is_set():
                break
            if item.message is None:
                self._write(partial(notify_outbox.mark_dropped, outbox_id=item.id))
                continue
            outcome = self._send(item.message)
            self._record(item, outcome)
        return bool(batch)

    def _send(self, message: Message) -> Outcome:
        try:
            return self.notifier.send(message)
        except Exception as e:  # an adapter's bug counts as a failed attempt
            log.exception("notifier %s failed on %s", self.notifier.name, message.tracking_id)
            return Outcome(False, f"notifier error ({type(e).__name__})")

    def _record(self, item: notify_outbox.Due, outcome: Outcome) -> None:
        message = item.message
        assert message is not None
        if outcome.sent:
            self._write(lambda tx: notify_outbox.mark_sent(tx, item.id, outcome.provider_id))
            log.info("message %s sent (%s)", message.tracking_id, self.notifier.name)
            return
        attempts = item.attempts + 1
        retry = attempts < self.settings.max_attempts
        next_at = time.time() + backoff(self.settings, attempts) if retry else None

        def mark(tx: Tx) -> None:
            notify_outbox.mark_failed(tx, item.id, outcome.reason, next_at)

        self._write(mark)
        if retry:
            log.warning("message %s not sent (attempt %d): %s; again later",
                        message.tracking_id, attempts, outcome.reason)  # fmt: skip
        else:
            log.error("message %s given up after %d attempts: %s",
                      message.tracking_id, attempts, outcome.reason)  # fmt: skip
