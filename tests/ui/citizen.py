"""The citizen screens in the states worth looking at, shown on a running app of the
roles :data:`CITIZEN` (home, procedure search and detail, dossier status, ticket)."""

from __future__ import annotations

from collections.abc import Callable

from tests.ui.conftest import UI

CITIZEN = ("lookup", "ticket")  # the roles with every citizen screen


def show_home(ui: UI) -> None:
    ui.app.go(ui.app.home_name)


def show_search(ui: UI) -> None:
    """Results and a warning: 'ly hôn' is the court's, the list only 'may be related'."""
    ui.app.go("procedure_search")
    search = ui.screen
    search.query = "ly hon"
    search.search()
    ui.wait_for(lambda: not search.showing_fields and search.message)


def show_detail(ui: UI) -> None:
    ui.app.go("procedure_detail", code="1.001193")


def show_dossier(ui: UI) -> None:
    ui.app.go("dossier_status", code="H15.50.05.13-251001-0044")  # overdue: the red words
    ui.wait_for(lambda: ui.screen.answer_text, timeout=8)


def show_ticket_choice(ui: UI) -> None:
    """The services and, open, the priority reasons with one chosen."""
    ui.app.go("ticket")
    ticket = ui.screen
    ui.wait_for(lambda: ticket._tiles)
    ticket.show_priority = True
    ticket.choose_priority("child")  # the longest reason


def show_ticket(ui: UI) -> None:
    """A ticket taken (its words are said in the language of the moment: taken again)."""
    ticket = ui.app.manager.get_screen("ticket")
    if ui.screen is not ticket:
        show_ticket_choice(ui)
    ticket.outcome = None
    ticket.take("chungthuc")
    ui.wait_for(lambda: ticket.outcome is not None, timeout=8)


def searched_again(ui: UI) -> None:
    """A language switch searches again: the count is said in the new language."""
    search = ui.screen
    ui.wait_for(lambda: search.count_text == ui.app.tr("search.see_also", n=len(search.results)))


# each state: how to show it, and what to do after a switch of language
STATES: dict[str, tuple[Callable[[UI], None], Callable[[UI], None] | None]] = {
    "home": (show_home, None),
    "procedure search": (show_search, searched_again),
    "procedure detail": (show_detail, None),
    "dossier status": (show_dossier, None),
    "ticket choice": (show_ticket_choice, None),
    "ticket": (show_ticket, show_ticket),
}
