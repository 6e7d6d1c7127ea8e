"""Taking a queue ticket: the hub gives the number, the printer prints it.

:meth:`TicketDesk.take` blocks (run it off the UI thread). A printer that fails does not
lose the ticket: the outcome carries the ticket, its QR address and the printer's own
bilingual message; the hub marks the ticket as not printed until a reprint works (the
printer's alert is the :class:`~kiosk.device.printer_watch.PrinterWatch`'s). A refusal
(daily limit, closed, hub down) raises :class:`TicketRefused` with a plain bilingual message.
A lost answer is asked again under the same idempotency key: one citizen, one number.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace

from kiosk import i18n
from kiosk.api.models import PriorityReason, ServiceInfo, Ticket
from kiosk.clock import local_time
from kiosk.config import Site
from kiosk.device.cccd import CardScan
from kiosk.device.errors import LobbyError
from kiosk.device.hub_client import HubClient, HubError, HubRefused, HubUnreachable
from kiosk.devices.base import DeviceStatus
from kiosk.devices.printer import Printer, PrintResult
from kiosk.devices.slips import TicketSlip
from kiosk.i18n import Phrase

log = logging.getLogger(__name__)


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

    @property
    def printed(self) -> bool:
        return self.print_result is not None and self.print_result.ok


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
    ) -> None:
        self.hub = hub
        self.site = site
        self.printer = printer
        self.public_url = public_url or site.hub.public_url or hub.base_url
        self.print_wait_s = print_wait_s
        self.retry_s = retry_s  # pauses before asking again for a ticket whose answer was lost
        self._services: dict[str, ServiceInfo] = {}

    @property
    def offers_messages(self) -> bool:
        """The hub sends messages to phones (``[hub.notify]``): ask for a number."""
        return self.site.hub.notify is not None

    def services(self) -> list[ServiceInfo]:
        """The services with waiting counts and ETAs (raises :class:`TicketRefused`)."""
        try:
            services = self.hub.services()
        except HubError as e:
            raise refusal(e) from e
        self._services = {s.id: s for s in services}
        return services

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
            url=ticket_url(self.public_url, ticket),
            booked=ticket.booked,
        )

    def _retried(
        self, ask: Callable[[], Ticket], refused: Callable[[HubError], TicketRefused]
    ) -> Ticket:
        """``ask`` the hub; a lost answer is asked again (a few times within seconds) with
        the same request, which gives the same ticket, never a second one."""
        pauses = iter(self.retry_s)
        while True:
            try:
                return ask()
            except HubUnreachable as e:
                if (pause := next(pauses, None)) is None:
                    raise refused(e) from e
                log.info("ticket request got no answer (%s); again in %.1f s", e, pause)
                time.sleep(pause)
            except HubError as e:
                raise refused(e) from e

    def take(
        self,
        service_id: str,
        priority_reason: PriorityReason | None = None,
        card: CardScan | None = None,
        phone: str | None = None,
    ) -> TicketOutcome:
        """Issue a ticket and print it; blocks until the printer has answered. One
        idempotency key for the request and its retries.

        With the ID ``card`` scanned in this session, the hub gets its key, and a citizen
        aged 60 or more the elderly lane (a reason the citizen chose stays theirs);
        ``phone`` (0xxxxxxxxx) gets the hub's messages. A hub that refuses the phone
        number (one older than messages) still gives the ticket: it never blocks it."""
        if card is not None and card.elderly and priority_reason is None:
            priority_reason = PriorityReason.ELDERLY
        citizen = card.citizen_key if card is not None else None
        key = uuid.uuid4().hex

        def ask() -> Ticket:
            nonlocal phone
            try:
                return self.hub.issue_ticket(
                    service_id, priority_reason, key=key, citizen_key=citizen, phone=phone
                )
            except HubRefused as e:
                if phone is None or e.status != 422:
                    raise
                log.warning("the hub took no phone number (%s); ticket without messages", e.code)
                phone = None
                return ask()

        return self._deliver(self._retried(ask, refusal))

    def check_in(self, code: str) -> TicketOutcome:
        """Check a booked appointment in (a normalized code) and print its ticket, which is
        in the appointment lane; raises :class:`AppointmentRefused` outside its window.
        Blocks like :meth:`take`."""
        return self._deliver(self._retried(lambda: self.hub.check_in(code), appointment_refusal))

    def _deliver(self, ticket: Ticket) -> TicketOutcome:
        """Print a ticket the hub gave; a failed print is marked on the hub."""
        service = self._services.get(ticket.service_id)
        slip = self.slip(ticket, service)
        result = self._print(slip) if self.printer is not None else None
        if result is not None and not result.ok:
            self._mark(ticket.id, failed=True)
        return TicketOutcome(ticket, service, slip.url, result)

    def reprint(self, outcome: TicketOutcome) -> TicketOutcome:
        """Print the ticket of ``outcome`` again (people ahead as they are now); a print
        that works clears the hub's mark. Blocks like :meth:`take`."""
        ticket = outcome.ticket
        try:
            ticket = self.hub.ticket(ticket.id)
        except HubError as e:  # print what the kiosk knows
            log.warning("reprint of %s without fresh counts: %s", ticket.number, e)
        result = self._print(self.slip(ticket, outcome.service))
        if result.ok:
            self._mark(ticket.id, failed=False)
        return replace(outcome, ticket=ticket, print_result=result)

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

    def _mark(self, ticket_id: int, *, failed: bool) -> None:
        try:
            self.hub.mark_print_failed(ticket_id, failed)
        except HubError as e:
            log.warning("could not mark ticket %d (print failed: %s): %s", ticket_id, failed, e)
