"""The demo's notifier: logs each message with the number masked, and keeps them."""

from __future__ import annotations

import logging
import threading

from kiosk.api.phone import mask
from kiosk.notify.base import Message, Outcome

log = logging.getLogger(__name__)


class SimulatedNotifier:
    """Always succeeds; ``sent`` holds (masked number, kind, text) of each message."""

    name = "sim"

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []
        self._lock = threading.Lock()

    def send(self, message: Message) -> Outcome:
        masked = mask(message.phone)
        with self._lock:
            self.sent.append((masked, message.kind, message.text))
        log.info("message (simulated) to %s: %s", masked, message.text)
        return Outcome(True, provider_id=f"sim-{len(self.sent)}")
