"""A counter's session: the officer signed in there, and whether it is paused (on a break).

The session is one ``counter_sessions`` row per site and counter. Write functions take a
:class:`~kiosk.store.db.Tx` and run on the single writer thread; they raise
:class:`~kiosk.api.errors.ApiError` for a refused action. A site without ``[[officers]]``
works as before: no sign-in is needed, and calls record no officer.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any

from kiosk.api.errors import ApiError
from kiosk.config import Officer, Site
from kiosk.store.db import Tx


@dataclass(frozen=True)
class Session:
    officer_id: str | None
    paused: bool


def session(conn: Any, site_id: str, counter_id: int) -> Session:
    row = conn.execute(
        "SELECT officer_id, paused_at FROM counter_sessions WHERE site_id = ? AND counter_id = ?",
        (site_id, counter_id),
    ).fetchone()
    if row is None:
        return Session(None, False)
    return Session(row["officer_id"], row["paused_at"] is not None)


def paused_counters(conn: Any, site_id: str) -> set[int]:
    rows = conn.execute(
        "SELECT counter_id FROM counter_sessions WHERE site_id = ? AND paused_at IS NOT NULL",
        (site_id,),
    ).fetchall()
    return {r[0] for r in rows}


def _save(tx: Tx, site_id: str, counter_id: int, **columns: Any) -> None:
    names = ", ".join(columns)
    marks = ", ".join("?" * len(columns))
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns)
    tx.conn.execute(
        f"INSERT INTO counter_sessions (site_id, counter_id, {names}) VALUES (?, ?, {marks})"
        f" ON CONFLICT (site_id, counter_id) DO UPDATE SET {updates}",
        (site_id, counter_id, *columns.values()),
    )


def _attended(tx: Tx, site: Site, counter_id: int) -> Session:
    """The counter's session; refused when the site has officers and nobody is signed in."""
    s = session(tx.conn, site.id, counter_id)
    if site.officers and s.officer_id is None:
        raise ApiError(
            409,
            "not_signed_in",
            f"Quầy {counter_id} chưa có cán bộ đăng nhập / nobody is signed in at counter "
            f"{counter_id}",
        )
    return s


def working_officer(tx: Tx, site: Site, counter_id: int) -> str | None:
    """The officer who acts at the counter (None on a site without officers); refused
    when the site has officers and nobody is signed in there."""
    return _attended(tx, site, counter_id).officer_id


def require_open(tx: Tx, site: Site, counter_id: int) -> str | None:
    """:func:`working_officer`, and refuse while the counter is paused."""
    s = _attended(tx, site, counter_id)
    if s.paused:
        raise ApiError(
            409,
            "paused",
            f"Quầy {counter_id} đang tạm nghỉ; bấm Tiếp tục để gọi số / counter "
            f"{counter_id} is paused; resume it to call",
        )
    return s.officer_id


def check_pin(site: Site, counter_id: int, officer_id: str, pin: str) -> Officer:
    """The officer whose PIN this is (constant-time compare), allowed at this counter."""
    officer = site.officer(officer_id)
    valid = officer is not None and hmac.compare_digest(officer.pin.encode(), pin.encode())
    if officer is None or not valid:
        raise ApiError(403, "wrong_pin", "Sai mã cán bộ hoặc mã PIN / wrong officer id or PIN")
    if not officer.may_work(counter_id):
        raise ApiError(
            403,
            "wrong_counter",
            f"Cán bộ {officer.id} không làm việc ở quầy {counter_id} / "
            f"officer {officer.id} does not work counter {counter_id}",
        )
    return officer


def sign_in(tx: Tx, site: Site, counter_id: int, officer: Officer) -> None:
    """Put ``officer`` at the counter (replacing whoever was signed in there); the counter
    is open for calls. An officer signed in elsewhere is signed out there."""
    tx.conn.execute(
        "UPDATE counter_sessions SET officer_id = NULL, signed_in_at = NULL"
        " WHERE site_id = ? AND officer_id = ? AND counter_id <> ?",
        (site.id, officer.id, counter_id),
    )
    _save(tx, site.id, counter_id, officer_id=officer.id, signed_in_at=tx.now, paused_at=None)
    tx.emit(site.id, "counter.signed_in", {"counter_id": counter_id, "officer_id": officer.id})


def sign_out(tx: Tx, site: Site, counter_id: int) -> None:
    """Nobody at the counter: it is paused until the next sign-in."""
    _save(tx, site.id, counter_id, officer_id=None, signed_in_at=None, paused_at=tx.now)
    tx.emit(site.id, "counter.signed_out", {"counter_id": counter_id})


def pause(tx: Tx, site: Site, counter_id: int) -> None:
    if not session(tx.conn, site.id, counter_id).paused:
        _save(tx, site.id, counter_id, paused_at=tx.now)
        tx.emit(site.id, "counter.paused", {"counter_id": counter_id})


def resume(tx: Tx, site: Site, counter_id: int) -> None:
    if _attended(tx, site, counter_id).paused:
        _save(tx, site.id, counter_id, paused_at=None)
        tx.emit(site.id, "counter.resumed", {"counter_id": counter_id})
