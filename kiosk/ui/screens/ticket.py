"""Take a queue ticket: services as big tiles, an optional priority reason, one tap.

The hub call and the printing run off the UI thread (:class:`~kiosk.device.ticketing.
TicketDesk`); the spinner shows after 300 ms. The result (number, people ahead, ETA,
QR of the ticket's page) stays ``RESULT_S`` seconds, then the kiosk goes home. A printer
problem is said plainly while the number and QR still show, with "In lại" (reprint).
While the hub cannot be reached the number comes from the kiosk's lease: the tiles and
the result say so (no people-ahead count, no QR) and the slip carries the offline mark.
While the printer watch says the printer cannot print (paper out, cover open, offline),
the service tiles are disabled and the reason is shown; they come back when it clears.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.factory import Factory
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty

from kiosk.api.models import PriorityReason, ServiceInfo
from kiosk.device.printer_watch import blocks_tickets
from kiosk.device.ticketing import TicketDesk, TicketOutcome, TicketRefused
from kiosk.i18n import Phrase
from kiosk.ui.screens.lobby_base import LobbyScreen
from kiosk.ui.widgets.buttons import Chip, Tile

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

    def __init__(self, **kwargs: Any) -> None:
        self._desk: TicketDesk | None = None
        self._home_event = None
        self._tiles: list[Tile] = []
        self._chips: list[Chip] = []
        super().__init__(**kwargs)

    @property
    def desk(self) -> TicketDesk:
        if self._desk is None:
            self._desk = self.ctx.ticket_desk()
        return self._desk

    def on_kv_post(self, base_widget: Any) -> None:
        # strong references (ids are weak): the sections live while detached
        self.sections = {"choose": self.ids.choose_box.__self__,
                         "result": self.ids.result_box.__self__}  # fmt: skip
        self.reasons_box = self.ids.reasons.__self__
        for section in self.sections.values():
            section.parent.remove_widget(section)
        self.bind(outcome=self._sync, show_priority=self._sync)
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
        self.ids.body.add_widget(self.sections["result" if self.outcome else "choose"])
        reasons = self.reasons_box
        if self.show_priority and reasons.parent is None:
            box = self.sections["choose"]
            box.add_widget(reasons, index=box.children.index(self.ids.message_box) + 1)
        elif not self.show_priority and reasons.parent is not None:
            reasons.parent.remove_widget(reasons)

    # -- choosing --------------------------------------------------------------

    def on_activate(self, service: str = "", **params: Any) -> None:
        """Show the services; with ``service`` (from a procedure's page) take its number."""
        self.outcome = None
        self.load_services()
        if service:
            self.take(service)

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
            tile.bind(on_release=lambda t: self.take(t.service.id), minimum_height=self._fit_rows)
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
            elif self.desk.offline:  # no counts from the hub; numbers still come
                tile.subtitle = self.tr("ticket.offline.tile")
            else:
                eta = (self.tr("ticket.eta", m=s.eta_minutes) if s.waiting
                       else self.tr("ticket.no_wait"))  # fmt: skip
                tile.subtitle = f"{self.tr('ticket.waiting', n=s.waiting)} · {eta}"
        for chip in self._chips:
            chip.text = self.tr(f"priority.{chip.key}")

    def tile(self, service_id: str) -> Tile:
        """The tile of ``service_id`` (tests touch it)."""
        return next(t for t in self._tiles if t.service.id == service_id)

    def toggle_priority(self) -> None:
        self.show_priority = not self.show_priority
        if not self.show_priority:
            self.priority = ""

    def choose_priority(self, reason: str) -> None:
        self.priority = "" if self.priority == reason else reason

    def take(self, service_id: str) -> None:
        """Ask the hub for a number of ``service_id`` and print it."""
        if self.outcome is not None or self.taking or self.printer_blocked:
            return  # one number per touch: a second tap while printing is ignored
        self.message = ""
        self.taking = True
        reason = PriorityReason(self.priority) if self.priority else None
        task = self.ctx.background.run(lambda: self.desk.take(service_id, reason),
                                       self._show_outcome, self._refused)  # fmt: skip
        task.add_finally(lambda: setattr(self, "taking", False))
        self.track(task)

    def _refused(self, error: BaseException) -> None:
        if isinstance(error, TicketRefused):
            self.message = self.words(error.words)
            self.message_kind = "warn"
        else:
            self.say("error.unexpected", "error")

    # -- the result --------------------------------------------------------------

    def _show_outcome(self, outcome: TicketOutcome) -> None:
        ticket = outcome.ticket
        self.outcome = outcome
        self.number = ticket.number
        ahead = ticket.waiting_ahead
        self.ahead_text = (self.tr("ticket.offline") if outcome.offline
                           else self.tr("ticket.ahead", n=ahead) if ahead
                           else self.tr("ticket.ahead0"))  # fmt: skip
        minutes = ticket.eta_minutes
        self.eta_text = self.tr("ticket.eta_long", m=minutes) if minutes else ""
        reason = ticket.priority_reason
        self.lane_text = (self.tr("ticket.priority_lane", r=self.tr(f"priority.{reason}"))
                          if reason else "")  # fmt: skip
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
        paper = Phrase("ticket.take_paper") if self.print_ok else self.print_text
        ahead_words = (Phrase("ticket.offline") if outcome.offline
                       else Phrase("ticket.ahead", {"n": ahead}) if ahead
                       else Phrase("ticket.ahead0"))  # fmt: skip
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
