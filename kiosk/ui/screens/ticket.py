"""Take a queue ticket: services as big tiles, an optional priority reason, one tap.

Where the hub sends messages to phones, a tile leads first to an optional step: a
numeric pad for a mobile number (shown masked), "skip" or "get messages"; either takes
the number at once. The typed number is forgotten when the ticket is taken or the
kiosk resets.

The hub call and the printing run off the UI thread (:class:`~kiosk.device.ticketing.
TicketDesk`); the spinner shows after 300 ms. The result (number, people ahead, ETA,
QR of the ticket's page) stays ``RESULT_S`` seconds, then the kiosk goes home. A printer
problem is said plainly while the number and QR still show, with "In lại" (reprint).
While the printer watch says the printer cannot print (paper out, cover open, offline),
the service tiles are disabled and the reason is shown; they come back when it clears.
An ID card (CCCD) scanned anywhere in the session gives the number its keyed hash and,
from 60 years of age, the elderly lane ("Ưu tiên người cao tuổi").

"Đã đặt lịch hẹn" opens the appointment check-in: the citizen types the booking code on
the on-screen keyboard or scans the appointment's QR code (from any screen); within its
window the ticket of the appointment lane prints, outside it the kiosk says when to come
and offers a walk-in number of that service.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.factory import Factory
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty

from kiosk.api.appointments import CODE_LENGTH, normalize_code
from kiosk.api.models import PriorityReason, ServiceInfo
from kiosk.device.cccd import CardScan
from kiosk.device.phone_entry import PhoneEntry
from kiosk.device.printer_watch import blocks_tickets
from kiosk.device.ticketing import AppointmentRefused, TicketDesk, TicketOutcome, TicketRefused
from kiosk.i18n import Phrase
from kiosk.ui.screens.lobby_base import LobbyScreen
from kiosk.ui.widgets.buttons import Chip, Tile
from kiosk.ui.widgets.keyboard import apply_key

RESULT_S = 20
TILE_HEIGHT = 190  # px, at least


class TicketScreen(LobbyScreen):
    guide_title = "ticket.choose"
    services = ListProperty([])
    priority = StringProperty("")  # a PriorityReason value, "" for the normal lane
    show_priority = BooleanProperty(False)
    outcome = ObjectProperty(None, allownone=True)
    number = StringProperty("")
    ahead_text = StringProperty("")
    eta_text = StringProperty("")
    lane_text = StringProperty("")
    qr = StringProperty("")
    print_text = StringProperty("")
    print_ok = BooleanProperty(True)
    taking = BooleanProperty(False)
    printer_blocked = BooleanProperty(False)  # the printer cannot print: no tickets offered
    printer_text = StringProperty("")
    can_reprint = BooleanProperty(False)
    phone_service = StringProperty("")  # the service chosen while the phone step shows
    phone_shown = StringProperty("")  # the number typed, masked
    phone_hint = StringProperty("")
    phone_ok = BooleanProperty(False)  # a whole mobile number is typed
    phone_line = StringProperty("")  # on the result: where messages will go
    booking = BooleanProperty(False)  # the appointment check-in is shown
    code_entry = StringProperty("")
    walk_in_service = StringProperty("")  # offered instead of a refused appointment
    walk_in_text = StringProperty("")

    def __init__(self, **kwargs: Any) -> None:
        self._desk: TicketDesk | None = None
        self._home_event = None
        self._tiles: list[Tile] = []
        self._chips: list[Chip] = []
        self._phone = PhoneEntry()
        self._refused_service: str | None = None
        super().__init__(**kwargs)

    @property
    def desk(self) -> TicketDesk:
        if self._desk is None:
            self._desk = self.ctx.ticket_desk()
        return self._desk

    def on_kv_post(self, base_widget: Any) -> None:
        # strong references (ids are weak): the sections live while detached
        self.sections = {"choose": self.ids.choose_box.__self__,
                         "phone": self.ids.phone_box.__self__,
                         "booking": self.ids.booking_box.__self__,
                         "result": self.ids.result_box.__self__}  # fmt: skip
        self.reasons_box = self.ids.reasons.__self__
        for section in self.sections.values():
            section.parent.remove_widget(section)
        self.bind(
            outcome=self._sync,
            show_priority=self._sync,
            phone_service=self._sync,
            booking=self._sync,
        )
        self._sync()
        for reason in PriorityReason:
            chip = Factory.ReasonChip(key=reason.value)
            chip.bind(on_release=lambda c: self.choose_priority(c.key))
            self.bind(priority=chip.setter("selected_key"))
            self.reasons_box.add_widget(chip)
            self._chips.append(chip)
        self.app.bind(lang=lambda *_: self._relabel())
        self.ctx.subscribe(lambda what: self._relabel() if what == "printer" else None)
        self._relabel()

    def _sync(self, *_args: Any) -> None:
        """Only what is shown is in the tree (hidden widgets must not catch touches)."""
        self.ids.body.clear_widgets()
        shown = (
            "result"
            if self.outcome
            else "phone"
            if self.phone_service
            else "booking"
            if self.booking
            else "choose"
        )
        self.ids.body.add_widget(self.sections[shown])
        reasons = self.reasons_box
        if self.show_priority and reasons.parent is None:
            box = self.sections["choose"]
            box.add_widget(reasons, index=box.children.index(self.ids.message_box) + 1)
        elif not self.show_priority and reasons.parent is not None:
            reasons.parent.remove_widget(reasons)

    # -- choosing --------------------------------------------------------------

    def on_activate(self, service: str = "", appointment: str = "", **params: Any) -> None:
        """Show the services; with ``service`` (from a procedure's page) take its number,
        with ``appointment`` (a code scanned on another screen) check it in. Either is
        done once: coming back to this screen does not do it again."""
        self.params = {}
        self.outcome = None
        self.phone_service = ""
        self.load_services()
        if self.ctx.card.current is not None:  # read on another screen of this session
            self.on_card(self.ctx.card.current)
        if service:
            self.choose(service)
        elif appointment:
            self.check_in(appointment)

    def load_services(self) -> None:
        self.track(self.ctx.background.run(self.desk.services, self._show_services,
                                           self._refused, key="ticket-services"))  # fmt: skip

    def _show_services(self, services: list[ServiceInfo]) -> None:
        self.services = services
        grid = self.ids.grid
        grid.clear_widgets()
        self._tiles = []
        for service in services:
            tile = Tile(tone="tile.blue" if service.open else "tile.closed")
            tile.service = service
            tile.bind(on_release=lambda t: self.choose(t.service.id),
                      minimum_height=self._fit_rows)  # fmt: skip
            grid.add_widget(tile)
            self._tiles.append(tile)
        self._relabel()

    def _fit_rows(self, *_args: Any) -> None:
        """Every row of tiles as tall as the tallest tile's words (large text wraps them)."""
        needed = [t.minimum_height for t in self._tiles]
        self.ids.grid.row_default_height = max([TILE_HEIGHT, *needed])

    def _relabel(self) -> None:
        status = self.ctx.printer_status if self.ctx.has_printer else None
        self.printer_blocked = blocks_tickets(status)
        self.printer_text = self.tr(f"ticket.printer.{status}") if self.printer_blocked else ""
        for tile in self._tiles:
            tile.disabled = self.printer_blocked
            s = tile.service
            tile.title = f"{s.prefix} · {s.name_vi if self.app.lang == 'vi' else s.name_en}"
            if not s.open:
                tile.subtitle = self.tr("ticket.closed")
            else:
                eta = (self.tr("ticket.eta", m=s.eta_minutes) if s.waiting
                       else self.tr("ticket.no_wait"))  # fmt: skip
                tile.subtitle = f"{self.tr('ticket.waiting', n=s.waiting)} · {eta}"
        for chip in self._chips:
            chip.text = self.tr(f"priority.{chip.key}")
        self._show_phone()
        self._offer_walk_in()  # in the language of the moment

    def tile(self, service_id: str) -> Tile:
        """The tile of ``service_id`` (tests touch it)."""
        return next(t for t in self._tiles if t.service.id == service_id)

    def toggle_priority(self) -> None:
        self.show_priority = not self.show_priority
        if not self.show_priority:
            self.priority = ""

    def choose_priority(self, reason: str) -> None:
        self.priority = "" if self.priority == reason else reason

    def on_card(self, scan: CardScan) -> None:
        """An ID card read: the number will carry its key; 60 or over is said (the desk
        gives the elderly lane), under 60 nothing about age."""
        self.say("cccd.elderly" if scan.elderly else "cccd.read", "ok")

    def choose(self, service_id: str) -> None:
        """A service tile touched: ask for a phone number where the hub sends messages,
        else take the number at once."""
        if self.outcome is not None or self.taking or self.printer_blocked:
            return
        if not self.desk.offers_messages:
            self.take(service_id)
            return
        self._phone.clear()
        self.phone_service = service_id
        self._show_phone()

    # -- the optional phone number -------------------------------------------------

    def phone_key(self, key: str) -> None:
        """A key of the phone pad."""
        self._phone.key(key)
        self._show_phone()

    def _show_phone(self) -> None:
        self.phone_shown = self._phone.shown
        self.phone_hint = self.words(self._phone.hint())
        self.phone_ok = self._phone.number is not None

    def phone_done(self, with_number: bool) -> None:
        """ "Get messages" (with the number typed) or "skip": take the number now."""
        service_id = self.phone_service
        phone = self._phone.number if with_number else None
        if not service_id or (with_number and phone is None):
            return
        self.phone_line = (
            self.tr("ticket.phone.will_send", phone=self._phone.shown) if phone else ""
        )
        self._phone.clear()
        self.take(service_id, phone)

    def take(self, service_id: str, phone: str | None = None) -> None:
        """Ask the hub for a number of ``service_id`` (messages to ``phone``) and print it."""
        if self.outcome is not None or self.taking or self.printer_blocked:
            return  # one number per touch: a second tap while printing is ignored
        if phone is None:
            self.phone_line = ""
        self.message = ""
        self._clear_walk_in()
        self.taking = True
        reason = PriorityReason(self.priority) if self.priority else None
        card = self.ctx.card.current
        task = self.ctx.background.run(lambda: self.desk.take(service_id, reason, card, phone),
                                       self._show_outcome, self._refused)  # fmt: skip
        task.add_finally(self._taken)
        self.track(task)

    def _taken(self) -> None:
        self.taking = False
        self.phone_service = ""  # a refusal is shown on the services

    def _refused(self, error: BaseException) -> None:
        if isinstance(error, TicketRefused):
            self.message = self.words(error.words)
            self.message_kind = "warn"
        else:
            self.say("error.unexpected", "error")
        self._refused_service = error.service_id if isinstance(error, AppointmentRefused) else None
        self._offer_walk_in()

    def _clear_walk_in(self) -> None:
        self.walk_in_service = self.walk_in_text = ""
        self._refused_service = None

    def _offer_walk_in(self) -> None:
        """Offer a walk-in number of a refused appointment's service, once the services
        are known and while it is open."""
        info = next((s for s in self.services if s.id == self._refused_service), None)
        if info is not None and info.open:
            name = info.name_vi if self.app.lang == "vi" else info.name_en
            self.walk_in_service = info.id
            self.walk_in_text = self.tr("appointment.walk_in", service=name)

    # -- an appointment ------------------------------------------------------------

    def open_booking(self) -> None:
        """Show the check-in: the code on the keyboard, or a scan."""
        self.booking, self.code_entry, self.message = True, "", ""
        self._clear_walk_in()

    def close_booking(self) -> None:
        self.booking, self.code_entry, self.message = False, "", ""
        self._clear_walk_in()

    def key(self, key: str) -> None:
        self.code_entry = apply_key(self.code_entry, key, CODE_LENGTH, upper=True)
        self.message = ""

    def on_typed(self, keys: str) -> None:
        if not self.booking:
            return
        for ch in keys:
            if ch == "\r":
                self.submit_code()
            elif ch == "\b" or ch.isalnum():
                self.key(ch)

    def on_scan(self, text: str) -> None:
        code = normalize_code(text)
        if code is not None:
            self.check_in(code)
        else:
            super().on_scan(text)

    def submit_code(self) -> None:
        code = normalize_code(self.code_entry)
        if code is None:
            self.say("appointment.invalid", "warn")
        else:
            self.check_in(code)

    def check_in(self, code: str) -> None:
        """Check the appointment of ``code`` in and print its ticket."""
        if self.outcome is not None or self.taking or self.printer_blocked:
            return
        self.booking, self.code_entry, self.message = True, code, ""
        self._clear_walk_in()
        self.taking = True
        task = self.ctx.background.run(lambda: self.desk.check_in(code),
                                       self._show_outcome, self._refused)  # fmt: skip
        task.add_finally(lambda: setattr(self, "taking", False))
        self.track(task)

    def take_walk_in(self) -> None:
        """The number of the refused appointment's service, in the walk-in lane."""
        if self.walk_in_service:
            self.take(self.walk_in_service)

    # -- the result --------------------------------------------------------------

    def _show_outcome(self, outcome: TicketOutcome) -> None:
        ticket = outcome.ticket
        self.outcome = outcome
        self.number = ticket.number
        ahead = ticket.waiting_ahead
        self.ahead_text = (self.tr("ticket.ahead", n=ahead) if ahead
                           else self.tr("ticket.ahead0"))  # fmt: skip
        minutes = ticket.eta_minutes
        self.eta_text = self.tr("ticket.eta_long", m=minutes) if minutes else ""
        reason = ticket.priority_reason
        self.lane_text = (self.tr("ticket.priority_lane", r=self.tr(f"priority.{reason}"))
                          if reason else self.tr("ticket.booked_lane") if ticket.booked
                          else "")  # fmt: skip
        self.qr = outcome.url
        result = outcome.print_result
        self.print_ok = result is None or result.ok
        self.can_reprint = not self.print_ok
        if result is None:
            self.print_text = ""
        elif result.ok and result.status.value != "unknown":
            self.print_text = self.tr("ticket.take_paper")
        elif result.ok:  # sent, but nobody can tell whether it came out
            self.print_text = self.words(result.words)
        else:
            said = self.words(result.words)
            self.print_text = f"{said}\n{self.tr('ticket.not_printed', number=ticket.number)}"
        self.priority, self.show_priority = "", False
        self.booking, self.code_entry = False, ""
        self._clear_walk_in()
        paper = Phrase("ticket.take_paper") if self.print_ok else self.print_text
        ahead_words = Phrase("ticket.ahead", {"n": ahead}) if ahead else Phrase("ticket.ahead0")
        spelled = " ".join(ticket.number)  # "A 0 1 5": said sign by sign, as printed
        parts = {"number": spelled, "ahead": ahead_words, "paper": paper}
        self.app.guide_say(Phrase("guide.your_number", parts))
        self._cancel_home()
        self._home_event = Clock.schedule_once(lambda _dt: self.app.go_home(), RESULT_S)

    def reprint(self) -> None:
        """Print the shown ticket again ("In lại")."""
        outcome = self.outcome
        if outcome is None or self.taking:
            return
        self.taking = True
        task = self.ctx.background.run(lambda: self.desk.reprint(outcome),
                                       self._show_outcome, self._refused)  # fmt: skip
        task.add_finally(lambda: setattr(self, "taking", False))
        self.track(task)

    def done(self) -> None:
        self._cancel_home()
        self.app.go_home()

    def _cancel_home(self) -> None:
        if self._home_event is not None:
            self._home_event.cancel()
            self._home_event = None

    def on_deactivate(self) -> None:
        self._cancel_home()

    def reset(self) -> None:
        super().reset()
        self._cancel_home()
        self.outcome = None
        self.priority, self.show_priority = "", False
        self.number = self.qr = self.print_text = ""
        self.can_reprint = False
        self._phone.clear()
        self.phone_service = self.phone_line = ""
        self._show_phone()
        self.close_booking()
