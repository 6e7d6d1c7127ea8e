"""The UI harness: one real Kivy window and one KioskApp per session, driven by touches.

Kivy creates one window per process, so the app is built once (``kiosk_app``) and each
test gets it back on its home screen, cleared, through ``ui``. A real ``kiosk hub``
process serves it (``hub``); the kiosk's printer and scanner are the simulated devices
of the device layer. Tests tap real widgets with :meth:`UI.tap`, advance frames with
:meth:`UI.frames`, wait for background results with :meth:`UI.wait_for`, and write
PNGs with :meth:`UI.screenshot`; ``lobby_clock`` moves the counter's double-press hold
and the hall's blinking past their time, so no test sleeps through them.

A test run writes nothing into tracked files: screenshots and the display's measured
figures go to a folder of the temporary directory, unless ``KIOSK_REFRESH_DOCS=1``
(``./run.sh screenshots``) sends them to docs/screenshots/ and bench/results/.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.helpers import ShiftedTime, poll, shifted_time, wait_for
from tests.hub.hubproc import HubProcess

REPO = Path(__file__).resolve().parents[2]
REFRESH_DOCS = os.environ.get("KIOSK_REFRESH_DOCS") == "1"
_SCRATCH = Path(tempfile.gettempdir()) / f"kiosk-ui-{os.getuid()}"
SHOTS = REPO / "docs" / "screenshots" if REFRESH_DOCS else _SCRATCH / "screenshots"
RESULTS = REPO / "bench" / "results" if REFRESH_DOCS else _SCRATCH / "results"
DEVICE = "kiosk-1"
KIOSK_TOKEN = "ui-test-kiosk-token-0123456789"
ADMIN_TOKEN = "ui-test-admin-token-0123456789"
PORTRAIT, LANDSCAPE = (1080, 1920), (1920, 1080)


def site_toml() -> str:
    """The example site's services, with one kiosk (sim printer and scanner) for the tests."""
    example = (REPO / "assets" / "site.example.toml").read_text(encoding="utf-8")
    head = example.split("[[devices]]")[0]
    return head + (
        f'[[devices]]\nid = "{DEVICE}"\nrole = "kiosk"\ntoken = "{KIOSK_TOKEN}"\n'
        'printer = {{ driver = "sim", paper_width_mm = 80 }}\nscanner = {{ driver = "sim" }}\n'
        'speech = {{ driver = "sim" }}\n'
        f'\n[[devices]]\nid = "admin"\nrole = "admin"\ntoken = "{ADMIN_TOKEN}"\n'
    ).replace("{{", "{").replace("}}", "}")


@pytest.fixture(scope="session")
def ui_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ui")


