"""Taking a queue ticket: the hub gives the number, the printer prints it.

:meth:`TicketDesk.take` blocks (run it off the UI thread). A printer that fails does not
lose the ticket: the outcome carries the ticket, its QR address and the printer's own
bilingual message; the hub marks the ticket as not printed until a reprint works (the
printer's alert is the :class:`~kiosk.device.printer_watch.PrinterWatch`'s). A refusal
(daily limit, closed, hub down) raises :class:`TicketRefused` with a plain bilingual message.
A lost answer is asked again under the same idempotency key: one citizen, one number.

With a :class:`~kiosk.device.ticket_sync.TicketSync`, a hub that cannot be reached (no
connection within ``issue_timeout``'s first second, or a 503) does not stop the lobby:
the number comes from the kiosk's lease, is journalled before it is printed (with an
"offline" mark, no QR), and the sync thread uploads it when the hub is back.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace

from kiosk import i18n
from kiosk.api.models import PriorityReason, ServiceInfo, Ticket, TicketStatus
from kiosk.clock import local_time
from kiosk.config import Service, Site
from kiosk.device.cccd import CardScan
from kiosk.device.errors import LobbyError
from kiosk.device.hub_client import HubClient, HubError, HubRefused, HubUnreachable
from kiosk.device.ticket_sync import TicketSync
from kiosk.devices.base import DeviceStatus
from kiosk.devices.printer import Printer, PrintResult
from kiosk.devices.slips import TicketSlip
from kiosk.i18n import Phrase

log = logging.getLogger(__name__)
ISSUE_TIMEOUT = (1.0, 5.0)  # connect, read: a hub that does not connect in 1 s is offline


class TicketRefused(LobbyError):
    """No ticket was given."""


class AppointmentRefused(TicketRefused):
    """An appointment code gave no ticket. Outside its check-in window, ``service_id`` is
    its service, so that the kiosk can offer a walk-in number of it instead."""

    def __init__(self, code: str, words: Phrase, service_id: str | None = None) -> None:
        super().__init__(code, words)
        self.service_id = service_id


@dataclass(frozen=True)
class TicketOutcome:
    """A ticket given; ``printed`` is False when the paper did not come out."""

    ticket: Ticket
    service: ServiceInfo | None
    url: str
    print_result: PrintResult | None  # None: this kiosk has no printer
    client_id: str = ""  # issued offline: its uuid in the kiosk's journal (ticket.id is 0)

    @property
    def printed(self) -> bool:
        return self.print_result is not None and self.print_result.ok

    @property
    def offline(self) -> bool:
        return bool(self.client_id)


def refusal(error: HubError) -> TicketRefused:
    """The plain message for a hub error while taking a ticket."""
    if isinstance(error, HubUnreachable):
        return TicketRefused("hub_down", Phrase("ticket.refused.hub_down"))
    code = error.code if isinstance(error, HubRefused) else "error"
    key = f"ticket.refused.{code}"
    return TicketRefused(code, Phrase(key if i18n.known(key) else "ticket.refused.other"))


def appointment_refusal(error: HubError) -> TicketRefused:
    """The plain message for a hub error while checking an appointment in; outside the
    window it says when to come (the hub's ``slot``, ``day``, ``from`` and ``until``)."""
    if not isinstance(error, HubRefused):
        return refusal(error)
    body, code = error.body, error.code
    if code in ("too_early", "too_late"):
        values = {k: str(body.get(k, "")) for k in ("slot", "day")}
        values |= {"start": str(body.get("from", "")), "end": str(body.get("until", ""))}
        service = body.get("service_id")
        words = Phrase(f"appointment.{code}", values)
        return AppointmentRefused(code, words, service if isinstance(service, str) else None)
    key = {"invalid_code": "appointment.invalid"}.get(code, f"appointment.{code}")
    return AppointmentRefused(code, Phrase(key if i18n.known(key) else "appointment.other"))


def ticket_url(base_url: str, ticket: Ticket) -> str:
    """The hub's public /t/{token} page of a ticket, printed and shown as a QR code (the
    ticket's random page token, never its id)."""
    return f"{base_url.rstrip('/')}/t/{ticket.page_token}"


class TicketDesk:
    """Gives tickets for one kiosk: ``hub`` as the kiosk's device, ``printer`` if it has one.

    ``public_url`` is the hub address phones can open (the site's ``hub.public_url``);
    by default the address the kiosk itself uses.
    """

    def __init__(
        self,
        hub: HubClient,
        site: Site,
        printer: Printer | None,
        *,
        public_url: str = "",
        print_wait_s: float = 40.0,
        retry_s: tuple[float, ...] = (0.3, 1.0, 2.0),
        sync: TicketSync | None = None,
        issue_timeout: tuple[float, float] = ISSUE_TIMEOUT,
    ) -> None:
        self.hub = hub
        self.site = site
        self.printer = printer
        self.public_url = public_url or site.hub.public_url or hub.base_url
        self.print_wait_s = print_wait_s
        self.retry_s = retry_s  # pauses before asking again for a ticket whose answer was lost
        self.sync = sync
        self.issue_timeout = issue_timeout
        self._services: dict[str, ServiceInfo] = {}

    @property
    def offers_messages(self) -> bool:
        """The hub sends messages to phones (``[hub.notify]``): ask for a number."""
        return self.site.hub.notify is not None

    @property
    def offline(self) -> bool:
        """Issuing from the lease: the hub did not answer lately."""
        return self.sync is not None and self.sync.online is False

    def services(self) -> list[ServiceInfo]:
        """The services with waiting counts and ETAs (raises :class:`TicketRefused`); while
        offline, the site file's services with their opening hours now."""
        try:
            services = self.hub.services()
        except HubUnreachable as e:
            if self.sync is None:
                raise refusal(e) from e
            self.sync.went_offline()
            return [self._offline_info(s) for s in self.site.services]
        except HubError as e:
            raise refusal(e) from e
        self._services = {s.id: s for s in services}
        return services

    def _offline_info(self, service: Service) -> ServiceInfo:
        assert self.sync is not None
        known = self._services.get(service.id)
        return ServiceInfo(
            id=service.id,
            name_vi=service.name_vi,
            name_en=service.name_en,
            prefix=service.prefix,
            waiting=0,
            eta_minutes=0,
            open=service.is_open(local_time(self.site.tz, self.sync.now()).time()),
            issued_today=known.issued_today if known else 0,
            daily_limit=service.daily_limit,
            remaining_today=None,
            counters=[c.id for c in self.site.counters_for(service.id)],
        )

    def slip(self, ticket: Ticket, service: ServiceInfo | None) -> TicketSlip:
        config = self.site.service(ticket.service_id)
        name_vi = service.name_vi if service else config.name_vi if config else ticket.service_id
        name_en = service.name_en if service else config.name_en if config else ""
        reason = ticket.priority_reason
        return TicketSlip(
            site_name=self.site.name,
            service_name_vi=name_vi,
            service_name_en=name_en,
            number=ticket.number,
            priority_reason=i18n.tr(f"priority.{reason}", "vi") if reason else None,
            issued_at=local_time(self.site.tz, ticket.issued_at),
            waiting_ahead=ticket.waiting_ahead,
            eta_minutes=ticket.eta_minutes,
            url=ticket_url(self.public_url, ticket) if ticket.id else "",
            booked=ticket.booked,
            offline=not ticket.id,
        )

    def _retried(
        self,
        ask: Callable[[], Ticket],
        refused: Callable[[HubError], TicketRefused],
        offline_ok: bool = False,
    ) -> Ticket | None:
        """``ask`` the hub; a lost answer is asked again (a few times within seconds) with
        the same request, which gives the same ticket, never a second one. None: the hub
        is not there and ``offline_ok`` (issue from the lease)."""
        pauses = iter(self.retry_s)
        while True:
            try:
                return ask()
            except HubUnreachable as e:
                if offline_ok and self.sync is not None and not e.reached:
                    log.warning("hub unreachable (%s): issuing from the lease", e)
                    self.sync.went_offline()
                    return None
                if (pause := next(pauses, None)) is None:
                    raise refused(e) from e
                log.info("ticket request got no answer (%s); again in %.1f s", e, pause)
                time.sleep(pause)
            except HubError as e:
                raise refused(e) from e

    def _take_offline(
        self, service_id: str, priority_reason: PriorityReason | None
    ) -> TicketOutcome:
        """A number from the lease, journalled, then printed with the offline mark."""
        assert self.sync is not None
        config = self.site.service(service_id)
        if config is None:
            raise TicketRefused("unknown_service", Phrase("ticket.refused.unknown_service"))
        now = self.sync.now()
        local = local_time(self.site.tz, now)
        if not config.is_open(local.time()):
            raise TicketRefused("service_closed", Phrase("ticket.refused.service_closed"))
        entry = self.sync.journal.take(
            config.id, config.prefix, local.date().isoformat(), priority_reason, now
        )
        if entry is None:
            raise TicketRefused("offline_empty", Phrase("ticket.refused.offline_empty"))
        ticket = Ticket(
            id=0,
            number=entry.number,
            service_id=config.id,
            origin_service_id=config.id,
            priority=priority_reason is not None,
            priority_reason=priority_reason,
            status=TicketStatus.WAITING,
            issued_at=now,
            day=entry.day,
        )
        service = self._services.get(config.id) or self._offline_info(config)
        result = self._print(self.slip(ticket, service)) if self.printer is not None else None
        self.sync.journal.settle(entry.client_id, result is None or result.ok)
        self.sync.wake()
        return TicketOutcome(ticket, service, "", result, client_id=entry.client_id)

    def take(
        self,
        service_id: str,
        priority_reason: PriorityReason | None = None,
        card: CardScan | None = None,
        phone: str | None = None,
    ) -> TicketOutcome:
        """Issue a ticket and print it; blocks until the printer has answered. One
        idempotency key for the request and its retries; from the lease when the hub
        cannot be reached (the card's key and the phone stay off such a ticket).

        With the ID ``card`` scanned in this session, the hub gets its key, and a citizen
        aged 60 or more the elderly lane (a reason the citizen chose stays theirs);
        ``phone`` (0xxxxxxxxx) gets the hub's messages. A hub that refuses the phone
        number (one older than messages) still gives the ticket: it never blocks it."""
        if card is not None and card.elderly and priority_reason is None:
            priority_reason = PriorityReason.ELDERLY
        if self.offline:  # known down: the sync thread says when it is back
            return self._take_offline(service_id, priority_reason)
        citizen = card.citizen_key if card is not None else None
        key = uuid.uuid4().hex

        def ask() -> Ticket:
            nonlocal phone
            try:
                return self.hub.issue_ticket(
                    service_id,
                    priority_reason,
                    key=key,
                    citizen_key=citizen,
                    phone=phone,
                    timeout=self.issue_timeout,
                )
            except HubRefused as e:
                if phone is None or e.status != 422:
                    raise
                log.warning("the hub took no phone number (%s); ticket without messages", e.code)
                phone = None
                return ask()

        ticket = self._retried(ask, refusal, offline_ok=True)
        if ticket is None:
            return self._take_offline(service_id, priority_reason)
        return self._deliver(ticket)

    def check_in(self, code: str) -> TicketOutcome:
        """Check a booked appointment in (a normalized code) and print its ticket, which is
        in the appointment lane; raises :class:`AppointmentRefused` outside its window
        (and while the hub cannot be reached). Blocks like :meth:`take`."""
        ticket = self._retried(lambda: self.hub.check_in(code), appointment_refusal)
        assert ticket is not None  # offline_ok is off
        return self._deliver(ticket)

    def _deliver(self, ticket: Ticket) -> TicketOutcome:
        """Print a ticket the hub gave; a failed print is marked on the hub (or later, by
        the sync thread, when the hub did not hear it)."""
        service = self._services.get(ticket.service_id)
        slip = self.slip(ticket, service)
        sync = self.sync if self.printer is not None else None
        if sync is not None:  # a kiosk that dies now leaves the hub told, not a phantom
            sync.journal.printing_online(ticket.id, ticket.number)
        result = self._print(slip) if self.printer is not None else None
        told = result is None or result.ok or self._mark(ticket.id, failed=True)
        if sync is not None:
            if told:
                sync.journal.printed_online(ticket.id)
            else:  # the hub did not hear of the failed print: the sync thread tells it
                sync.journal.mark_later(ticket.id)
                sync.wake()
        return TicketOutcome(ticket, service, slip.url, result)

    def reprint(self, outcome: TicketOutcome) -> TicketOutcome:
        """Print the ticket of ``outcome`` again (people ahead as they are now); a print
        that works clears the hub's mark. Blocks like :meth:`take`."""
        ticket = outcome.ticket
        if outcome.offline:
            return self._reprint_offline(outcome)
        try:
            ticket = self.hub.ticket(ticket.id)
        except HubError as e:  # print what the kiosk knows
            log.warning("reprint of %s without fresh counts: %s", ticket.number, e)
        result = self._print(self.slip(ticket, outcome.service))
        if result.ok:
            self._mark(ticket.id, failed=False)
        return replace(outcome, ticket=ticket, print_result=result)

    def _reprint_offline(self, outcome: TicketOutcome) -> TicketOutcome:
        assert self.sync is not None
        result = self._print(self.slip(outcome.ticket, outcome.service))
        if result.ok:
            self.sync.journal.settle(outcome.client_id, True)
            entry = self.sync.journal.get(outcome.client_id)
            if entry is not None and entry.ticket_id is not None:  # uploaded already, marked
                self._mark(entry.ticket_id, failed=False)
        return replace(outcome, print_result=result)

    def _print(self, slip: TicketSlip) -> PrintResult:
        assert self.printer is not None
        try:
            result = self.printer.print_ticket(slip).result(timeout=self.print_wait_s)
        except FutureTimeout:
            result = PrintResult.of(False, DeviceStatus.OFFLINE, "ticket")
        except Exception:  # a printer bug must not lose the ticket
            log.exception("printing ticket %s failed", slip.number)
            result = PrintResult.of(False, DeviceStatus.ERROR, "ticket")
        return result

    def _mark(self, ticket_id: int, *, failed: bool) -> bool:
        try:
            self.hub.mark_print_failed(ticket_id, failed)
        except HubError as e:
            log.warning("could not mark ticket %d (print failed: %s): %s", ticket_id, failed, e)
            return False
        return True
