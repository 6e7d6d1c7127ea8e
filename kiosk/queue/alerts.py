"""Device alerts: the state in force per device and peripheral kind, and its history.

A report that changes the state is written to the history (``device_alerts``), sets or
clears the state (``device_faults``; status "ok" clears) and emits ``device.alert``
with the new state. A report of the state already in force changes nothing, so a device
that restarts and reports again does not alert the staff twice.
"""

from __future__ import annotations

from typing import Any

from kiosk.api.errors import ApiError
from kiosk.api.models import Alert, AlertIn
from kiosk.config import Device
from kiosk.store.db import Tx

CLEAR = "ok"


def _alert(device_id: str, kind: str, status: str, alert_id: int, since: float) -> Alert:
    return Alert(
        id=alert_id,
        device_id=device_id,
        kind=kind,
        status=status,
        active=status != CLEAR,
        since=since,
    )


def _in_force(conn: Any, site_id: str, device_id: str, kind: str) -> Alert:
    row = conn.execute(
        "SELECT status, since, alert_id FROM device_faults"
        " WHERE site_id = ? AND device_id = ? AND kind = ?",
        (site_id, device_id, kind),
    ).fetchone()
    if row is not None:
        return _alert(device_id, kind, row["status"], row["alert_id"], row["since"])
    last = conn.execute(
        "SELECT id, created_at FROM device_alerts WHERE site_id = ? AND device_id = ?"
        " AND kind = ? ORDER BY id DESC LIMIT 1",
        (site_id, device_id, kind),
    ).fetchone()
    return _alert(device_id, kind, CLEAR, last[0] if last else 0, last[1] if last else 0.0)


def report(tx: Tx, device: Device, body: AlertIn) -> tuple[Alert, bool]:
    """Record ``device``'s report; the state in force and whether it changed.

    A device reports its own peripherals only: 403 for a kind its site config gives it
    no peripheral of (a display posting a printer alert).
    """
    if body.kind not in device.peripherals:
        have = ", ".join(device.peripherals) or "none"
        raise ApiError(
            403,
            "not_your_peripheral",
            f"device {device.id!r} has no {body.kind} in the site config (it has: {have})",
        )
    site_id, kind = device.site, body.kind
    current = _in_force(tx.conn, site_id, device.id, kind)
    if current.status == body.status:
        return current, False
    alert_id = tx.conn.execute(
        "INSERT INTO device_alerts (site_id, device_id, kind, status, message, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        (site_id, device.id, kind, body.status, body.message, tx.now),
    ).fetchone()[0]
    if body.status == CLEAR:
        tx.conn.execute(
            "DELETE FROM device_faults WHERE site_id = ? AND device_id = ? AND kind = ?",
            (site_id, device.id, kind),
        )
    else:
        tx.conn.execute(
            "INSERT INTO device_faults (site_id, device_id, kind, status, since, alert_id)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (site_id, device_id, kind)"
            " DO UPDATE SET status = excluded.status, since = excluded.since,"
            " alert_id = excluded.alert_id",
            (site_id, device.id, kind, body.status, tx.now, alert_id),
        )
    alert = _alert(device.id, kind, body.status, alert_id, tx.now)
    tx.emit(site_id, "device.alert", alert.model_dump())
    return alert, True


def active(conn: Any, site_id: str) -> list[Alert]:
    """The site's alerts in force, oldest first."""
    rows = conn.execute(
        "SELECT device_id, kind, status, since, alert_id FROM device_faults"
        " WHERE site_id = ? ORDER BY since, alert_id",
        (site_id,),
    ).fetchall()
    return [_alert(r["device_id"], r["kind"], r["status"], r["alert_id"], r["since"]) for r in rows]
