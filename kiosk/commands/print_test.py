"""``kiosk print-test``: print a sample ticket and a Vietnamese test page on a site's printer."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

SLIPS = ("ticket", "checklist", "page")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "print-test",
        help="print a sample ticket and a Vietnamese test page (to check diacritics and QR)",
    )
    p.add_argument("--config", help="site TOML (default: the example site, simulated printer)")
    p.add_argument("--device", help="device id whose printer to use (default: the first one)")
    p.add_argument("--out", help="also draw what was sent as paper into this PNG")
    p.add_argument(
        "--slip",
        action="append",
        choices=SLIPS,
        help="what to print, repeatable (default: ticket and page)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from kiosk.config import load_site
    from kiosk.devices.base import DeviceConfigError
    from kiosk.devices.escpos_render import render
    from kiosk.devices.escpos_ticket import test_page_bytes
    from kiosk.devices.printer_drivers import make_printer
    from kiosk.devices.slips import sample_checklist, sample_ticket

    site = load_site(args.config)
    devices = [d for d in site.devices if "printer" in d.peripherals]
    if args.device:
        devices = [d for d in devices if d.id == args.device]
    if not devices:
        which = f"device {args.device!r}" if args.device else "any device"
        print(f"kiosk print-test: {which} in {site.source} has no printer", file=sys.stderr)
        return 2
    device = devices[0]
    peripheral = device.peripherals["printer"]
    try:
        printer = make_printer(peripheral, name=device.id)
    except DeviceConfigError as e:
        print(f"kiosk print-test: {device.id}: {e}", file=sys.stderr)
        return 2

    service = site.services[0]
    ticket = replace(
        sample_ticket(priority_reason="Người cao tuổi"),
        site_name=site.name,
        service_name_vi=service.name_vi,
        service_name_en=service.name_en,
        number=f"{service.prefix}015",
        url=f"{site.hub.base_url}/t/print-test",
    )
    checklist = replace(sample_checklist(), site_name=site.name)
    title = f"{device.id} ({peripheral.driver}, {printer.width_dots} dots)"
    build = {
        "ticket": lambda: printer.ticket_bytes(ticket),
        "checklist": lambda: printer.checklist_bytes(checklist),
        "page": lambda: test_page_bytes(
            title, printer.width_dots, printer.profile, printer.vietnamese
        ),
    }
    sent: list[bytes] = []
    ok = True
    try:
        for name in args.slip or ("ticket", "page"):
            data = build[name]()
            result = printer.print_job(_built(data), name).result()
            ok &= result.ok
            print(f"{name}: {len(data)} bytes, {result.status.value}")
            print(f"  {result.message_vi}\n  {result.message_en}")
            sent.append(data)
    finally:
        printer.close()
    if args.out:
        render(b"".join(sent), printer.width_dots).image.save(args.out)
        print(f"drawn to {args.out}")
    return 0 if ok else 1


def _built(data: bytes) -> Callable[[], bytes]:
    """A print job's build step that gives bytes built already."""
    return lambda: data
