"""``kiosk app``: run the touch application for some roles against a hub.

SIGTERM (systemd's stop) and SIGINT stop the app from the UI thread, as the technician's
exit does: screens, devices and threads close and the process exits 0. The handlers are
set before the window exists, so SDL keeps its own (which would only ask the window to
close, and kiosk mode refuses) off them.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import signal
import sys
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def _roles(text: str) -> tuple[str, ...]:
    from kiosk.device.service import APP_ROLES

    roles = tuple(r.strip() for r in text.split(",") if r.strip())
    bad = [r for r in roles if r not in APP_ROLES]
    if not roles or bad:
        raise argparse.ArgumentTypeError(
            f"{', '.join(bad) or 'nothing'}: roles are {', '.join(APP_ROLES)} (comma-separated)"
        )
    return roles


def _size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d{3,5})x(\d{3,5})", text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"{text!r}: expected WIDTHxHEIGHT, e.g. 1080x1920")
    return int(m.group(1)), int(m.group(2))


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("app", help="run the touch app (lookup, ticket, display, counter, rating)")
    p.add_argument("--role", type=_roles, required=True, help="roles, e.g. lookup,ticket")
    p.add_argument("--config", help="site TOML (default: the example site)")
    p.add_argument("--device", required=True, help="this device's id in the site config")
    p.add_argument("--hub", help="hub base URL (default: from the config)")
    p.add_argument("--cache-dir", type=Path, help="offline catalog copy (default var/cache/ID)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--fullscreen",
        dest="fullscreen",
        action="store_true",
        default=True,
        help="kiosk mode: full screen, no cursor, Escape does not quit (default)",
    )
    mode.add_argument("--windowed", dest="fullscreen", action="store_false",
                      help="a normal window (development, demos)")  # fmt: skip
    p.add_argument("--size", type=_size, default=(1080, 1920), help="window size (windowed)")
    p.set_defaults(func=run)


def prepare_kivy(
    *,
    size: tuple[int, int] = (1080, 1920),
    fullscreen: bool = False,
    kiosk_home: str | Path | None = None,
) -> None:
    """Set Kivy's environment and configuration; call before anything imports Kivy.

    Kivy must not parse our command line (KIVY_NO_ARGS), and keeps its own config
    and logs in KIVY_HOME (``kiosk_home``, default var/kivy).
    """
    if "kivy" in sys.modules and "kivy.core.window" in sys.modules:
        raise RuntimeError("prepare_kivy() must run before the Kivy window exists")
    os.environ["KIVY_NO_ARGS"] = "1"
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")  # our logging setup stays in charge
    home = Path(kiosk_home or os.environ.get("KIVY_HOME") or "var/kivy").resolve()
    home.mkdir(parents=True, exist_ok=True)
    os.environ["KIVY_HOME"] = str(home)
    from kivy.config import Config

    Config.set("kivy", "exit_on_escape", "0" if fullscreen else "1")
    Config.set("kivy", "keyboard_mode", "system")
    Config.set("kivy", "log_level", "warning")
    Config.set("input", "mouse", "mouse,disable_multitouch")
    Config.set("graphics", "width", str(size[0]))
    Config.set("graphics", "height", str(size[1]))
    Config.set("graphics", "resizable", "1")
    Config.set("graphics", "fullscreen", "auto" if fullscreen else "0")
    Config.set("graphics", "borderless", "1" if fullscreen else "0")
    Config.set("graphics", "show_cursor", "0" if fullscreen else "1")


def stop_on_signals(clock: Any) -> None:
    """On SIGTERM or SIGINT, stop the running Kivy app on its next frame (the UI thread)."""

    def stop_app(_dt: float) -> None:
        from kivy.app import App

        app = App.get_running_app()
        if app is not None:
            app.stop()

    def handler(signum: int, _frame: Any) -> None:
        log.info("kiosk app: %s, stopping", signal.Signals(signum).name)
        clock.schedule_once(stop_app)

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, handler)


def run(args: argparse.Namespace) -> int:
    from kiosk.config import load_site

    site = load_site(args.config)
    device = site.device(args.device)
    if device is None:
        known = ", ".join(d.id for d in site.devices)
        print(f"kiosk app: no device {args.device!r} in {site.source} (known: {known})",
              file=sys.stderr)  # fmt: skip
        return 2
    prepare_kivy(size=args.size, fullscreen=args.fullscreen)
    from kivy.clock import Clock

    stop_on_signals(Clock)
    from kiosk.device.service import DeviceService
    from kiosk.ui.app import KioskApp

    try:
        context = DeviceService.create(
            site,
            device.id,
            args.role,
            lambda fn: Clock.schedule_once(lambda _dt: fn()),
            hub_url=args.hub,
            cache_dir=args.cache_dir or Path("var/cache") / device.id,
        )
    except ValueError as e:
        print(f"kiosk app: {e}", file=sys.stderr)
        return 2
    KioskApp(context, kiosk_mode=args.fullscreen).run()
    return 0