@pytest.fixture(scope="session")
def site_file(ui_dir: Path) -> Path:
    path = ui_dir / "site.toml"
    path.write_text(site_toml(), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def hub(ui_dir: Path, site_file: Path) -> Iterator[HubProcess]:
    """A real hub with the sample dossiers imported (ID numbers as the site's keyed hash)."""
    from kiosk.catalog.dossier_sources import SqliteDossierSource
    from kiosk.config import load_site

    csv = (REPO / "assets" / "catalog" / "dossiers.sample.csv").read_text(encoding="utf-8-sig")
    secret = load_site(site_file).hub.citizen_secret
    SqliteDossierSource(ui_dir / "dossiers.sqlite3").import_csv(csv, secret)
    process = HubProcess(site_file, ui_dir / "hub.sqlite3", ui_dir / "clock.txt")
    process.set_time("2025-10-15T09:00:00+07:00")
    process.start()
    yield process
    process.stop()


class UI:
    """Drive the running app: touches, frames, waiting, resizing, screenshots."""

    def __init__(self, app) -> None:
        self.app = app

    @property
    def screen(self):
        return self.app.screen

    def frames(self, n: int = 3) -> None:
        from kivy.base import EventLoop

        for _ in range(n):
            EventLoop.idle()

    def wait_for(
        self, predicate: Callable[[], object], timeout: float = 5.0, message: str = ""
    ) -> None:
        """Run frames until ``predicate()`` is true (background results arrive via Clock);
        fail with ``message`` (by default the predicate's source) after ``timeout`` s."""
        wait_for(predicate, timeout, message, pump=lambda: self.frames(1), interval=0.005)
        self.frames(2)

    def longest_frame_until(
        self,
        predicate: Callable[[], object],
        timeout: float = 8.0,
        each: Callable[[], object] | None = None,
    ) -> float:
        """Run frames until ``predicate()`` is true or ``timeout`` s pass; the longest
        frame, in seconds (work done on the UI thread shows there). ``each`` runs after
        every frame."""
        longest = 0.0

        def frame() -> None:
            nonlocal longest
            start = time.monotonic()
            self.frames(1)
            longest = max(longest, time.monotonic() - start)
            if each is not None:
                each()

        poll(predicate, timeout, pump=frame, interval=0)
        return longest

    def tap(self, widget) -> None:
        """Touch ``widget`` at its centre, as a finger would (down, up)."""
        from kivy.tests.common import UnitTestTouch

        assert widget.get_root_window() is not None, f"{widget} is not on screen"
        x, y = widget.to_window(*widget.center)
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        touch.touch_up()
        self.frames(1)  # one frame: a redraw costs ~0.1 s under Xvfb

    def type(self, keyboard, text: str) -> None:
        """Tap the on-screen keyboard's keys for ``text``."""
        for ch in text:
            self.tap(keyboard.key_button(ch.lower() if keyboard.layout == "text" else ch))

    def wedge(self, text: str) -> None:
        """Keys as a keyboard-wedge scanner sends them: a burst ended by Enter."""
        from kivy.core.window import Window

        for ch in text + "\r":
            key = 13 if ch == "\r" else ord(ch.lower())
            Window.dispatch("on_key_down", key, 0, None if ch == "\r" else ch, [])
            Window.dispatch("on_key_up", key, 0)
        self.frames(1)

    def resize(self, size: tuple[int, int]) -> None:
        from kivy.core.window import Window

        if tuple(Window.size) != size:
            Window.size = size
            self.wait_for(lambda: tuple(Window.size) == size)
        self.frames(4)

    def screenshot(self, name: str) -> Path:
        """Write the window's content to ``SHOTS/name.png`` (docs/screenshots/ when
        refreshing the docs)."""
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        self.frames(3)
        self.app.root.export_to_png(str(path))
        return path


def _devices(device):
    """The kiosk's devices from its config (sim printer and scanner), as the app builds them."""
    from kiosk.devices.factory import build_devices

    return build_devices(device)


class Apps:
    """One window, one app at a time: :meth:`open` builds the app of a device and roles
    (closing the previous one) or returns it if it is already open."""

    def __init__(self, site_file: Path, hub: HubProcess, cache_dir: Path) -> None:
        self.site_file, self.hub, self.cache_dir = site_file, hub, cache_dir
        self.app = None
        self.key: tuple | None = None

    def open(
        self, device_id: str, roles: tuple[str, ...], registry=None, devices=None, hub_url=None
    ):
        """``devices`` replaces the device's configured peripherals, ``hub_url`` the hub's
        address (e.g. a proxy's); either makes a new app."""
        fresh = registry is None and devices is None and hub_url is None
        if self.key == (device_id, roles) and fresh:
            return self.app
        self.close()
        from kivy.clock import Clock

        from kiosk.config import load_site
        from kiosk.device.service import DeviceService
        from kiosk.ui.app import KioskApp

        site = load_site(self.site_file)
        context = DeviceService.create(
            site,
            device_id,
            roles,
            lambda fn: Clock.schedule_once(lambda _dt: fn()),
            hub_url=hub_url or self.hub.url,
            cache_dir=self.cache_dir / device_id,
            devices=devices or _devices(site.device(device_id)),
        )
        app = KioskApp(context, registry=registry)
        app._run_prepare()  # build the root and put it in the window, as App.run() would
        self.app, self.key = app, (device_id, roles) if fresh else None
        if "lookup" in roles:
            UI(app).wait_for(lambda: context.catalog is not None, timeout=10)
        return app

    def close(self) -> None:
        if self.app is not None:
            from kivy.core.window import Window

            self.app.dispatch("on_stop")
            Window.remove_widget(self.app.root)
            self.app, self.key = None, None


@pytest.fixture(scope="session")
def apps(ui_dir: Path, site_file: Path, hub: HubProcess) -> Iterator[Apps]:
    """The session's window (Kivy has one per process) and whichever app is open in it."""
    from kiosk.commands.app import prepare_kivy

    prepare_kivy(size=PORTRAIT, fullscreen=False, kiosk_home=ui_dir / "kivy")
    from kivy.base import EventLoop

    EventLoop.ensure_window()
    opened = Apps(site_file, hub, ui_dir / "cache")
    yield opened
    opened.close()
    EventLoop.close()


@pytest.fixture(scope="package")
def lobby_clock(apps: Apps) -> Iterator[ShiftedTime]:
    """The clock of the counter screen's double-press hold and of the hall's blinking (both
    read ``time.monotonic()`` and take no clock): a test moves it past a hold or a blink
    instead of sleeping through it. It stays in for the rest of the UI tests once a test
    takes it: the apps outlive a test, and a deadline set on it would lie ahead of the
    real clock if it were taken out."""
    from kiosk.device import hall
    from kiosk.ui.screens import counter

    with shifted_time(counter, hall) as clock:
        yield clock


@pytest.fixture
def kiosk_app(apps: Apps):
    """The lookup kiosk (device kiosk-1, role lookup) against the real hub."""
    return apps.open(DEVICE, ("lookup",))


@pytest.fixture
def ui(kiosk_app) -> Iterator[UI]:
    """The app on its home screen in portrait, cleared, with an empty sim printer."""
    driver = UI(kiosk_app)
    driver.resize(PORTRAIT)
    kiosk_app.go_home()
    printer = kiosk_app.context.devices.printer
    printer.clear()
    for fault in ("paper_low", "paper_out", "cover_open", "offline"):
        printer.set_fault(fault, False)
    driver.frames(3)
    yield driver
