"""Check a dossier: type its code (or the receipt number) on the keypad or scan the
receipt; see its status.

The code is normalised (kiosk.catalog.dossier.normalize_code) before it leaves the
kiosk; an invalid or unknown code gets a helpful message that never repeats it. A
scanned ID card (CCCD) finds the citizen's dossiers by its keyed hash.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kivy.factory import Factory
from kivy.properties import DictProperty, StringProperty

from kiosk.catalog.dossier import normalize_code
from kiosk.device.cccd import CardScan, is_card_payload
from kiosk.device.service import Problem
from kiosk.ui.screens.base import KioskScreen, procedure_code_in
from kiosk.ui.widgets.keyboard import apply_key

MAX_CODE = 40


def _date(iso: str) -> str:
    """ "2025-10-08T16:30" -> "16:30 ngày 08/10/2025" style, locale-neutral: 08/10/2025 16:30."""
    try:
        return datetime.fromisoformat(iso).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return iso


class DossierStatusScreen(KioskScreen):
    guide_title = "dossier.title"
    entry = StringProperty("")
    answer = DictProperty()
    answer_text = StringProperty("")

    def on_activate(self, code: str = "", card: bool = False, **params: Any) -> None:
        self.app.bind(lang=self._render, palette=self._render)
        self.params = {}  # looked up once: coming back to this screen does not ask again
        if code:
            self.lookup(code)
        elif card and self.ctx.card.current is not None:
            self.on_card(self.ctx.card.current)

    def on_deactivate(self) -> None:
        self.app.unbind(lang=self._render, palette=self._render)

    def reset(self) -> None:
        super().reset()
        self.entry, self.answer, self.answer_text = "", {}, ""
        self.params = {}
        self._show_found([])

    # -- input ---------------------------------------------------------------------

    def key(self, key: str) -> None:
        self.entry = apply_key(self.entry, key, MAX_CODE, upper=True)
        self.message = ""

    def on_typed(self, keys: str) -> None:
        for ch in keys:
            if ch == "\r":
                self.submit()
            elif ch == "\b" or ch.isalnum() or ch in ".-":
                self.key(ch)

    def on_scan(self, text: str) -> None:
        if is_card_payload(text):
            self.read_card(text)  # then on_card
            return
        code = normalize_code(text)
        if code is not None:
            self.lookup(code)
        elif procedure_code_in(text):
            super().on_scan(text)  # a procedure code: show that procedure
        else:
            self.say("dossier.invalid", "error")  # never echo what was scanned

    def on_card(self, scan: CardScan) -> None:
        """An ID card read: its dossiers (one is shown, several listed by code)."""
        self.entry, self.answer, self.answer_text, self.message = "", {}, "", ""
        self._show_found([])
        self.track(self.ctx.dossiers_of_card(self._card_answered, self._failed))

    def _card_answered(self, found: dict) -> None:
        items = found["items"]
        if not found["supported"]:
            self.say("cccd.unsupported", "warn")
        elif not items:
            self.say("cccd.none_found", "warn")
        elif len(items) == 1:
            self._answered(items[0])
        else:
            self.say("cccd.found", "info", n=len(items))
            self._show_found(items)

    def _show_found(self, items: list[dict]) -> None:
        """One button per dossier of the card: its code and procedure (no name)."""
        box = self.ids.found
        box.clear_widgets()
        for item in items:
            button = Factory.FoundDossier(text=f"{item['code']} · {item['procedure']['name']}")
            button.bind(on_release=lambda _b, a=item: self._pick(a))
            box.add_widget(button)

    def _pick(self, answer: dict) -> None:
        self._show_found([])
        self.message = ""
        self._answered(answer)

    def submit(self) -> None:
        """Look up what was typed."""
        self.lookup(self.entry)

    def lookup(self, raw: str) -> None:
        code = normalize_code(raw)
        if code is not None:
            self.entry = code
        self.answer, self.answer_text = {}, ""
        self.message = ""
        self.track(self.ctx.lookup_dossier(raw, self._answered, self._failed))

    def again(self) -> None:
        self.reset()

    # -- answer ----------------------------------------------------------------------

    def _answered(self, answer: dict) -> None:
        self.entry = answer["code"]  # a receipt number typed: the hub completed it
        self.answer = answer
        self._render()

    def _failed(self, problem: Problem) -> None:
        self.answer, self.answer_text = {}, ""
        self.say_problem(problem)

    def _render(self, *_args: Any) -> None:
        a = self.answer
        if not a:
            self.answer_text = ""
            return
        t, lang = self.app.t, self.app.lang
        status = a["status"]
        lines = [
            f"[b]{t['dossier.code']}:[/b] {a['code']}",
            f"[b]{t['dossier.procedure']}:[/b] {a['procedure']['name']}",
        ]
        if a.get("applicant"):
            lines.append(f"[b]{t['dossier.applicant']}:[/b] {a['applicant']}")
        lines += [
            f"[b]{t['dossier.received']}:[/b] {_date(a['received_at'])}",
            f"[b]{t['dossier.appointment']}:[/b] {_date(a['appointment_at'])}",
            "",
            f"[b]{t['dossier.status']}:[/b] [size={int(42 * self.app.font_scale)}][b]"
            f"{status[lang]}[/b][/size]",
        ]
        late = a.get("timeliness")
        if late:
            colour = self.app.palette.hex("OK_TEXT" if late["key"] == "on_time" else "ERROR_TEXT")
            lines.append(f"[color=#{colour}][b]{late[lang]}[/b][/color]")
        lines += [status["advice_" + lang]]
        if a.get("pickup_place"):
            lines += ["", f"[b]{t['dossier.pickup']}:[/b] {a['pickup_place']}"]
        self.answer_text = "\n".join(lines)
