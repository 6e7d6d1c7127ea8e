"""One device's service object: what its screens ask for, and everything it owns.

It owns every thread, socket, file and port of the device: one hub client, one event
stream (whatever the roles; each desk subscribes by event type), the rating outbox, the
desks (ticketing, counter, hall board, rating flow), the catalog cache and the
peripherals, and closes them all in :meth:`DeviceService.close`. Screens never open a
socket or a device: they call a method with callbacks; the work runs on
:class:`~kiosk.device.background.Background` threads and the callbacks run on the UI
thread. Failures reach ``on_error`` as :class:`Problem`, whose ``key`` is an
:mod:`kiosk.i18n` string a citizen can read ("error.hub_down", ...). No Kivy here.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.api.models import CitizenIn
from kiosk.catalog.catalog import Catalog
from kiosk.catalog.dossier import lookup_key
from kiosk.catalog.model import WAYS, Procedure
from kiosk.config import Device, Site
from kiosk.device.alerts import AlertFeed, AlertView
from kiosk.device.background import Background, Deliver, Task
from kiosk.device.catalog_cache import CatalogCache, CatalogUnavailable
from kiosk.device.cccd import CardSession
from kiosk.device.counter_desk import CounterDesk
from kiosk.device.event_stream import EventStream
from kiosk.device.guide import Guide
from kiosk.device.hall import HallBoard, HallSnapshot
from kiosk.device.hub_client import HubClient, HubRefused, HubUnreachable
from kiosk.device.outbox import RatingOutbox
from kiosk.device.printer_watch import PrinterWatch
from kiosk.device.rating_flow import RatingFlow, RatingView
from kiosk.device.ticketing import TicketDesk
from kiosk.devices.base import DeviceStatus
from kiosk.devices.factory import Devices, build_devices
from kiosk.devices.printer import PrintResult
from kiosk.devices.slips import ChecklistSlip
from kiosk.i18n import tr

log = logging.getLogger(__name__)

APP_ROLES = ("lookup", "ticket", "display", "counter", "rating")
# which app roles a device's hub token may run (its role in the site config)
DEVICE_ROLES: dict[str, tuple[str, ...]] = {
    "kiosk": ("lookup", "ticket"),
    "display": ("display",),
    "counter": ("counter",),
    "rating": ("rating",),
    "admin": APP_ROLES,
}
KIOSK_TIMEOUT = (2.0, 6.0)  # connect, read: a citizen should not wait longer
CATALOG_REFRESH_S = 900.0  # ask the hub for a newer catalog (a 304 when nothing changed)
CATALOG_RETRY_S = 30.0  # ... or sooner while the hub is unreachable
OUTBOX_RETRY_S = (1.0, 10.0)  # the rating outbox's first and longest wait between tries
COUNTER_EVENTS = ("ticket.", "counter.")  # any of them may change a counter's lists


_DOSSIER_REFUSALS = {
    "invalid_code": "dossier.invalid",
    "not_found": "dossier.not_found",
    "ambiguous_code": "dossier.ambiguous",
}


@dataclass(frozen=True)
class Found:
    """What a search found: the procedures, best first; ``confident`` False when none is
    surely what was asked (then they are only "see also"); ``elsewhere``: who handles a
    matter this office does not (from the synonyms' [elsewhere] table)."""

    procedures: list[Procedure]
    confident: bool = True
    elsewhere: str | None = None


class Problem(Exception):
    """A failure told in the citizen's words: ``key`` is an i18n key."""

    def __init__(self, key: str, detail: str = "") -> None:
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key = key
        self.detail = detail


def explain(error: BaseException) -> Problem:
    """Map a hub or other error to a :class:`Problem` (never shows what the user typed)."""
    if isinstance(error, Problem):
        return error
    if isinstance(error, HubUnreachable):
        return Problem("error.hub_down", str(error))
    if isinstance(error, HubRefused):
        if error.status == 429:
            return Problem("error.busy", error.detail)
        if error.code in _DOSSIER_REFUSALS:
            return Problem(_DOSSIER_REFUSALS[error.code])
        if error.code == "source_unavailable":
            return Problem("dossier.unavailable", error.detail)
    log.warning("unexpected error: %r", error)
    return Problem("error.unexpected", repr(error))


def check_roles(device: Device, roles: tuple[str, ...]) -> None:
    """Raise ValueError unless every app role is known and allowed to this device's token."""
    for role in roles:
        if role not in APP_ROLES:
            raise ValueError(f"unknown role {role!r} (known: {', '.join(APP_ROLES)})")
        if role not in DEVICE_ROLES.get(device.role, ()):
            raise ValueError(
                f"device {device.id!r} has hub role {device.role!r}, which cannot run {role!r}"
            )


def _copies(originals: int, copies: int) -> str:
    parts = [tr("slip.originals", "vi", n=originals)] if originals else []
    parts += [tr("slip.copies", "vi", n=copies)] if copies else []
    return ", ".join(parts) or tr("slip.show_only", "vi")


def checklist_slip(site: Site, procedure: Procedure) -> ChecklistSlip:
    """The printed checklist for ``procedure``: documents with copies, time, fee, where."""
    way = next((w for w in procedure.ways if w.kind == "truc_tiep"), None) or next(
        iter(procedure.ways), None
    )
    unstated = tr("slip.unstated", "vi")  # an imported list states no more: never guess
    how = f" ({WAYS[way.kind][0].lower()})" if way else ""
    documents = tuple((d.name, _copies(d.originals, d.copies)) for d in procedure.documents)
    if not documents:
        documents = ((unstated, ""),)
    return ChecklistSlip(
        site_name=site.name,
        procedure_code=procedure.code,
        procedure_name=procedure.name,
        documents=documents,
        time_limit=(way.time_limit if way else "") or procedure.time_limit or unstated,
        fee=(way.fee if way else "") or procedure.fee or unstated,
        where=f"{procedure.agency or site.name}{how}",
        url=procedure.url,
    )


@dataclass
class IdleClock:
    """When a screen has been left untouched for ``timeout_s``; ``now`` is injectable."""

    timeout_s: float
    now: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        self.last = self.now()

    def touch(self) -> None:
        self.last = self.now()

    def remaining(self) -> float:
        return max(0.0, self.timeout_s - (self.now() - self.last))


class DeviceService:
    """Everything a screen may ask for, for one device running some roles."""

    def __init__(
        self,
        site: Site,
        device: Device,
        roles: tuple[str, ...],
        background: Background,
        *,
        hub: HubClient | None,
        devices: Devices | None = None,
        cache_dir: str | Path | None = None,
    ) -> None:
        self.site = site
        self.device = device
        self.roles = roles
        self.background = background
        self.hub = hub
        self.devices = devices or Devices()
        self.guide = Guide(self.devices.speech)
        self.cache = CatalogCache(hub.base_url, hub.token, cache_dir) if hub and cache_dir else None
        self.catalog: Catalog | None = None
        self.catalog_origin = "none"  # "hub", "not_modified", "offline" or "none"
        self.hub_online: bool | None = None  # None until the first call
        self.idle = IdleClock(site.idle_timeout_s)
        self.card = CardSession(site.hub.citizen_secret, site.tz)  # forgotten at the idle reset
        self._listeners: list[Callable[[str], None]] = []
        self._next_refresh = 0.0
        self.printer_status: DeviceStatus | None = None  # None until the watch's first check
        self._printer_watch: PrinterWatch | None = None
        self._stream: EventStream | None = None
        self._ticket_desk: TicketDesk | None = None
        self._counter_desks: dict[int, CounterDesk] = {}
        self._alert_feed: AlertFeed | None = None
        self._boards: list[HallBoard] = []
        self.outbox: RatingOutbox | None = None  # the rating role's, once it starts
        self._alert_listeners: list[Callable[[list[AlertView]], None]] = []
        self._flows: dict[int, RatingFlow] = {}

    @classmethod
    def create(
        cls,
        site: Site,
        device_id: str,
        roles: tuple[str, ...],
        deliver: Deliver,
        *,
        hub_url: str | None = None,
        cache_dir: str | Path | None = None,
        devices: Devices | None = None,
    ) -> DeviceService:
        """Build the context of ``device_id`` from the site config (devices from its config
        unless given); ``hub_url`` defaults to the site's hub address."""
        device = site.device(device_id)
        if device is None:
            known = ", ".join(d.id for d in site.devices)
            raise ValueError(f"no device {device_id!r} in {site.source} (known: {known})")
        check_roles(device, roles)
        hub = HubClient(hub_url or site.hub.base_url, device.token, timeout=KIOSK_TIMEOUT)
        return cls(
            site,
            device,
            roles,
            Background(deliver),
            hub=hub,
            devices=devices if devices is not None else build_devices(device),
            cache_dir=cache_dir,
        )

    # -- change notices (on the UI thread) ---------------------------------

    def subscribe(self, listener: Callable[[str], None]) -> None:
        """``listener(what)`` runs on the UI thread when "catalog", "hub" or "printer" state
        changes."""
        self._listeners.append(listener)

    def _changed(self, what: str) -> None:
        for listener in list(self._listeners):
            listener(what)

    def _hub_state(self, online: bool) -> None:
        if online != self.hub_online:
            self.hub_online = online
            if not online:  # try again soon: the catalog refresh also tells when it is back
                self._next_refresh = min(self._next_refresh, time.monotonic() + CATALOG_RETRY_S)
            self._changed("hub")

    def _hub_call(
        self, work: Callable[[], Any], on_done: Callable[[Any], None], on_error, key=None
    ) -> Task:
        def done(value: Any) -> None:
            self._hub_state(True)
            on_done(value)

        def failed(error: BaseException) -> None:
            problem = explain(error)
            self._hub_state(problem.key != "error.hub_down")
            if on_error is not None:
                on_error(problem)

        return self.background.run(work, done, failed, key=key)

    def check_hub(self) -> Task | None:
        """Ask the hub's /health in the background; the answer (or none) updates ``hub_online``
        and tells the listeners ("hub") when it changed."""
        if self.hub is None:
            return None
        hub = self.hub
        return self._hub_call(hub.health, lambda _health: None, None, key="health")

    # -- catalog -------------------------------------------------------------

    def refresh_catalog(self, on_done: Callable[[str], None] | None = None) -> Task:
        """Load the saved catalog, then ask the hub for a newer one (offline: keep the saved)."""

        def work() -> tuple[Catalog | None, str]:
            if self.cache is None:
                return None, "none"
            try:
                fetched = self.cache.refresh()
            except CatalogUnavailable as e:
                log.warning("no catalog: %s", e)
                return None, "none"
            _ = fetched.catalog.index  # build the search index here, not on the UI thread
            return fetched.catalog, fetched.origin

        def done(result: tuple[Catalog | None, str]) -> None:
            catalog, origin = result
            self._hub_state(origin in ("hub", "not_modified"))
            if catalog is not None:
                self.catalog, self.catalog_origin = catalog, origin
                self._changed("catalog")
            if on_done:
                on_done(origin)

        return self.background.run(work, done, key="catalog")

    def keep_catalog_fresh(self, now: float | None = None) -> None:
        """Refresh the catalog when due: at start, then every 15 min (30 s while offline)."""
        now = time.monotonic() if now is None else now
        if now >= self._next_refresh:
            offline = self.hub_online is False
            self._next_refresh = now + (CATALOG_RETRY_S if offline else CATALOG_REFRESH_S)
            self.refresh_catalog()

    def search(
        self,
        query: str,
        on_done: Callable[[Found], None],
        *,
        field: str | None = None,
        level: str | None = None,
        event: str | None = None,
        limit: int = 30,
    ) -> Task:
        """Matching procedures, best first; with no query, the field/level's list. Only the
        newest search's result is delivered (typing fast never queues stale results)."""
        catalog = self.catalog

        def work() -> Found:
            if catalog is None:
                return Found([])
            if query.strip():
                result = catalog.find(query, limit, field=field, level=level, event=event)
                hits = [h.procedure for h in result.hits]
                return Found(hits, result.confident, result.elsewhere)
            return Found(catalog.browse(field, level, event))

        return self.background.run(work, on_done, key="search")

    def procedure(self, code: str) -> Procedure | None:
        """One procedure from the local catalog (a dict lookup: fine on the UI thread)."""
        return self.catalog.get(code) if self.catalog is not None else None

    def fields(self) -> list[dict]:
        return self.catalog.fields() if self.catalog is not None else []

    def life_events(self) -> list[dict]:
        return self.catalog.events() if self.catalog is not None else []

    # -- dossiers --------------------------------------------------------------

    def lookup_dossier(
        self,
        raw: str,
        on_done: Callable[[dict], None],
        on_error: Callable[[Problem], None],
    ) -> Task | None:
        """The public answer for a typed or scanned dossier code or receipt number ("0975").
        Anything else fails at once with Problem("dossier.invalid") and never leaves the
        kiosk."""
        code = lookup_key(raw)
        if code is None:
            on_error(Problem("dossier.invalid"))
            return None
        if self.hub is None:
            on_error(Problem("error.hub_down"))
            return None
        hub = self.hub
        return self._hub_call(
            lambda: hub.get_json(f"/dossiers/{code}"), on_done, on_error, "dossier"
        )

    def dossiers_of_card(
        self, on_done: Callable[[dict], None], on_error: Callable[[Problem], None]
    ) -> Task | None:
        """The dossiers of the ID card read in this session (``POST /citizen-dossiers``
        with its keyed hash only): ``{"items", "count", "supported"}``. Fails at once with
        ``cccd.no_secret`` when the site has no citizen secret (no key was made)."""
        scan = self.card.current
        if scan is None or scan.citizen_key is None:
            on_error(Problem("cccd.no_secret"))
            return None
        if self.hub is None:
            on_error(Problem("error.hub_down"))
            return None
        hub, body = self.hub, CitizenIn(citizen_key=scan.citizen_key)
        return self._hub_call(
            lambda: hub.request("POST", "/citizen-dossiers", body).json(),
            on_done,
            on_error,
            "dossier",
        )

    # -- printing and the printer's state ---------------------------------------

    @property
    def has_printer(self) -> bool:
        return self.devices.printer is not None

    def print_checklist(
        self,
        procedure: Procedure,
        on_done: Callable[[PrintResult], None],
        on_error: Callable[[Problem], None] | None = None,
    ) -> Task | None:
        """Print the document checklist (a failed job reaches the hub through the watch)."""
        printer = self.devices.printer
        if printer is None:
            return None
        future = printer.print_checklist(checklist_slip(self.site, procedure))
        return self.background.watch(
            future, on_done, (lambda e: on_error(explain(e))) if on_error else None
        )

    def watch_printer(self) -> None:
        """Check the printer about every second off the UI thread: changes go to the hub
        and to the listeners (``"printer"``, with :attr:`printer_status` set)."""
        printer = self.devices.printer
        if printer is None or self._printer_watch is not None:
            return

        def changed(status: DeviceStatus) -> None:  # on the watch's thread
            self.background.deliver(lambda: self._printer_changed(status))

        self._printer_watch = PrinterWatch(printer, self.hub, changed).start()

    def _printer_changed(self, status: DeviceStatus) -> None:
        self.printer_status = status
        self._changed("printer")

    def start_scanner(self, on_code: Callable[[str], None]) -> None:
        """Deliver each code of the serial scanner (if any) to ``on_code`` on the UI thread."""
        scanner = self.devices.scanner
        if scanner is not None:
            scanner.start(lambda code: self.background.deliver(lambda: on_code(code)))

    # -- the event stream and the desks -----------------------------------------------

    @property
    def stream(self) -> EventStream:
        """The device's one event stream (opened when the first desk subscribes)."""
        if self._stream is None:
            hub = self._require_hub()
            self._stream = EventStream(hub.base_url, hub.token).start()
        return self._stream

    def _require_hub(self) -> HubClient:
        if self.hub is None:
            raise ValueError(f"device {self.device.id} has no hub to talk to")
        return self.hub

    def _on_ui(self, callback: Callable[..., None]) -> Callable[..., None]:
        """``callback`` made safe to call from any thread: it runs on the UI thread."""
        return lambda *args: self.background.deliver(lambda: callback(*args))

    def ticket_desk(self) -> TicketDesk:
        """Ticketing with the kiosk's printer (its calls block: run them in the background)."""
        if self._ticket_desk is None:
            self._ticket_desk = TicketDesk(self._require_hub(), self.site, self.devices.printer)
        return self._ticket_desk

    def counter_desk(self, counter_id: int) -> CounterDesk:
        """The staff actions of ``counter_id``, mirrored on the device's LED board."""
        if counter_id not in self._counter_desks:
            desk = CounterDesk(self._require_hub(), counter_id, self.devices.led_board)
            self._counter_desks[counter_id] = desk
        return self._counter_desks[counter_id]

    def follow_counter(
        self, on_change: Callable[[], None], on_alerts: Callable[[list[AlertView]], None]
    ) -> None:
        """``on_change()`` when a ticket or counter event may have changed a counter's lists,
        ``on_alerts(alerts)`` with the site's device alerts in force; both on the UI thread."""
        changed = self._on_ui(on_change)
        self.stream.subscribe(lambda _event: changed(), COUNTER_EVENTS)
        self.follow_alerts(on_alerts)

    def follow_alerts(self, on_alerts: Callable[[list[AlertView]], None]) -> None:
        """``on_alerts(alerts)`` on the UI thread whenever the alerts in force change."""
        if self._alert_feed is None:
            self._alert_feed = AlertFeed(self._require_hub(), self._alerts_changed)
            self.stream.subscribe(self._alert_feed.on_event, ("device.alert",))
            self._alert_feed.start()
        self._alert_listeners.append(self._on_ui(on_alerts))

    def _alerts_changed(self, alerts: list[AlertView]) -> None:  # on the feed's threads
        for listener in self._alert_listeners:
            listener(alerts)

    def hall_board(self, on_change: Callable[[HallSnapshot], None], history: int) -> HallBoard:
        """Start the hall board (calls shown and announced once each, on the device's
        speakers); ``on_change(snapshot)`` runs on the UI thread."""
        board = HallBoard(
            self._require_hub(),
            self.stream,
            self.devices.audio,
            history=history,
            on_change=self._on_ui(on_change),
        ).start()
        self._boards.append(board)
        return board

    def start_media(self) -> Any:
        """Start the hall's guidance videos (if the device has a media player); the player
        (for the screen to draw its frames), else None."""
        player = self.devices.media
        if player is not None:
            player.start()
        return player

    def rating_flow(self, counter_id: int, on_change: Callable[[RatingView], None]) -> RatingFlow:
        """The rating flow of ``counter_id``: invited by the hub's events and pressed by the
        device's rating pad; ratings go through the durable outbox. ``on_change(view)`` runs
        on the UI thread."""
        if counter_id not in self._flows:
            if self.outbox is None:
                hub = self._require_hub()
                self.outbox = RatingOutbox(self._outbox_path(), hub, retry_s=OUTBOX_RETRY_S)
                self.outbox.start()
            flow = RatingFlow(
                counter_id, self.outbox, self.site.rating_levels, on_change=self._on_ui(on_change)
            )
            self.stream.subscribe(flow.on_event, ("ticket.",))
            pad = self.devices.rating_pad
            if pad is not None:
                pad.start(flow.press)  # the flow is thread-safe
            self._flows[counter_id] = flow
        return self._flows[counter_id]

    def _outbox_path(self) -> Path:
        """Beside the device's catalog copy (var/cache/<device>/), else var/outbox/."""
        if self.cache is not None:
            return self.cache.directory / "rating-outbox.sqlite3"
        return Path("var/outbox") / f"{self.device.id}.sqlite3"

    def close(self) -> None:
        """Stop everything the device started: desks, stream, outbox, workers, devices."""
        for board in self._boards:
            board.stop()
        if self._alert_feed is not None:
            self._alert_feed.stop()
        if self._stream is not None:
            self._stream.stop(timeout=1)
        if self.outbox is not None:
            self.outbox.stop()
        if self._printer_watch is not None:
            self._printer_watch.stop()
        self.background.shutdown()
        self.devices.close()
