"""``kiosk demo``'s lobby without the window: a hub in this process and every device's context.

:class:`EmbeddedHub` runs the hub (uvicorn in a thread on 127.0.0.1, a free port) on a
database in a working folder, with the sample dossiers imported so dossier lookup works
and the site's officers signed in at the counters.
:func:`lobby_contexts` builds the :class:`~kiosk.device.service.DeviceService` of each device of
the example site (kiosk, hall display, two counters, a rating screen), each with its own
token and simulated peripherals. No Kivy here; the window is :mod:`kiosk.ui.demo_window`.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import requests

from kiosk.catalog.dossier_sources import SqliteDossierSource
from kiosk.config import Site
from kiosk.device.background import Deliver
from kiosk.device.hub_client import HubClient
from kiosk.device.service import DeviceService
from kiosk.paths import asset

if TYPE_CHECKING:
    import uvicorn

# device id -> app roles shown in the demo window
DEMO_DEVICES: dict[str, tuple[str, ...]] = {
    "kiosk-1": ("lookup", "ticket"),
    "display-1": ("display",),
    "counter-1": ("counter",),
    "counter-2": ("counter",),
    "rating-1": ("rating",),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class EmbeddedHub:
    """The site's hub served from a thread of this process; :meth:`start` returns its URL."""

    def __init__(self, site: Site, workdir: Path, port: int | None = None) -> None:
        self.site = site
        self.workdir = workdir
        self.db = workdir / "hub.sqlite3"
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def import_dossiers(self) -> int:
        """Fill the dossier table from the sample CSV (once); returns the rows imported."""
        source = SqliteDossierSource(self.workdir / "dossiers.sqlite3")
        text = asset("catalog", "dossiers.sample.csv").read_text(encoding="utf-8-sig")
        return source.import_csv(text, self.site.hub.citizen_secret).imported

    def start(self, timeout: float = 20.0) -> str:
        import uvicorn

        from kiosk.config import hub_config
        from kiosk.hub.app import create_app

        self.workdir.mkdir(parents=True, exist_ok=True)
        app = create_app(hub_config([self.site]), self.db, heartbeat_s=5.0)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                access_log=False, timeout_graceful_shutdown=1)  # fmt: skip
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="hub", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/api/v1/health", timeout=0.5).ok:
                    self.sign_in_officers()
                    return self.url
            except requests.RequestException:
                pass
            if not self._thread.is_alive():
                break
            time.sleep(0.05)
        raise RuntimeError(f"the embedded hub did not start on {self.url}")

    def sign_in_officers(self) -> None:
        """Put one of the site's officers at each counter that has a counter device, as
        they would sign in at the start of the day (the demo then calls at once)."""
        free = list(self.site.officers)
        for device in self.site.devices:
            if device.role != "counter" or device.counter is None:
                continue
            officer = next((o for o in free if o.may_work(device.counter)), None)
            if officer is None:
                continue
            free.remove(officer)
            HubClient(self.url, device.token).sign_in(device.counter, officer.id, officer.pin)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(10)
        self._server = self._thread = None


@dataclass
class Lobby:
    """The demo's hub and one context per device (keys of :data:`DEMO_DEVICES`)."""

    hub: EmbeddedHub
    contexts: dict[str, DeviceService]

    def close(self) -> None:
        for context in self.contexts.values():
            context.close()
        self.hub.stop()


def lobby_contexts(
    site: Site, hub_url: str, deliver: Deliver, workdir: Path
) -> dict[str, DeviceService]:
    """A context per demo device, each with its own token and simulated peripherals."""
    return {
        device_id: DeviceService.create(
            site,
            device_id,
            roles,
            deliver,
            hub_url=hub_url,
            cache_dir=workdir / "cache" / device_id,
        )
        for device_id, roles in DEMO_DEVICES.items()
    }
