"""Home: big tiles for what this kiosk offers, site name, clock, language, text size and
high contrast.

While it shows, home asks the hub if it is there (at once, then every ``hub_check_s``
seconds, off the UI thread), so a banner says the hub is unreachable before a citizen
taps anything, and what still works (on a ticket kiosk with a lease: numbers); it goes
away when the hub answers again.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import ClockEvent
from kivy.properties import BooleanProperty, NumericProperty

from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.buttons import Tile

# (role, screen, title key, tone): a tile shows when the app runs the role's screen
TILES = (
    ("lookup", "procedure_search", "home.procedures", "tile.blue"),
    ("lookup", "dossier_status", "home.dossier", "tile.teal"),
    ("ticket", "ticket", "home.ticket", "tile.red"),
    ("rating", "rating", "home.rating", "tile.purple"),
)


class HomeScreen(KioskScreen):
    guide_title = "home.choose"
    hub_check_s = NumericProperty(10.0)
    offline_tickets = BooleanProperty(False)  # numbers are given from a lease while offline

    def __init__(self, **kwargs: Any) -> None:
        self._hub_timer: ClockEvent | None = None
        super().__init__(**kwargs)

    def on_activate(self, **params: Any) -> None:
        self._watch_hub()

    def on_deactivate(self) -> None:
        if self._hub_timer is not None:
            self._hub_timer.cancel()
            self._hub_timer = None

    def on_hub_check_s(self, *_args: Any) -> None:
        if self._hub_timer is not None:
            self._watch_hub()

    def _watch_hub(self) -> None:
        self.on_deactivate()
        self.ctx.check_hub()
        self._hub_timer = self.every(self.hub_check_s, self._check_hub)

    def _check_hub(self, _dt: float) -> None:
        self.ctx.check_hub()

    def on_kv_post(self, base_widget: Any) -> None:
        self._tiles: list[Tile] = []
        self.offline_tickets = self.ctx.issues_offline and self.app.has_screen("ticket")
        for role, screen, key, tone in TILES:
            if role not in self.ctx.roles or not self.app.has_screen(screen):
                continue
            tile = Tile(tone=tone)
            tile.screen_name, tile.text_key = screen, key
            tile.bind(on_release=lambda t: self.go(t.screen_name))
            self.ids.tiles.add_widget(tile)
            self._tiles.append(tile)
        self.app.bind(t=lambda *_: self._label_tiles())
        self._label_tiles()

    def _label_tiles(self) -> None:
        for tile in self._tiles:
            tile.title = self.app.t[tile.text_key]
            tile.subtitle = self.app.t[tile.text_key + ".sub"]

    def tile(self, screen: str) -> Tile:
        """The tile that opens ``screen`` (tests touch it)."""
        return next(t for t in self._tiles if t.screen_name == screen)
