"""``kiosk install-units``: write the systemd units with this installation's paths, and
``/etc/kiosk/site.toml`` from the example site when there is none (never over one)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

UNITS_DIR = Path(__file__).resolve().parents[2] / "systemd"
TEMPLATE_VENV = "/opt/kiosk/.venv"
# source file -> where it goes under the prefix
TARGETS = {
    "kiosk-hub.service": "etc/systemd/system/kiosk-hub.service",
    "kiosk-app@.service": "etc/systemd/system/kiosk-app@.service",
    "kiosk.sysusers": "etc/sysusers.d/kiosk.conf",
}
SITE_FILE = "etc/kiosk/site.toml"  # the units' --config
SITE_MODE = 0o640  # it holds the device tokens: root and the kiosk group only


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("install-units", help="write the systemd units (hub, app@ROLES) and user")
    p.add_argument("--prefix", type=Path, default=Path("/"), help="root to write under (default /)")
    p.add_argument(
        "--venv", type=Path, default=Path(sys.prefix), help="virtualenv (default: this one)"
    )
    p.add_argument("--dry-run", action="store_true", help="print what would be written")
    p.set_defaults(func=run)


def render(name: str, venv: Path) -> str:
    """A unit from systemd/ with the virtualenv's path in its ExecStart."""
    return (UNITS_DIR / name).read_text(encoding="utf-8").replace(TEMPLATE_VENV, str(venv))


def run(args: argparse.Namespace) -> int:
    venv = args.venv.absolute()
    if not (venv / "bin" / "kiosk").is_file():
        print(f"kiosk install-units: {venv}/bin/kiosk not found (--venv?)", file=sys.stderr)
        return 2
    for name, rel in TARGETS.items():
        text = render(name, venv)
        target = args.prefix / rel
        if args.dry_run:
            print(f"# {target}\n{text}")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")
    site = offer_site_file(args.prefix / SITE_FILE, dry_run=args.dry_run)
    if not args.dry_run:
        if site:
            print(
                f"edit {site}: the office's name, services, counters, devices and new tokens "
                f"(the example's are public); then chgrp kiosk {site}"
            )
        print(
            "next: systemd-sysusers && systemctl daemon-reload && systemctl enable --now "
            "kiosk-hub; for a touch PC: systemctl enable --now kiosk-app@ROLE.service"
        )
    return 0


def offer_site_file(target: Path, *, dry_run: bool) -> Path | None:
    """Copy the example site to ``target`` when it is missing; the path if it was written."""
    from kiosk.config import example_site_path

    if target.exists():
        print(f"kept {target} (it exists; never overwritten)")
        return None
    if dry_run:
        print(f"# {target}: would be copied from {example_site_path()}")
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(example_site_path().read_text(encoding="utf-8"), encoding="utf-8")
    target.chmod(SITE_MODE)
    print(f"wrote {target} (from the example site)")
    return target
