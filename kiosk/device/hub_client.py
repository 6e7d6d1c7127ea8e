"""The hub client every app uses: requests, timeouts on every call, typed results.

Two failures are told apart: :class:`HubUnreachable` (network down, timeout, hub
error 5xx: try again later) and :class:`HubRefused` (the hub answered 4xx: the
request itself is wrong or not allowed; retrying will not help). No Kivy here.
"""

from __future__ import annotations

import threading
from typing import Any, TypeVar

import requests
from pydantic import BaseModel, TypeAdapter
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from kiosk.api.models import (
    ALERT_IN,
    ActionIn,
    Alert,
    Call,
    CallIn,
    CallNextIn,
    CounterBoard,
    CounterState,
    Health,
    Lease,
    LeaseIn,
    LeaseRelease,
    OfflineTicketIn,
    PriorityReason,
    Rating,
    RatingIn,
    ServiceInfo,
    SignInIn,
    Strict,
    Ticket,
    TicketIn,
    TransferIn,
)

M = TypeVar("M", bound=BaseModel)
NO_GUARD = object()  # call-next without a body: act whatever the screen showed
DEFAULT_TIMEOUT = (3.05, 10.0)  # connect, read (seconds)


def _body(model: type[M], **fields: Any) -> M:
    """A request body with the optional fields that are None left out (the API refuses null)."""
    return model.model_validate({k: v for k, v in fields.items() if v is not None})


class HubError(Exception):
    """Base of the client's errors."""


class HubUnreachable(HubError):
    """The hub could not be reached or failed (5xx); the request may be retried.

    ``reached`` is False when the request cannot have changed anything: no connection
    was made (refused, connect timeout) or the hub said it wrote nothing (503)."""

    def __init__(self, message: str, *, reached: bool = True) -> None:
        super().__init__(message)
        self.reached = reached


def _connected(error: requests.RequestException) -> bool:
    """Whether a failed request may have reached the hub (a connection was made)."""
    if isinstance(error, requests.ConnectTimeout):
        return False
    if isinstance(error, requests.ConnectionError):
        reason = getattr(error.args[0] if error.args else None, "reason", None)
        return not isinstance(reason, (NewConnectionError, ConnectTimeoutError))
    return True


class HubRefused(HubError):
    """The hub answered with a 4xx error: ``status``, ``code`` and a readable ``detail``."""

    def __init__(self, status: int, code: str, detail: str, body: Any = None) -> None:
        super().__init__(f"{status} {code}: {detail}")
        self.status = status
        self.code = code
        self.detail = detail
        self.body = body if isinstance(body, dict) else {}  # the whole answer (e.g. current)


