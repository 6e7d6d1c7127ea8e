"""Touch-app figures; writes bench/results/ui.json.

Run under a display: xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python bench/ui.py

First the floor: a bare Kivy window of the same size with one label, in a subprocess
under the same display, its RSS at the first frame and 3 s later. Then for each role,
``kiosk app --role ROLE`` runs as a subprocess (the example site's device
for that role, against a hub started here) with a small probe: the time from starting
the process to the window's first frame (cold start), and the process's RSS at the first
frame and 3 s later. For the hall display, the probe also measures the time from a
counter's call-next request to the display's number label changing, and to the next
frame drawn after it (median of several calls). Each role's settled RSS is reported as
a ratio to the floor's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROLES = {  # role -> (device, window size)
    "lookup": ("kiosk-1", "1080x1920"),
    "ticket": ("kiosk-1", "1080x1920"),
    "display": ("display-1", "1920x1080"),
    "counter": ("counter-1", "1366x768"),
    "rating": ("rating-1", "1280x800"),
}
CALLS = 7


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


# -- the probe, inside the `kiosk app` subprocess ------------------------------------


def child(role: str, device: str, hub: str, size: str, cache: str) -> int:
    """Run `kiosk app` with hooks that print one JSON line of figures, then quit."""
    from kiosk.cli import main

    result: dict = {"role": role}

    def on_first_frame() -> None:
        from kivy.app import App
        from kivy.clock import Clock

        result["first_frame_at"] = time.time()
        result["rss_first_frame_mb"] = round(rss_mb(), 1)
        app = App.get_running_app()

        def settled(_dt: float) -> None:
            result["rss_settled_mb"] = round(rss_mb(), 1)
            if role == "display":
                threading.Thread(target=latency, args=(app,), daemon=True).start()
            else:
                finish(app)

        Clock.schedule_once(settled, 3)

    def finish(app) -> None:
        from kivy.clock import Clock

        print("PROBE " + json.dumps(result), flush=True)
        Clock.schedule_once(lambda _dt: app.stop())

    def latency(app) -> None:
        from kivy.core.window import Window

        from kiosk.config import load_site
        from kiosk.device.hub_client import HubClient

        site = load_site(None)
        kiosk = HubClient(hub, site.device("kiosk-1").token)
        counter = HubClient(hub, site.device("counter-1").token)
        screen = app.screen
        row = screen.rows[1]
        changed, drawn = threading.Event(), threading.Event()
        marks: dict[str, float] = {}

        def on_number(_row, _value) -> None:
            marks["label"] = time.perf_counter()
            changed.set()
            Window.bind(on_flip=on_flip)

        def on_flip(*_args) -> None:
            Window.unbind(on_flip=on_flip)
            marks["frame"] = time.perf_counter()
            drawn.set()

        row.bind(number=on_number)
        while not screen.connected:
            time.sleep(0.05)
        to_label, to_frame, http = [], [], []
        for _ in range(CALLS):
            kiosk.issue_ticket("hotich")
            changed.clear()
            drawn.clear()
            time.sleep(0.3)
            start = time.perf_counter()
            counter.call_next(1)
            http.append(time.perf_counter() - start)
            if changed.wait(5) and drawn.wait(5):
                to_label.append(marks["label"] - start)
                to_frame.append(marks["frame"] - start)
        result["call_to_label_ms"] = round(1000 * statistics.median(to_label), 1)
        result["call_to_frame_ms"] = round(1000 * statistics.median(to_frame), 1)
        result["call_http_ms"] = round(1000 * statistics.median(http), 1)
        result["calls_measured"] = len(to_label)
        finish(app)

    import kiosk.commands.app as command

    prepare = command.prepare_kivy

    def prepare_then_patch(**kwargs) -> None:
        """Kivy is ready after prepare_kivy: hook the first frame of the app's window."""
        prepare(**kwargs)
        from kivy.core.window import Window

        from kiosk.ui.app import KioskApp

        build = KioskApp.build

        def hooked_build(self):
            def first(*_args) -> None:
                Window.unbind(on_flip=first)
                on_first_frame()

            Window.bind(on_flip=first)
            result["rss_imported_mb"] = round(rss_mb(), 1)
            root = build(self)
            result["rss_built_mb"] = round(rss_mb(), 1)
            return root

        KioskApp.build = hooked_build

    command.prepare_kivy = prepare_then_patch
    args = ["app", "--role", role, "--device", device, "--hub", hub, "--windowed", "--size", size,
            "--cache-dir", cache]  # fmt: skip
    return main(args)


