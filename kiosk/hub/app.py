"""The hub's FastAPI application: lifespan (store, event fan-out) and the routers."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator, Callable
from functools import partial
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from kiosk import __version__
from kiosk.catalog.catalog import Catalog
from kiosk.catalog.dossier_sources import DossierSource, SqliteDossierSource
from kiosk.catalog.load import load_catalog
from kiosk.clock import Clock
from kiosk.config import HubConfig
from kiosk.hub import (
    booking_page,
    pages,
    routes_appointments,
    routes_devices,
    routes_federation,
    routes_leases,
    routes_queue,
    routes_reports,
)
from kiosk.hub.errors import install_error_handlers
from kiosk.hub.events import Broadcaster, install_quiet_drop
from kiosk.hub.forwarder import Forwarder
from kiosk.hub.guard import Buckets, Lockout, TicketViews
from kiosk.hub.limits import BodySizeLimit
from kiosk.hub.routes_catalog import catalog_router
from kiosk.hub.security import HtmlSecurityHeaders
from kiosk.hub.sessions import Sessions
from kiosk.hub.state import Hub
from kiosk.hub.ticket_follow import PhoneStreams
from kiosk.notify.factory import notifier_for
from kiosk.queue import retention
from kiosk.queue.notify_sender import NotifySender
from kiosk.store.db import Backend, Database, load_events_after, open_backend, sqlite_path

API_PREFIX = "/api/v1"
Events = list[dict[str, Any]]
MAX_BODY_BYTES = 64 * 1024


def create_app(
    config: HubConfig,
    database: str | Path,
    clock: Clock | None = None,
    heartbeat_s: float = 15.0,
    catalog: Catalog | None = None,
    dossiers: DossierSource | None = None,
) -> FastAPI:
    """Build the hub app; the store opens when the app starts and closes when it stops.

    ``database`` is a SQLite path (or ``sqlite:///path``) or a ``postgresql://`` URL.
    ``catalog`` defaults to var/catalog.json or the shipped sample; ``dossiers`` to a
    local table beside a SQLite database, else in var/ (``kiosk catalog dossiers-import``).
    """
    site = config.main
    clock = clock or Clock(site.tz)
    catalog = catalog or load_catalog()
    backend = open_backend(database, legacy_site=site.id)
    local = sqlite_path(database).parent if backend.dialect == "sqlite" else Path("var")
    dossiers = dossiers or SqliteDossierSource(local / "dossiers.sqlite3")
    gc.freeze()  # the catalog lives as long as the hub: keep it out of GC passes

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = Database(backend, clock)  # SQLite: holds the file's lock, one hub per store
        last_id = db.read(
            lambda c: c.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]
        )
        broadcaster = Broadcaster(
            asyncio.get_running_loop(),
            last_id,
            lambda after, limit: db.read(lambda c: load_events_after(c, after, limit)),
            heartbeat_s,
        )
        install_quiet_drop()
        settings = config.settings.notify
        sender = None
        publish = broadcaster.publish_threadsafe
        if settings is not None:
            sender = NotifySender(db, notifier_for(settings), settings, clock)
            publish = partial(_publish_and_wake, broadcaster, sender)
            sender.start()
        feed = _follow_every_process(backend, db, publish, last_id)
        if feed is not None:
            broadcaster.catch_up = feed.catch_up
        app.state.hub = Hub(config, clock, db, broadcaster, heartbeat_s, notify=settings)
        forwarder = app.state.forwarder = _forwarder(db, clock, config)
        keeper = asyncio.create_task(retention.run_daily(db, clock, config.settings.retention_days))
        try:
            yield
        finally:
            keeper.cancel()
            if forwarder is not None:
                await asyncio.to_thread(forwarder.stop)
            if sender is not None:
                await asyncio.to_thread(sender.stop)
            if feed is not None:
                feed.close()
            db.close()

    app = FastAPI(
        title="Kiosk hub",
        version=__version__,
        description="Queue, calls, ratings, catalog and dossier status of one-stop offices.",
        lifespan=lifespan,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )
    app.state.config = config
    app.state.dossiers = dossiers  # ratings of a dossier need one the source knows
    app.state.lockout = Lockout()  # wrong tokens per client address
    app.state.sessions = Sessions()  # report sign-ins
    # new ticket pages per address: 20 at once, then one per 6 s; a refresh is free
    app.state.ticket_views = TicketViews(Buckets(20, 1 / 6))
    app.state.phone_streams = PhoneStreams()  # the phone pages' live streams per address
    # public appointments per address: a few bookings, then one a minute; reads more freely
    ra = routes_appointments
    app.state.bookings = Buckets(ra.BOOKINGS_BURST, ra.BOOKINGS_PER_S)
    app.state.appointment_views = Buckets(ra.VIEWS_BURST, ra.VIEWS_PER_S)
    app.add_middleware(BodySizeLimit, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(HtmlSecurityHeaders, docs_path=f"{API_PREFIX}/docs")
    install_error_handlers(app)
    app.include_router(routes_queue.router, prefix=API_PREFIX)
    app.include_router(routes_devices.router, prefix=API_PREFIX)
    app.include_router(routes_federation.router, prefix=API_PREFIX)
    app.include_router(routes_appointments.router)
    app.include_router(routes_leases.router, prefix=API_PREFIX)
    app.include_router(
        catalog_router(catalog, dossiers, now=lambda: clock.local().replace(tzinfo=None)),
        prefix=API_PREFIX,
    )
    app.include_router(pages.router)
    app.include_router(booking_page.router)
    app.include_router(routes_reports.router)
    _document_site_limits(app, max(s.rating_levels for s in config.sites))
    return app


def _follow_every_process(
    backend: Backend, db: Database, publish: Callable[[Events], None], last_id: int
) -> Any:
    """Wire committed events to ``publish`` (this process's streams, its sender): straight
    from the writer on SQLite (the only hub of its file); on PostgreSQL, where other hub
    processes may write too, through an :class:`~kiosk.store.pg_feed.EventFeed`
    (returned, to be closed)."""
    if backend.dialect != "postgresql":
        db.on_commit = publish
        return None
    from kiosk.store.pg_feed import EventFeed
    from kiosk.store.pg_store import PostgresBackend

    assert isinstance(backend, PostgresBackend)

    def every(events: Events) -> None:
        db.observe(events)  # the writer's clock floor: others' times too
        publish(events)

    feed = EventFeed(backend.url, last_id, db.read, every)
    db.on_commit = feed.offer
    feed.start()
    return feed


def _publish_and_wake(broadcaster: Broadcaster, sender: NotifySender, events: Events) -> None:
    """After a commit: the events to their streams, and the sender to the outbox."""
    broadcaster.publish_threadsafe(events)
    if any(e["type"].startswith("ticket.") for e in events):
        sender.wake()


def _forwarder(db: Database, clock: Clock, config: HubConfig) -> Forwarder | None:
    """The main site's forwarder to the province (``[federation]``), started; woken by
    each commit after the event fan-out has it."""
    federation = config.main.federation
    if federation is None:
        return None
    forwarder = Forwarder(db, clock, config.main, federation)
    publish = db.on_commit

    def on_commit(events: list[dict[str, Any]]) -> None:
        if publish is not None:
            publish(events)
        forwarder.wake()

    db.on_commit = on_commit
    forwarder.start()
    return forwarder


def _document_site_limits(app: FastAPI, levels: int) -> None:
    """Publish the rating scale in the OpenAPI schema (level 1..rating_levels)."""
    default_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        schema = default_openapi()
        rating = schema.get("components", {}).get("schemas", {}).get("RatingIn")
        if rating:
            rating["properties"]["level"]["maximum"] = levels
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
