"""Leaving the app: SIGTERM (systemd's stop) ends a full-screen ``kiosk app`` in seconds,
and Escape in a windowed counter app asks before it quits. Keys are real X key presses."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import free_port
from tests.hub.hubproc import HubProcess
from tests.ui.conftest import REPO, UI
from tests.ui.xkeys import XKeys

pytestmark = pytest.mark.ui
STOP_BUDGET_S = 5.0


@pytest.fixture
def xkeys() -> Iterator[XKeys]:
    keys = XKeys()
    yield keys
    keys.close()


@pytest.fixture
def counter_ui(apps) -> Iterator[UI]:
    from kivy.core.window import Window

    app = apps.open("admin", ("counter",))
    ui = UI(app)
    ui.resize((1024, 768))
    seen: list[int] = []
    ui.keys_seen = seen
    record = lambda _w, key, *_a: seen.append(key)  # noqa: E731
    Window.bind(on_key_down=record)
    yield ui
    Window.unbind(on_key_down=record)
    if app.quit_dialog is not None:
        app.quit_dialog.dismiss()
    app.kiosk_mode = False


def _press(ui: UI, xkeys: XKeys, name: str, code: int) -> None:
    """A real key press; returns once the window has received and handled it. The harness
    runs frames without Kivy's main loop, so this pumps the window's SDL events itself."""
    from kivy.core.window import Window

    count = ui.keys_seen.count(code)
    xkeys.press(name)

    def arrived() -> bool:
        Window.mainloop()  # one pass over SDL's queue, as the main loop does per frame
        return ui.keys_seen.count(code) > count

    ui.wait_for(arrived)


def test_escape_in_a_windowed_counter_app_asks_first(counter_ui, xkeys) -> None:
    from kivy.base import EventLoop

    ui, app = counter_ui, counter_ui.app
    _press(ui, xkeys, "Escape", 27)
    dialog = app.quit_dialog
    assert dialog is not None and dialog.parent is not None
    assert dialog.question.text == "Thoát ứng dụng quầy?"
    assert (dialog.yes_button.text, dialog.no_button.text) == ("Có", "Không")
    ui.tap(dialog.no_button)
    ui.wait_for(lambda: app.quit_dialog is None and dialog.parent is None)
    assert EventLoop.status != "closed"
    _press(ui, xkeys, "Escape", 27)  # asks again; a second Escape means "no"
    again = app.quit_dialog
    assert again is not None
    _press(ui, xkeys, "Escape", 27)
    # gone from the window too: while it fades out it still takes the keys
    ui.wait_for(lambda: app.quit_dialog is None and again.parent is None)
    assert EventLoop.status != "closed"
    app.set_language("en")
    try:
        _press(ui, xkeys, "Escape", 27)
        assert app.quit_dialog.question.text == "Quit the counter app?"
        assert app.quit_dialog.yes_button.text == "Yes"
    finally:
        app.set_language("vi")


def test_escape_is_ignored_in_kiosk_mode(counter_ui, xkeys) -> None:
    from kivy.base import EventLoop

    counter_ui.app.kiosk_mode = True
    _press(counter_ui, xkeys, "Escape", 27)
    assert counter_ui.app.quit_dialog is None and EventLoop.status != "closed"


# -- the real process -------------------------------------------------------------


@pytest.fixture(scope="module")
def example_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    """A real hub of the example site (its devices: sim audio, media, LED boards, pad)."""
    work = tmp_path_factory.mktemp("example-hub")
    site = work / "site.toml"
    site.write_text((REPO / "assets/site.example.toml").read_text(encoding="utf-8"))
    process = HubProcess(site, work / "hub.sqlite3", work / "clock.txt")
    process.start()
    yield process
    process.stop()


def _start_app(tmp_path: Path, hub_url: str, site: Path, roles: str, device: str,
               *extra: str) -> subprocess.Popen:  # fmt: skip
    """``kiosk app`` as systemd starts it; returns once it has said READY=1."""
    sock_path = tmp_path / "notify.sock"
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(sock_path))
    notify.settimeout(0.2)
    cmd = [sys.executable, "-m", "kiosk", "app", "--role", roles, "--config", str(site),
           "--device", device, "--hub", hub_url, "--cache-dir", str(tmp_path / "cache"),
           *extra]  # fmt: skip
    env = {**os.environ, "NOTIFY_SOCKET": str(sock_path)}
    out = (tmp_path / "app.log").open("wb")
    proc = subprocess.Popen(cmd, cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert proc.poll() is None, (tmp_path / "app.log").read_text()
            with contextlib.suppress(TimeoutError):
                if notify.recv(64) == b"READY=1":
                    return proc
        raise AssertionError("the app never said READY=1")
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    finally:
        notify.close()


def _wait_exit(proc: subprocess.Popen, budget: float) -> tuple[int, float]:
    started = time.monotonic()
    try:
        code = proc.wait(budget)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise AssertionError(f"still running {budget} s after the signal") from None
    return code, time.monotonic() - started


@pytest.mark.parametrize(
    ("roles", "device", "hub_up"),
    [
        ("display", "display-1", True),
        ("counter", "counter-1", True),
        ("rating", "rating-1", True),
        ("lookup,ticket", "kiosk-1", True),
        ("display", "display-1", False),
        ("rating", "rating-1", False),
    ],
)
def test_sigterm_stops_the_full_screen_app(tmp_path, example_hub, roles, device, hub_up):
    """Exit code 0: the app handles SIGTERM and ends normally (not 143, death by signal)."""
    url = example_hub.url if hub_up else f"http://127.0.0.1:{free_port()}"
    proc = _start_app(tmp_path, url, example_hub.config, roles, device)  # full screen
    proc.send_signal(signal.SIGTERM)
    code, took = _wait_exit(proc, STOP_BUDGET_S)
    log = (tmp_path / "app.log").read_text()
    assert code == 0, log
    assert "Traceback" not in log, log
    print(f"{roles} (hub {'up' if hub_up else 'down'}): gone {took:.2f} s after SIGTERM")


def test_escape_then_enter_quits_a_windowed_counter_app(tmp_path, example_hub, xkeys):
    proc = _start_app(tmp_path, example_hub.url, example_hub.config, "counter", "counter-1",
                      "--windowed", "--size", "800x600")  # fmt: skip
    try:
        xkeys.press("Escape", proc.pid)  # the dialog opens; Enter means "Có"
        xkeys.press("Return", proc.pid)
        code, _took = _wait_exit(proc, 10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert code == 0, (tmp_path / "app.log").read_text()
