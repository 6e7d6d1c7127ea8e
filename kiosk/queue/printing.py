"""Tickets whose printing failed: marked by the kiosk that issued them, cleared by a reprint.

The mark tells the counter that the citizen may hold no paper (and may have left). It
does not change the ticket's status: reports count a visit as served only when it was
called and finished (kiosk/queue/reports.py), whatever its paper.
"""

from __future__ import annotations

from kiosk.api.errors import ApiError
from kiosk.api.models import Ticket
from kiosk.config import Device, Site
from kiosk.queue.tickets import _event_ticket, _row, to_ticket
from kiosk.store.db import Tx

OPEN = ("waiting", "called")


def mark(tx: Tx, site: Site, device: Device, ticket_id: int, failed: bool) -> Ticket:
    """Set (``failed``) or clear the print-failed mark of a ticket this kiosk issued."""
    row = _row(tx.conn, ticket_id)
    if row is None or row["site_id"] != site.id:
        raise ApiError(404, "unknown_ticket", f"Không có vé {ticket_id} / no such ticket")
    if device.role != "admin" and row["issued_by"] != device.id:
        raise ApiError(403, "forbidden", f"ticket {ticket_id} was issued by another device")
    if row["status"] not in OPEN:
        raise ApiError(
            409,
            "ticket_closed",
            f"Vé {row['number']} đã {row['status']} / ticket {ticket_id} is {row['status']}",
        )
    if bool(row["print_failed"]) != failed:
        row = tx.conn.execute(
            "UPDATE tickets SET print_failed = ? WHERE id = ? RETURNING *",
            (int(failed), ticket_id),
        ).fetchone()
        tx.emit(site.id, "ticket.print_failed", _event_ticket(row) | {"print_failed": failed})
    return to_ticket(tx.conn, site, row, tx.now)