class HubClient:
    """Blocking calls to one hub as one device; safe to share between threads."""

    def __init__(
        self,
        base_url: str,
        token: str,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.api = f"{self.base_url}/api/v1"
        self.token = token
        self.timeout = timeout
        self._local = threading.local()

    @property
    def session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers["Authorization"] = f"Bearer {self.token}"
            self._local.session = session
        return session

    def request(
        self,
        method: str,
        path: str,
        body: BaseModel | None = None,
        headers: dict[str, str] | None = None,
        timeout: tuple[float, float] | None = None,
        **params: Any,
    ) -> requests.Response:
        """Send one request; raise HubUnreachable / HubRefused instead of returning errors."""
        kwargs: dict[str, Any] = {
            "timeout": timeout or self.timeout,
            "headers": dict(headers or {}),
        }
        if body is not None:
            # Strict bodies leave optional fields out; others (call-next) may send null
            kwargs["data"] = body.model_dump_json(exclude_none=isinstance(body, Strict)).encode()
            kwargs["headers"]["Content-Type"] = "application/json"
        if params:
            kwargs["params"] = {k: v for k, v in params.items() if v is not None}
        try:
            response = self.session.request(method, f"{self.api}{path}", **kwargs)
        except requests.RequestException as e:
            raise HubUnreachable(
                f"hub {self.base_url} unreachable: {e.__class__.__name__}", reached=_connected(e)
            ) from e
        if response.status_code >= 500:
            raise HubUnreachable(
                f"hub {self.base_url} failed: HTTP {response.status_code}",
                reached=response.status_code != 503,  # 503: the hub wrote nothing
            )
        if response.status_code >= 400:
            data: Any = None
            try:
                data = response.json()
                code, detail = str(data["error"]), str(data["detail"])
            except (ValueError, KeyError, TypeError):
                code, detail = "error", response.text[:200]
            raise HubRefused(response.status_code, code, detail, data)
        return response

    def _get(self, model: type[M], path: str, **params: Any) -> M:
        return model.model_validate_json(self.request("GET", path, **params).content)

    def _post(self, model: type[M], path: str, body: BaseModel | None = None) -> M:
        return model.model_validate_json(self.request("POST", path, body).content)

    def get_json(self, path: str, **params: Any) -> Any:
        """Any GET of the API as plain JSON (catalog, reports...)."""
        return self.request("GET", path, **params).json()

    # -- queue -------------------------------------------------------------

    def health(self) -> Health:
        return self._get(Health, "/health")

    def services(self) -> list[ServiceInfo]:
        content = self.request("GET", "/services").content
        return TypeAdapter(list[ServiceInfo]).validate_json(content)

    def issue_ticket(
        self,
        service_id: str,
        priority_reason: PriorityReason | None = None,
        key: str | None = None,
        citizen_key: str | None = None,
        phone: str | None = None,
        timeout: tuple[float, float] | None = None,
    ) -> Ticket:
        """Take a ticket; with ``key`` (Idempotency-Key) a retry gives the same ticket;
        ``citizen_key`` is the keyed hash of a scanned ID card; ``phone`` (0xxxxxxxxx)
        gets the hub's messages about it."""
        body = _body(
            TicketIn,
            service_id=service_id,
            priority=priority_reason,
            citizen_key=citizen_key,
            phone=phone,
        )
        headers = {"Idempotency-Key": key} if key else None
        response = self.request("POST", "/tickets", body, headers, timeout=timeout)
        return Ticket.model_validate_json(response.content)

    def lease(self, service_id: str, size: int, release: tuple[int, int] | None = None) -> Lease:
        """Reserve the next ``size`` numbers of a service today for offline issue;
        ``release`` = (lease id, first unused number) gives an older lease's rest back."""
        back = None if release is None else LeaseRelease(lease_id=release[0], next_seq=release[1])
        return self._post(Lease, "/leases", _body(LeaseIn, service_id=service_id, size=size,
                                                  release=back))  # fmt: skip

    def upload_offline(self, ticket: OfflineTicketIn) -> Ticket:
        """Put a ticket issued offline in the hub's queue (idempotent by its client_id)."""
        return self._post(Ticket, "/offline-tickets", ticket)

    def check_in(self, code: str) -> Ticket:
        """Check a booked appointment in (``code`` normalized): its ticket in the
        appointment lane; the same ticket again if it was checked in already."""
        return self._post(Ticket, f"/appointments/{code}/check-in")

    def ticket(self, ticket_id: int) -> Ticket:
        return self._get(Ticket, f"/tickets/{ticket_id}")

    def counter(self, counter_id: int) -> CounterState:
        return self._get(CounterState, f"/counters/{counter_id}")

    def call_next(self, counter_id: int, shown: int | object | None = NO_GUARD) -> Ticket | None:
        """The called ticket, or None when nobody waits. ``shown`` is the ticket id the
        screen shows as current (None: none): a stale screen is refused (409 ``stale``)."""
        body = None if shown is NO_GUARD else CallNextIn(ticket_id=shown)  # type: ignore[arg-type]
        response = self.request("POST", f"/counters/{counter_id}/call-next", body)
        if response.status_code == 204:
            return None
        return Ticket.model_validate_json(response.content)

    def call_ticket(self, counter_id: int, ticket_id: int) -> Ticket:
        """Call a chosen waiting ticket, or a skipped one whose citizen came back."""
        return self._post(Ticket, f"/counters/{counter_id}/call", CallIn(ticket_id=ticket_id))

    def undo_skip(self, counter_id: int) -> Ticket:
        return self._post(Ticket, f"/counters/{counter_id}/undo-skip")

    def counter_session(self, counter_id: int, action: str) -> None:
        """``pause``, ``resume`` or ``sign-out`` at the counter."""
        self.request("POST", f"/counters/{counter_id}/{action}")

    def sign_in(self, counter_id: int, officer_id: str, pin: str) -> None:
        body = SignInIn(officer_id=officer_id, pin=pin)
        self.request("POST", f"/counters/{counter_id}/sign-in", body)

    def board(self) -> list[CounterBoard]:
        """Every counter's current ticket and pause (the hall display's seed)."""
        content = self.request("GET", "/counters").content
        return TypeAdapter(list[CounterBoard]).validate_json(content)

    def _act(self, counter_id: int, action: str, ticket_id: int | None) -> Ticket:
        return self._post(
            Ticket, f"/counters/{counter_id}/{action}", _body(ActionIn, ticket_id=ticket_id)
        )

    def recall(self, counter_id: int, ticket_id: int | None = None) -> Ticket:
        return self._act(counter_id, "recall", ticket_id)

    def skip(self, counter_id: int, ticket_id: int | None = None) -> Ticket:
        return self._act(counter_id, "skip", ticket_id)

    def finish(self, counter_id: int, ticket_id: int | None = None) -> Ticket:
        return self._act(counter_id, "finish", ticket_id)

    def transfer(self, counter_id: int, service_id: str, ticket_id: int | None = None) -> Ticket:
        body = _body(TransferIn, service_id=service_id, ticket_id=ticket_id)
        return self._post(Ticket, f"/counters/{counter_id}/transfer", body)

    def recent_calls(self, limit: int = 8) -> list[Call]:
        content = self.request("GET", "/calls/recent", limit=limit).content
        return TypeAdapter(list[Call]).validate_json(content)

    # -- ratings, alerts, reports -----------------------------------------

    def rate(self, rating: RatingIn) -> Rating:
        return self._post(Rating, "/ratings", rating)

    def alert(self, kind: str, status: str, message: str = "") -> Alert:
        """Report one of this device's peripherals' state ("ok" clears)."""
        return self._post(
            Alert,
            "/devices/alerts",
            ALERT_IN.validate_python({"kind": kind, "status": status, "message": message}),
        )

    def active_alerts(self) -> list[Alert]:
        """The site's device alerts in force (counter and display tokens)."""
        content = self.request("GET", "/devices/alerts").content
        return TypeAdapter(list[Alert]).validate_json(content)

    def mark_print_failed(self, ticket_id: int, failed: bool = True) -> Ticket:
        """Mark a ticket this kiosk issued as not printed, or clear the mark after a reprint."""
        method = "POST" if failed else "DELETE"
        return Ticket.model_validate_json(
            self.request(method, f"/tickets/{ticket_id}/print-failed").content
        )

    def daily_report(self, date: str | None = None) -> dict[str, Any]:
        return self.get_json("/reports/daily", date=date)
