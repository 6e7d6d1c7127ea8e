"""The ticket kiosk's durable journal: its number leases and the tickets it issued offline.

One SQLite file (WAL, ``synchronous=FULL``: every change is on disk when the call
returns), like the rating outbox. A ticket issued offline takes its number from a lease
and is written here as ``printing`` *before* the printer is asked, in one transaction
with the lease's next number, so a number is never given twice, even after ``kill -9``.
The printer's answer then settles it: ``printed``, or ``unprinted`` (the screen showed
the number, the paper did not come out). A ticket found ``printing`` at start (the
kiosk died while printing) becomes ``unprinted``: the paper may have come out, so it is
uploaded, with the hub's print-failed mark. Uploaded tickets stay in the journal with
their hub id (the record of what this kiosk printed). A ticket the hub gave online is
noted too while it prints: one a restart finds unanswered gets the hub's print-failed
mark, so the counter knows the citizen may hold no paper.
"""

from __future__ import annotations

import sqlite3
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

from kiosk.api.models import Lease, OfflineTicketIn, PriorityReason

_SCHEMA = """
CREATE TABLE IF NOT EXISTS leases (
    id INTEGER PRIMARY KEY,  -- the hub's lease id
    service_id TEXT NOT NULL,
    day TEXT NOT NULL,
    first_seq INTEGER NOT NULL,
    last_seq INTEGER NOT NULL,
    next_seq INTEGER NOT NULL,
    returned_from INTEGER  -- given back from here on (no more numbers taken from it)
);
CREATE TABLE IF NOT EXISTS clock (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    offset_s REAL NOT NULL  -- the hub's clock minus this PC's, as last learnt
);
CREATE TABLE IF NOT EXISTS online_prints (
    ticket_id INTEGER PRIMARY KEY,  -- a ticket the hub gave, being printed
    number TEXT NOT NULL,
    stale INTEGER NOT NULL DEFAULT 0  -- from before a restart: the printer never answered
);
CREATE TABLE IF NOT EXISTS tickets (
    pos INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id TEXT NOT NULL UNIQUE,
    lease_id INTEGER NOT NULL REFERENCES leases (id),
    service_id TEXT NOT NULL,
    day TEXT NOT NULL,
    seq INTEGER NOT NULL,
    number TEXT NOT NULL,
    priority_reason TEXT,
    issued_at REAL NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('printing', 'printed', 'unprinted')),
    ticket_id INTEGER,  -- the hub's, once uploaded
    rejected TEXT,  -- the hub's refusal, if it refused it for good
    UNIQUE (service_id, day, seq)
);
"""


@dataclass(frozen=True)
class JournalTicket:
    """A ticket issued offline, as the journal holds it."""

    client_id: str
    lease_id: int
    service_id: str
    day: str
    seq: int
    number: str
    priority_reason: PriorityReason | None
    issued_at: float
    state: str
    ticket_id: int | None = None

    def upload(self) -> OfflineTicketIn:
        """The hub request that puts this ticket in the queue."""
        fields = {
            "client_id": self.client_id,
            "service_id": self.service_id,
            "day": self.day,
            "seq": self.seq,
            "issued_at": self.issued_at,
            "print_failed": self.state != "printed",
        }
        if self.priority_reason is not None:
            fields["priority"] = self.priority_reason
        return OfflineTicketIn.model_validate(fields)


_COLUMNS = "client_id, lease_id, service_id, day, seq, number, priority_reason, issued_at, state,"
_COLUMNS += " ticket_id"


def _ticket(row: tuple) -> JournalTicket:
    client_id, lease_id, service_id, day, seq, number, reason, issued_at, state, ticket_id = row
    return JournalTicket(
        client_id, lease_id, service_id, day, seq, number,
        PriorityReason(reason) if reason else None, issued_at, state, ticket_id,
    )  # fmt: skip


