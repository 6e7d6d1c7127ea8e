"""What the queue screens (ticket, hall display, counter, rating) share: their words, and a
context of their own so one window (``kiosk demo``) can run several devices side by side."""

from __future__ import annotations

from typing import Any

from kivy.properties import ObjectProperty

from kiosk.ui.screens.base import KioskScreen


class LobbyScreen(KioskScreen):
    """A queue screen; ``context`` (optional) is its own device's context, else the app's."""

    context = ObjectProperty(None, allownone=True)

    @property
    def ctx(self) -> Any:
        return self.context or self.app.context

    def counter_to_work(self, given: int | None) -> int | None:
        """The counter this screen serves: ``given``, else the device's (an admin device may
        run any: the first). None, with the reason in ``message``, when there is none."""
        ctx = self.ctx
        counter_id = given or ctx.device.counter
        if not counter_id and ctx.device.role == "admin":
            counter_id = ctx.site.counters[0].id
        if not counter_id:
            self.message = f"device {ctx.device.id} is bound to no counter"
        return counter_id or None
