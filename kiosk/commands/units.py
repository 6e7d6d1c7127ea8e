"""``kiosk install-units``: write the systemd units with this installation's paths."""

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
    if not args.dry_run:
        print(
            "next: systemd-sysusers && systemctl daemon-reload && systemctl enable --now "
            "kiosk-hub; for a touch PC: systemctl enable --now kiosk-app@ROLE.service"
        )
    return 0
