"""The ``kiosk`` command: argparse sub-commands, one module each in kiosk/commands/.

Each command module has ``register(subparsers)`` that adds its parser and sets
``func(args) -> int``; heavy imports happen inside ``func`` so ``--help`` is fast.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from kiosk.config import ConfigError

COMMAND_MODULES = (
    "kiosk.commands.hub",
    "kiosk.commands.doctor",
    "kiosk.commands.catalog",
    "kiosk.commands.print_test",
    "kiosk.commands.app",
    "kiosk.commands.reports",
    "kiosk.commands.backup",
    "kiosk.commands.retention",
    "kiosk.commands.units",
    "kiosk.commands.demo",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Lobby kiosk system for one-stop public administration offices.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args) or 0)
    except ConfigError as e:
        print(f"kiosk: configuration error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
