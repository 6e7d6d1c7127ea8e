"""The ticket kiosk's link to the hub for offline issue: leases kept full, journal uploaded.

A background thread, woken by the desk and every ``idle_s``: it asks the hub's time
(so the kiosk's day and issue times are the hub's, whatever this PC's clock says; kept in
the journal for a restart while offline),
marks the hub tickets whose printing a restart cut short, uploads the journal's tickets
in issue order (idempotent by their uuid; a ticket the hub
refuses on its merits is kept with the reason, not retried), then tops up each
service's lease for the day once half of it is used, giving back the rest of an older
day's lease. While the hub cannot be reached it tries again every ``retry_s``.
"""

from __future__ import annotations

import logging
import threading
import time

from kiosk.clock import local_time
from kiosk.config import Site
from kiosk.device.hub_client import HubClient, HubError, HubRefused, HubUnreachable
from kiosk.device.outbox import refused_for_good
from kiosk.device.ticket_journal import TicketJournal

log = logging.getLogger(__name__)
CLOCK_SLACK_S = 0.5  # a change of the hub's clock offset smaller than this is not written


class TicketSync:
    """Keeps ``journal``'s leases topped up and its offline tickets uploaded to ``hub``."""

    def __init__(
        self,
        journal: TicketJournal,
        hub: HubClient,
        site: Site,
        lease_size: int,
        *,
        idle_s: float = 30.0,
        retry_s: float = 2.0,
    ) -> None:
        self.journal = journal
        self.hub = hub
        self.site = site
        self.lease_size = lease_size
        self.idle_s = idle_s
        self.retry_s = retry_s
        self.online: bool | None = None  # None until the first round
        self._offset = journal.clock_offset()  # the hub's clock minus this PC's
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._rounds = threading.Condition()
        self._started = self._done = 0  # rounds begun and ended
        self._thread = threading.Thread(target=self._run, name="ticket-sync", daemon=True)

    def start(self) -> TicketSync:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=10)

    def wake(self) -> None:
        self._wake.set()

    def now(self) -> float:
        """The hub's time as this kiosk last learnt it."""
        return time.time() + self._offset

    def today(self) -> str:
        return local_time(self.site.tz, self.now()).date().isoformat()

    def went_offline(self) -> None:
        """The desk could not reach the hub: say so now, and keep trying."""
        self.online = False
        self._wake.set()

    def wait_round(self, timeout: float) -> bool:
        """Block until a whole round (time, uploads, leases) begun after this call ended."""
        with self._rounds:
            want = self._started + 1
            self._wake.set()
            return self._rounds.wait_for(lambda: self._done >= want, timeout)

    def sync_once(self) -> None:
        """One round: the hub's time, then every pending upload, then the leases. Raises
        :class:`HubUnreachable` when the hub does not answer."""
        health = self.hub.health()
        offset = health.time - time.time()
        if abs(offset - self._offset) > CLOCK_SLACK_S:
            self.journal.set_clock_offset(offset)
        self._offset = offset
        self._mark_unconfirmed()
        self._upload()
        self._keep_leases()

    def _mark_unconfirmed(self) -> None:
        for ticket_id in self.journal.unconfirmed_online():
            try:
                self.hub.mark_print_failed(ticket_id)
            except HubRefused as e:  # finished, or unknown: nothing to tell any more
                log.info("ticket %d not marked: %s", ticket_id, e)
            self.journal.printed_online(ticket_id)

    def _upload(self) -> None:
        while (ticket := self.journal.next_upload()) is not None:
            try:
                stored = self.hub.upload_offline(ticket.upload())
            except HubRefused as e:
                if not refused_for_good(e):
                    raise HubUnreachable(str(e)) from e
                log.error("offline ticket %s refused by the hub: %s", ticket.number, e)
                self.journal.reject(ticket.client_id, f"{e.code}: {e.detail}")
                continue
            self.journal.uploaded(ticket.client_id, stored.id)

    def _keep_leases(self) -> None:
        if self.lease_size <= 0:
            return
        day = self.today()
        for service in self.site.services:
            if self.journal.remaining(service.id, day) * 2 > self.lease_size:
                continue
            stale = self.journal.stale_lease(service.id, day)
            if stale is not None:
                self.journal.give_back(stale[0])
            try:
                lease = self.hub.lease(service.id, self.lease_size, release=stale)
            except HubRefused as e:  # daily limit reached: nothing to keep for today
                if e.code != "daily_limit":
                    log.warning("lease of %s refused: %s", service.id, e)
                continue
            self.journal.add_lease(lease)

    def _run(self) -> None:
        while not self._stop.is_set():
            with self._rounds:
                self._started += 1
                self._wake.clear()
            try:
                self.sync_once()
                self.online, wait = True, self.idle_s
            except HubError as e:
                if self.online is not False:
                    log.warning("ticket sync: %s", e)
                self.online, wait = False, self.retry_s
            except Exception:  # a bug must not end the uploads
                log.exception("ticket sync failed")
                wait = self.retry_s
            with self._rounds:
                self._done = self._started
                self._rounds.notify_all()
            self._wake.wait(wait)
