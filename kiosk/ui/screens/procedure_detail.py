"""One procedure, readable: documents with copies, steps, time limits and fees, where to
file, legal basis; a QR code to its national portal page; print the document checklist."""

from __future__ import annotations

from typing import Any

from kivy.factory import Factory
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty

from kiosk.catalog.model import LEVELS, WAYS
from kiosk.device.service import PrintResult, Problem
from kiosk.ui.screens.base import KioskScreen


class ProcedureDetailScreen(KioskScreen):
    procedure = ObjectProperty(None, allownone=True)
    url = StringProperty("")
    queue_service = StringProperty("")  # the service whose number this page offers, if any
    queue_text = StringProperty("")
    printing = BooleanProperty(False)
    last_print: PrintResult | None = None

    def spoken_title(self) -> str:
        procedure = self.ctx.procedure(self.params.get("code", ""))
        return procedure.name if procedure else ""

    def on_activate(self, code: str = "", **params: Any) -> None:
        procedure = self.ctx.procedure(code)
        if procedure is not self.procedure:
            self.message = ""
        self.procedure = procedure
        self.url = procedure.url if procedure else ""
        self._offer_number()
        if procedure is None:
            self.say("detail.not_found", "error")
        self.app.bind(t=self._build, lang=self._offer_number, palette=self._build)
        self._build()
        self.ids.scroll.scroll_y = 1

    def _offer_number(self, *_args: Any) -> None:
        """Offer "Lấy số" for the queue service that receives this procedure's field."""
        p, site = self.procedure, self.ctx.site
        service = site.service_for_field(p.field) if p and self.app.has_screen("ticket") else None
        self.queue_service = service.id if service else ""
        if service is not None:
            name = service.name_vi if self.app.lang == "vi" else service.name_en
            self.queue_text = self.tr("detail.take_number", service=name, prefix=service.prefix)

    def take_number(self) -> None:
        if self.queue_service:
            self.go("ticket", service=self.queue_service)

    def on_deactivate(self) -> None:
        self.app.unbind(t=self._build, lang=self._offer_number, palette=self._build)
        self.printing = False

    def reset(self) -> None:
        super().reset()
        self.procedure, self.url, self.last_print = None, "", None

    # -- printing ---------------------------------------------------------------

    def print_checklist(self) -> None:
        if self.procedure is None or self.printing:
            return
        if not self.ctx.has_printer:
            self.say("detail.no_printer", "warn")
            return
        self.printing = True
        self.say("detail.printing", "info")
        self.track(self.ctx.print_checklist(self.procedure, self._printed, self._print_failed))

    def _printed(self, result: PrintResult) -> None:
        self.printing = False
        self.last_print = result
        self.message = self.words(result.words)
        self.message_kind = "ok" if result.ok else "error"

    def _print_failed(self, problem: Problem) -> None:
        self.printing = False
        self.say_problem(problem)

    # -- the readable sections ---------------------------------------------------

    def _build(self, *_args: Any) -> None:
        box = self.ids.sections
        box.clear_widgets()
        p = self.procedure
        if p is None:
            return
        t = self.app.t
        index = 0 if self.app.lang == "vi" else 1
        english = self.app.lang == "en"
        self._text(p.name_en if english and p.name_en else p.name, "DetailTitle")
        if english:  # the official text is Vietnamese: say so, never translate it ourselves
            self._text(p.name if p.name_en else t["detail.no_english_name"])
            self._text(t["detail.vietnamese_only"], "DetailNote")
        facts = [
            (t["detail.code"], p.code),
            (t["detail.field"], p.field),
            (t["detail.level"], ", ".join(LEVELS[lv][index] for lv in p.levels) or "—"),
            (t["detail.agency"], p.agency or "—"),
        ]
        self._text("\n".join(f"[b]{k}:[/b] {v}" for k, v in facts), markup=True)
        self._heading(t["detail.documents"])
        if not p.documents:  # an imported list names no documents: never "none needed"
            self._text(
                t["detail.see_counter" if "documents" in p.missing else "detail.no_documents"]
            )
        muted = self.app.palette.hex("TEXT_MUTED")
        for i, d in enumerate(p.documents, 1):
            self._text(f"{i}. {d.name}  [color=#{muted}]({self._copies(d.originals, d.copies)})"
                       "[/color]", markup=True)  # fmt: skip
        self._heading(t["detail.ways"])
        groups: dict[tuple[str, str], list[str]] = {}  # ways with the same time and fee
        for way in p.ways:
            time_limit, fee = way.time_limit or p.time_limit, way.fee or p.fee
            groups.setdefault((time_limit, fee), []).append(WAYS[way.kind][index])
        if not p.ways and (p.time_limit or p.fee):  # a published list's own columns
            groups[(p.time_limit, p.fee)] = []
        unstated = t["detail.not_stated"]
        for (time_limit, fee), kinds in groups.items():
            head = f"[b]{', '.join(kinds)}[/b]\n" if kinds else ""
            self._text(
                f"{head}{t['detail.time_limit']}: {time_limit or unstated}\n"
                f"{t['detail.fee']}: {fee or unstated}",
                markup=True,
            )
        if not groups:
            self._text(t["detail.see_counter"])
        self._heading(t["detail.steps"])
        for i, step in enumerate(p.steps, 1):
            self._text(f"{i}. {step}")
        if not p.steps:
            self._text(t["detail.see_counter"])
        self._heading(t["detail.where"])
        self._text("\n".join(filter(None, (self.ctx.site.name, p.agency))))
        if p.applicants:
            self._heading(t["detail.applicants"])
            self._text("\n".join(f"• {a}" for a in p.applicants))
        if p.conditions:
            self._heading(t["detail.conditions"])
            self._text(p.conditions)
        self._heading(t["detail.result"])
        self._text(p.result or t["detail.see_counter"])
        if p.legal_basis:
            self._heading(t["detail.legal"])
            self._text("\n".join(f"• {law}" for law in p.legal_basis), "DetailSmall")

    def _copies(self, originals: int, copies: int) -> str:
        parts = [self.tr("detail.originals", n=originals)] if originals else []
        parts += [self.tr("detail.copies", n=copies)] if copies else []
        return ", ".join(parts)

    def _heading(self, text: str) -> None:
        self._text(text, "DetailHeading")

    def _text(self, text: str, kind: str = "WrapLabel", **kw: Any) -> None:
        """A section line; ``kind`` is its rule in procedure_detail.kv (size and colour)."""
        self.ids.sections.add_widget(getattr(Factory, kind)(text=text, **kw))

    def section_texts(self) -> list[str]:
        """The text of every section line, top to bottom (tests read it)."""
        return [w.text for w in reversed(self.ids.sections.children)]
