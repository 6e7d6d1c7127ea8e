"""``kiosk demo``: the whole lobby in one window, with a hub inside; nothing to configure."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "demo", help="play the whole lobby in one window: hub, kiosk, hall, counters, rating"
    )
    p.add_argument(
        "--data",
        type=Path,
        help="keep the demo's database here (default: a fresh temporary folder)",
    )
    p.add_argument("--size", default="1920x1080", help="window size (default 1920x1080)")
    p.add_argument("--screenshot", type=Path,
                   help="write the window to this PNG after a few seconds, then quit")  # fmt: skip
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.commands.app import _size, prepare_kivy

    try:
        size = _size(args.size)
    except argparse.ArgumentTypeError as e:
        print(f"kiosk demo: {e}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="kiosk-demo-") as tmp:
        workdir = (args.data or Path(tmp)).resolve()
        workdir.mkdir(parents=True, exist_ok=True)
        prepare_kivy(size=size, fullscreen=False, kiosk_home=workdir / "kivy")
        return _play(workdir, args.screenshot)


def _play(workdir: Path, screenshot: Path | None) -> int:
    from kivy.clock import Clock

    from kiosk.config import load_site
    from kiosk.demo import EmbeddedHub, lobby_contexts
    from kiosk.ui.demo_window import DemoApp

    site = load_site(None)
    hub = EmbeddedHub(site, workdir)
    hub.import_dossiers()
    url = hub.start()
    print(f"kiosk demo: hub on {url}/api/v1 (data in {workdir})", flush=True)
    contexts = lobby_contexts(site, url, lambda fn: Clock.schedule_once(lambda _dt: fn()), workdir)
    app = DemoApp(contexts)
    if screenshot is not None:

        def shoot(_dt: float) -> None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            app.root.export_to_png(str(screenshot))
            app.stop()

        Clock.schedule_once(shoot, 6)
    try:
        app.run()
    finally:
        hub.stop()
    return 0
