"""Find a procedure: type on the on-screen keyboard (results follow as you type), or
browse by life event (sự kiện: có con, kết hôn...), field (lĩnh vực) and level (xã /
tỉnh). A procedure code goes straight to it."""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.catalog.catalog import looks_like_code
from kiosk.catalog.folding import fold
from kiosk.catalog.model import LEVELS, Procedure
from kiosk.device.service import Found
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.keyboard import apply_key

SEARCH_DELAY_S = 0.12  # keys typed within this time make one search


class ResultRow(ButtonBehavior, BoxLayout):
    """One line of the list: a procedure or a field; ``action`` says which."""

    title = StringProperty("")
    subtitle = StringProperty("")
    action = ListProperty()
    owner = ObjectProperty(None, allownone=True)  # the screen the row reports to


class ProcedureSearchScreen(KioskScreen):
    guide_title = "search.title"
    query = StringProperty("")
    field = StringProperty("")  # "" = every field
    event = StringProperty("")  # a life event's id, "" = none chosen
    event_name = StringProperty("")
    level = StringProperty("")  # "", "xa" or "tinh"
    results = ListProperty()  # the RecycleView's data
    showing_fields = BooleanProperty(True)
    count_text = StringProperty("")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._trigger_search = Clock.create_trigger(lambda _dt: self.search(), SEARCH_DELAY_S)
        self.bind(field=self._trigger_search, level=self._trigger_search,
                  event=self._trigger_search)  # fmt: skip
        self.ctx.subscribe(self._context_changed)

    def on_activate(self, **params: Any) -> None:
        self.app.bind(lang=self._trigger_search)
        self.search()

    def on_deactivate(self) -> None:
        self.app.unbind(lang=self._trigger_search)

    def reset(self) -> None:
        super().reset()
        self.query, self.field, self.level, self.event = "", "", "", ""
        self.results = []

    def _context_changed(self, what: str) -> None:
        if what == "catalog" and self.manager and self.manager.current == self.name:
            self.search()

    # -- input -------------------------------------------------------------------

    def key(self, key: str) -> None:
        """One key of the on-screen keyboard."""
        self.query = apply_key(self.query, key)
        code = self.query.strip()
        if looks_like_code(code) and self.ctx.procedure(code) is not None:
            self.open_procedure(code)
            return
        self._trigger_search()

    def on_typed(self, keys: str) -> None:
        for ch in keys:
            if ch == "\b" or ch.isalnum() or ch in " .":
                self.key(ch if ch == "\b" else ch.lower())

    def set_level(self, level: str) -> None:
        self.level = level

    def field_button(self) -> None:
        """With a field or event chosen: drop it. Without: show the lists to choose from."""
        if self.field or self.event:
            self.field, self.event = "", ""
            self.search()
        else:
            self.query = ""
            self.search()

    def choose_field(self, field: str) -> None:
        self.field, self.event = field, ""
        self.search()

    def choose_event(self, event: str) -> None:
        names = {e["event"]: e for e in self.ctx.life_events()}
        chosen = names.get(event)
        self.event_name = (chosen["en" if self.app.lang == "en" else "vi"]) if chosen else ""
        self.field, self.event = "", event
        self.search()

    # -- results -----------------------------------------------------------------

    def search(self) -> None:
        """Ask for the results of the current query and filters (newest search wins)."""
        if self.ctx.catalog is None:
            self.results, self.count_text = [], ""
            self.say("search.no_catalog", "warn")
            return
        if not self.query.strip() and not self.field and not self.event:
            self._show_fields()
            return
        self.track(
            self.ctx.search(
                self.query,
                self._show_procedures,
                field=self.field or None,
                level=self.level or None,
                event=self.event or None,
            ),
            spinner=False,
        )

    def _show_fields(self) -> None:
        self.showing_fields = True
        level = self.level or "count"
        rows = []
        english = self.app.lang == "en"
        for e in self.ctx.life_events():
            if e[level]:
                text = f"{self.tr('search.event')} · {self.tr('search.count', n=e[level])}"
                rows.append({"title": e["en" if english else "vi"], "subtitle": text,
                             "action": ["event", e["event"]], "owner": self})  # fmt: skip
        for f in sorted(self.ctx.fields(), key=lambda f: (fold(f["field"]), f["field"])):
            if f[level]:
                text = f"{self.tr('search.field')} · {self.tr('search.count', n=f[level])}"
                action = ["field", f["field"]]
                rows.append(
                    {"title": f["field"], "subtitle": text, "action": action, "owner": self}
                )
        self.results = rows
        self.ids.list.scroll_y = 1
        self.count_text = self.app.t["search.browse"]
        self.say("")

    def _show_procedures(self, found: Found) -> None:
        procedures = found.procedures
        self.showing_fields = False
        self.results = [self._row(p) for p in procedures]
        self.ids.list.scroll_y = 1  # new results: start at the best match
        if found.elsewhere:
            self.count_text = self.tr("search.see_also", n=len(procedures))
            self.say("search.elsewhere", "warn", where=found.elsewhere)
        elif not procedures:
            self.count_text = self.tr("search.count", n=0)
            self.say("search.none", "info")
        elif not found.confident and self.query.strip():
            self.count_text = self.tr("search.see_also", n=len(procedures))
            self.say("search.unsure", "info")
        else:
            self.count_text = self.tr("search.count", n=len(procedures))
            self.say("")

    def _row(self, p: Procedure) -> dict:
        index = 0 if self.app.lang == "vi" else 1
        levels = ", ".join(LEVELS[lv][index] for lv in p.levels)
        title = p.name_en if index and p.name_en else p.name
        return {"title": title, "subtitle": f"{p.code}  ·  {p.field}  ·  {levels}",
                "action": ["procedure", p.code], "owner": self}  # fmt: skip

    def activate_row(self, action: list[str]) -> None:
        kind, value = action
        if kind == "field":
            self.choose_field(value)
        elif kind == "event":
            self.choose_event(value)
        else:
            self.open_procedure(value)

    def open_procedure(self, code: str) -> None:
        self.go("procedure_detail", code=code)

    def scroll_to(self, index: int) -> None:
        """Scroll the list so that ``results[index]`` is in view."""
        rv = self.ids.list
        row = rv.layout_manager.default_size[1]
        hidden = rv.layout_manager.height - rv.height
        if hidden > 0:
            rv.scroll_y = max(0.0, min(1.0, 1 - (index * row) / hidden))

    def row_widget(self, index: int) -> ResultRow:
        """The visible row showing ``results[index]`` (tests touch it)."""
        wanted = self.results[index]["action"]
        rows = [w for w in self.ids.list.layout_manager.children if isinstance(w, ResultRow)]
        return next(w for w in rows if list(w.action) == list(wanted))