def floor(size: str) -> int:
    """A bare Kivy window with one label: the memory any Kivy role starts from."""
    width, height = size.split("x")
    from kivy.config import Config

    Config.set("graphics", "width", width)
    Config.set("graphics", "height", height)
    from kivy.app import App
    from kivy.clock import Clock
    from kivy.core.window import Window
    from kivy.uix.label import Label

    result: dict = {"role": "floor"}

    class Bare(App):
        def build(self) -> Label:
            Window.bind(on_flip=self.first)
            return Label(text="Xin chào")

        def first(self, *_args) -> None:
            Window.unbind(on_flip=self.first)
            result["first_frame_at"] = time.time()
            result["rss_first_frame_mb"] = round(rss_mb(), 1)
            Clock.schedule_once(self.settled, 3)

        def settled(self, _dt: float) -> None:
            result["rss_settled_mb"] = round(rss_mb(), 1)
            print("PROBE " + json.dumps(result), flush=True)
            self.stop()

    Bare().run()
    return 0


# -- the parent ------------------------------------------------------------------------


def probe(name: str, argv: list[str], workdir: Path) -> dict:
    """Run this file again with ``argv`` and return the figures its probe printed."""
    env = os.environ | {"KIVY_HOME": str(workdir / f"kivy-{name}"), "KIVY_NO_CONSOLELOG": "1",
                        "KIVY_NO_ARGS": "1"}  # fmt: skip
    started = time.time()
    proc = subprocess.run(
        [sys.executable, __file__, *argv], capture_output=True, text=True, timeout=120, env=env
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("PROBE ")]
    if not lines:
        raise RuntimeError(f"{name}: no figures\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
    figures = json.loads(lines[-1][6:])
    figures["cold_start_s"] = round(figures.pop("first_frame_at") - started, 2)
    return figures


def run_role(role: str, hub: str, workdir: Path, floors: dict[str, dict]) -> dict:
    device, size = ROLES[role]
    if size not in floors:
        floors[size] = probe(f"floor-{size}", ["--floor", size], workdir)
    cache = workdir / f"cache-{role}"
    figures = probe(role, ["--child", role, device, hub, size, str(cache)], workdir)
    figures["window"] = size
    figures["device"] = device
    figures["rss_ratio_to_floor"] = round(
        figures["rss_settled_mb"] / floors[size]["rss_settled_mb"], 2
    )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=5, metavar=("ROLE", "DEVICE", "HUB", "SIZE", "CACHE"))
    parser.add_argument("--floor", metavar="SIZE", help="run the bare-Kivy floor window")
    parser.add_argument("--roles", default=",".join(ROLES))
    args = parser.parse_args()
    if args.child:
        return child(*args.child)
    if args.floor:
        return floor(args.floor)
    if not os.environ.get("DISPLAY"):
        print("bench/ui.py: needs a display (run it under xvfb-run)", file=sys.stderr)
        return 2
    from kiosk.config import load_site
    from kiosk.demo import EmbeddedHub

    with tempfile.TemporaryDirectory(prefix="kiosk-bench-ui-") as tmp:
        workdir = Path(tmp)
        hub = EmbeddedHub(load_site(None), workdir / "hub")
        url = hub.start()
        floors: dict[str, dict] = {}
        try:
            roles = {role: run_role(role, url, workdir, floors) for role in args.roles.split(",")}
        finally:
            hub.stop()
    results = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "display": os.environ.get("DISPLAY")},
        "floor": floors,
        "roles": roles,
    }  # fmt: skip
    cap = Path(__file__).with_name("results") / "display_cap_height.json"
    if cap.exists():
        results["display_cap_height"] = json.loads(cap.read_text())
    out = Path(__file__).with_name("results") / "ui.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