class TicketJournal:
    """Leases and offline tickets of one kiosk, on disk; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=FULL")
        self._conn.executescript(_SCHEMA)
        self._lock = threading.Lock()
        with self._lock:  # the kiosk died while printing these: the paper may be out
            self._conn.execute("UPDATE tickets SET state = 'unprinted' WHERE state = 'printing'")
            self._conn.execute("UPDATE online_prints SET stale = 1")

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- the hub's clock -------------------------------------------------------

    def clock_offset(self) -> float:
        """The hub's clock minus this PC's, as last learnt (0 before the hub ever answered),
        so that a kiosk restarted while offline keeps the hub's day and time."""
        with self._lock:
            row = self._conn.execute("SELECT offset_s FROM clock").fetchone()
        return 0.0 if row is None else row[0]

    def set_clock_offset(self, offset_s: float) -> None:
        with self._lock:
            self._conn.execute(
                "INSERT INTO clock VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET offset_s = ?",
                (offset_s, offset_s),
            )

    # -- tickets the hub gave, until the printer answers -------------------------

    def printing_online(self, ticket_id: int, number: str) -> None:
        """A hub ticket goes to the printer; if the kiosk dies before the answer, the hub
        is told it may not have printed (no silent phantom in the queue)."""
        with self._lock:
            self._conn.execute(
                "INSERT OR REPLACE INTO online_prints (ticket_id, number) VALUES (?, ?)",
                (ticket_id, number),
            )

    def printed_online(self, ticket_id: int) -> None:
        """The printer answered and the hub knows the outcome."""
        with self._lock:
            self._conn.execute("DELETE FROM online_prints WHERE ticket_id = ?", (ticket_id,))

    def mark_later(self, ticket_id: int) -> None:
        """The print failed and the hub could not be told: the sync thread tells it."""
        with self._lock:
            self._conn.execute(
                "UPDATE online_prints SET stale = 1 WHERE ticket_id = ?", (ticket_id,)
            )

    def unconfirmed_online(self) -> list[int]:
        """Hub tickets that may not have printed and that the hub was not told of (a restart
        cut their printing short, or the mark failed), oldest first."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT ticket_id FROM online_prints WHERE stale = 1 ORDER BY ticket_id"
            ).fetchall()
        return [r[0] for r in rows]

    # -- leases ------------------------------------------------------------

    def add_lease(self, lease: Lease) -> None:
        with self._lock:
            self._conn.execute(
                "INSERT OR IGNORE INTO leases (id, service_id, day, first_seq, last_seq, next_seq)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (lease.id, lease.service_id, lease.day, lease.first, lease.last, lease.first),
            )

    def remaining(self, service_id: str, day: str) -> int:
        """Numbers of ``service_id`` left to issue on ``day``."""
        with self._lock:
            return self._conn.execute(
                "SELECT COALESCE(SUM(last_seq - next_seq + 1), 0) FROM leases"
                " WHERE service_id = ? AND day = ? AND returned_from IS NULL",
                (service_id, day),
            ).fetchone()[0]

    def stale_lease(self, service_id: str, day: str) -> tuple[int, int] | None:
        """(id, first unused number) of a lease of ``service_id`` from a day before ``day``
        that still holds numbers and has no ticket left to upload: to give back."""
        with self._lock:
            return self._conn.execute(
                "SELECT id, next_seq FROM leases l WHERE service_id = ? AND day < ?"
                " AND returned_from IS NULL AND NOT EXISTS (SELECT 1 FROM tickets t"
                " WHERE t.lease_id = l.id AND t.ticket_id IS NULL AND t.rejected IS NULL)"
                " ORDER BY id LIMIT 1",
                (service_id, day),
            ).fetchone()

    def give_back(self, lease_id: int) -> None:
        """Take no more numbers from this lease (before the hub is told, so none is
        issued from it while the hub is being told)."""
        with self._lock:
            self._conn.execute(
                "UPDATE leases SET returned_from = next_seq WHERE id = ? AND returned_from IS NULL",
                (lease_id,),
            )

    # -- tickets -------------------------------------------------------------

    def take(
        self,
        service_id: str,
        prefix: str,
        day: str,
        priority_reason: PriorityReason | None,
        issued_at: float,
    ) -> JournalTicket | None:
        """The next leased number of ``service_id`` on ``day``, written down as being
        printed (durable when this returns); None when the leases hold no number."""
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                row = conn.execute(
                    "SELECT id, next_seq FROM leases WHERE service_id = ? AND day = ?"
                    " AND returned_from IS NULL AND next_seq <= last_seq ORDER BY id LIMIT 1",
                    (service_id, day),
                ).fetchone()
                if row is None:
                    conn.execute("ROLLBACK")
                    return None
                lease_id, seq = row
                ticket = JournalTicket(
                    uuid.uuid4().hex, lease_id, service_id, day, seq, f"{prefix}{seq:03d}",
                    priority_reason, issued_at, "printing",
                )  # fmt: skip
                conn.execute("UPDATE leases SET next_seq = next_seq + 1 WHERE id = ?", (lease_id,))
                conn.execute(
                    f"INSERT INTO tickets ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                    (
                        ticket.client_id, lease_id, service_id, day, seq, ticket.number,
                        priority_reason.value if priority_reason else None, issued_at, "printing",
                    ),
                )  # fmt: skip
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return ticket

    def settle(self, client_id: str, printed: bool) -> None:
        """The printer's answer: the paper came out, or it did not (a reprint may follow)."""
        with self._lock:
            self._conn.execute(
                "UPDATE tickets SET state = ? WHERE client_id = ?",
                ("printed" if printed else "unprinted", client_id),
            )

    def get(self, client_id: str) -> JournalTicket | None:
        with self._lock:
            row = self._conn.execute(
                f"SELECT {_COLUMNS} FROM tickets WHERE client_id = ?", (client_id,)
            ).fetchone()
        return None if row is None else _ticket(row)

    def next_upload(self) -> JournalTicket | None:
        """The oldest settled ticket the hub does not have yet."""
        with self._lock:
            row = self._conn.execute(
                f"SELECT {_COLUMNS} FROM tickets WHERE ticket_id IS NULL AND rejected IS NULL"
                " AND state != 'printing' ORDER BY pos LIMIT 1"
            ).fetchone()
        return None if row is None else _ticket(row)

    def uploaded(self, client_id: str, ticket_id: int) -> None:
        with self._lock:
            self._conn.execute(
                "UPDATE tickets SET ticket_id = ? WHERE client_id = ?", (ticket_id, client_id)
            )

    def reject(self, client_id: str, reason: str) -> None:
        """The hub refused this ticket for good (kept, with the reason, for the technician)."""
        with self._lock:
            self._conn.execute(
                "UPDATE tickets SET rejected = ? WHERE client_id = ?", (reason, client_id)
            )

    def pending(self) -> int:
        """Tickets issued offline that the hub does not have yet."""
        with self._lock:
            return self._conn.execute(
                "SELECT COUNT(*) FROM tickets WHERE ticket_id IS NULL AND rejected IS NULL"
            ).fetchone()[0]

    def tickets(self) -> list[JournalTicket]:
        """Every ticket of the journal, in issue order."""
        with self._lock:
            rows = self._conn.execute(f"SELECT {_COLUMNS} FROM tickets ORDER BY pos").fetchall()
        return [_ticket(r) for r in rows]
