"""Site configuration: one TOML file -> frozen dataclasses, validated with clear errors.

Every problem is reported as a single :class:`ConfigError` naming the key path
(``counters[1].services``) and what is wrong, never as a traceback.
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.api.models import LEASE_MAX
from kiosk.paths import asset

ROLES = ("kiosk", "display", "counter", "rating", "admin", "office")  # office: a federated hub
_SERVICE_ID = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
SITE_ID = r"[a-z0-9][a-z0-9_-]{0,39}"  # in URLs (?site=) and stored on every record
_PREFIX = re.compile(r"^[A-Z]$")
_HOURS = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


def is_loopback(host: str) -> bool:
    """``localhost``, 127.0.0.0/8 or ::1: an address no phone in the lobby can reach."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ConfigError(ValueError):
    """The site file is invalid; the message names the key and the problem."""


@dataclass(frozen=True)
class OpenWindow:
    """One opening period of a service in local time; ``end`` is exclusive."""

    start: time
    end: time

    def contains(self, t: time) -> bool:
        return self.start <= t < self.end


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class SlotPlan:
    """A service's bookable appointment slots: ``capacity`` bookings per ``slot_minutes``
    slot starting within ``hours`` (local time) on ``weekdays`` (0 = Monday)."""

    hours: tuple[OpenWindow, ...]
    slot_minutes: int = 15
    capacity: int = 1
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)


@dataclass(frozen=True)
class AppointmentRules:
    """The site's booking rules: days ahead one may book, days without slots, and the
    check-in window around a slot's start (minutes before and after)."""

    horizon_days: int = 14
    holidays: tuple[date, ...] = ()
    early_min: int = 15
    late_min: int = 10


@dataclass(frozen=True)
class Service:
    id: str
    name_vi: str
    name_en: str
    prefix: str
    daily_limit: int | None = None
    open_hours: tuple[OpenWindow, ...] = ()
    default_service_minutes: float = 8.0
    fields: tuple[str, ...] = ()  # the catalog's fields (lĩnh vực) this service receives
    appointments: SlotPlan | None = None  # None: this service takes no bookings

    def is_open(self, t: time) -> bool:
        """True when ``t`` (local time) falls in an opening window; no windows = always open."""
        return not self.open_hours or any(w.contains(t) for w in self.open_hours)


@dataclass(frozen=True)
class Counter:
    id: int
    name: str
    services: tuple[str, ...]


@dataclass(frozen=True)
class Officer:
    """A civil servant who signs in at a counter with a PIN; calls, finishes and ratings
    record the officer (the national service index judges each officer)."""

    id: str
    name: str
    pin: str = field(repr=False)
    counters: tuple[int, ...] = ()  # where the officer may sign in; empty: any counter

    def may_work(self, counter_id: int) -> bool:
        return not self.counters or counter_id in self.counters


@dataclass(frozen=True)
class Peripheral:
    """A device attached to a kiosk PC; the device layer validates driver and options."""

    kind: str
    driver: str
    options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Device:
    id: str
    role: str
    token: str
    counter: int | None = None
    peripherals: Mapping[str, Peripheral] = field(default_factory=lambda: MappingProxyType({}))
    site: str = ""  # the site it belongs to; "" for a hub-wide province viewer
    lease_size: int = 20  # a ticket kiosk's numbers per service kept for offline issue (0: none)


NOTIFY_KINDS = ("soon", "called")  # a message when few are ahead, and when called
NOTIFY_DRIVERS = ("sms-http", "zns", "sim")
# placeholders a message text, a gateway's URL, fields and template data may use
NOTIFY_PLACEHOLDERS = ("phone", "phone84", "text", "id", "kind", "number", "counter", "ahead",
                       "site")  # fmt: skip
DEFAULT_TEXTS = {
    "soon": "{site}: Số {number} sắp đến lượt, còn {ahead} người trước bạn. "
    "Mời bạn quay lại khu vực chờ.",
    "called": "{site}: Mời số {number} đến quầy số {counter}.",
}
ZNS_URL = "https://business.openapi.zalo.me"


@dataclass(frozen=True)
class SmsGateway:
    """A brand-name SMS provider's HTTP API: where and how to send, how it says yes."""

    url: str  # a template: placeholders are filled and URL-quoted
    method: str = "POST"
    body: str = "json"  # "json", "form", or "none" (everything in the URL)
    headers: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    fields: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    success_field: str = ""  # a dotted path in the JSON answer; "": any 2xx is success
    success_value: str = ""
    timeout_s: float = 10.0


@dataclass(frozen=True)
class ZnsGateway:
    """Zalo ZNS template messages of an official account."""

    access_token: str
    templates: Mapping[str, str]  # message kind -> template_id
    data: Mapping[str, str]  # template parameter -> placeholder text
    base_url: str = ZNS_URL
    timeout_s: float = 10.0


@dataclass(frozen=True)
class NotifySettings:
    """``[hub.notify]``: messages to citizens who left a phone number at the kiosk."""

    driver: str
    ahead: int = 3  # the "soon" message when this many (or fewer) are ahead
    retry_first_s: float = 5.0  # the first retry's pause; it doubles up to retry_max_s
    retry_max_s: float = 300.0
    max_attempts: int = 12  # then the message is given up (logged, counted)
    texts: Mapping[str, str] = field(default_factory=lambda: MappingProxyType(DEFAULT_TEXTS))
    sms: SmsGateway | None = None
    zns: ZnsGateway | None = None


@dataclass(frozen=True)
class HubSettings:
    host: str = "127.0.0.1"
    port: int = 8600
    database: str = "var/hub.sqlite3"
    public_url: str = ""
    retention_days: int = 90
    sites: tuple[str, ...] = ()  # further site files one hub serves (paths from this file)
    viewers: tuple[Device, ...] = ()  # province tokens: every site's reports and the roll-up
    citizen_secret: str = ""  # HMAC key of ID-card numbers (kiosk.catalog.citizen_key); "": off
    notify: NotifySettings | None = None  # None: no phone numbers taken, no messages

    @property
    def base_url(self) -> str:
        return self.public_url or f"http://{self.host}:{self.port}"


@dataclass(frozen=True)
class Federation:
    """``[federation]``: this office's hub forwards its site's records to a provincial hub."""

    upstream: str  # the province hub's base URL, e.g. https://tinh.example.vn
    token: str  # the token of this site's ``office`` device in the province's copy of the file
    batch_size: int = 200  # events per batch at most
    heartbeat_s: float = 30.0  # an idle office tells the province it is caught up this often
    retry_max_s: float = 30.0  # the longest wait between two tries while the link is down


@dataclass(frozen=True)
class Site:
    id: str
    name: str
    name_en: str
    timezone: str
    rating_levels: int
    languages: tuple[str, ...]
    idle_timeout_s: int
    hub: HubSettings
    services: tuple[Service, ...]
    counters: tuple[Counter, ...]
    devices: tuple[Device, ...]
    officers: tuple[Officer, ...] = ()  # none: counters work without signing in
    technician_pin: str = ""  # opens the hidden exit of kiosk mode; empty: no exit
    rating_window_min: int = 120  # a visit may be rated this long after service, same day
    postpone_places: int = 3  # "Hoãn lượt" on the phone page moves a ticket this far back
    appointments: AppointmentRules = AppointmentRules()
    federation: Federation | None = None  # forward the records to a province hub
    source: str = "<memory>"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def service(self, service_id: str) -> Service | None:
        return next((s for s in self.services if s.id == service_id), None)

    def service_for_field(self, field: str) -> Service | None:
        """The queue service that receives procedures of catalog field ``field``."""
        wanted = " ".join(field.casefold().split())
        return next(
            (
                s
                for s in self.services
                if wanted in (" ".join(f.casefold().split()) for f in s.fields)
            ),
            None,
        )

    def counter(self, counter_id: int) -> Counter | None:
        return next((c for c in self.counters if c.id == counter_id), None)

    def device_by_token(self, token: str) -> Device | None:
        return next((d for d in self.devices if d.token == token), None)

    def device(self, device_id: str) -> Device | None:
        return next((d for d in self.devices if d.id == device_id), None)

    def officer(self, officer_id: str) -> Officer | None:
        return next((o for o in self.officers if o.id == officer_id), None)

    def counters_for(self, service_id: str) -> tuple[Counter, ...]:
        return tuple(c for c in self.counters if service_id in c.services)


class _Reader:
    """Typed access to one TOML table, raising ConfigError with the key path."""

    def __init__(self, data: Any, path: str) -> None:
        if not isinstance(data, dict):
            raise ConfigError(f"{path or 'file'}: expected a table, got {type(data).__name__}")
        self.data = data
        self.path = path

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def get(self, name: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        if name not in self.data:
            if default is ...:
                raise ConfigError(f"{self.key(name)}: missing (required)")
            return default
        value = self.data[name]
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            raise ConfigError(f"{self.key(name)}: expected {_kind_name(kind)}, got a boolean")
        if not isinstance(value, kind):
            raise ConfigError(
                f"{self.key(name)}: expected {_kind_name(kind)}, got {type(value).__name__}"
            )
        return value

    def text(self, name: str, default: Any = ...) -> str:
        value = self.get(name, str, default)
        if isinstance(value, str) and not value.strip() and default is ...:
            raise ConfigError(f"{self.key(name)}: must not be empty")
        return value

    def table_list(self, name: str) -> list[_Reader]:
        items = self.get(name, list, [])
        return [_Reader(item, f"{self.key(name)}[{i}]") for i, item in enumerate(items)]

    def reject_unknown(self, allowed: set[str]) -> None:
        unknown = sorted(set(self.data) - allowed)
        if unknown:
            raise ConfigError(
                f"{self.path or 'file'}: unknown key {unknown[0]!r} "
                f"(allowed: {', '.join(sorted(allowed))})"
            )


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {str: "text", int: "an integer", float: "a number", list: "a list", dict: "a table"}
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _parse_hours(value: str, key: str) -> tuple[OpenWindow, ...]:
    windows = []
    for part in (p.strip() for p in value.split(",") if p.strip()):
        m = _HOURS.match(part)
        if not m:
            raise ConfigError(f"{key}: {part!r} is not HH:MM-HH:MM")
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        if h1 > 23 or m1 > 59 or m2 > 59 or h2 > 24 or (h2 == 24 and m2):
            raise ConfigError(f"{key}: {part!r} is not a valid time of day")
        end = time(23, 59, 59, 999999) if h2 == 24 else time(h2, m2)
        if end <= time(h1, m1):
            raise ConfigError(f"{key}: {part!r} ends before it starts")
        windows.append(OpenWindow(time(h1, m1), end))
    return tuple(windows)


def _slot_plan(r: _Reader) -> SlotPlan:
    r.reject_unknown({"hours", "slot_minutes", "capacity", "weekdays"})
    hours = _parse_hours(r.text("hours"), r.key("hours"))
    minutes = r.get("slot_minutes", int, 15)
    if not 5 <= minutes <= 240:
        raise ConfigError(f"{r.key('slot_minutes')}: {minutes} must be 5-240 minutes")
    for w in hours:
        length = (w.end.hour * 60 + w.end.minute) - (w.start.hour * 60 + w.start.minute)
        if length < minutes:
            raise ConfigError(
                f"{r.key('hours')}: {w.start:%H:%M}-{w.end:%H:%M} is shorter than one slot"
                f" ({minutes} min)"
            )
    capacity = r.get("capacity", int, 1)
    if not 1 <= capacity <= 100:
        raise ConfigError(f"{r.key('capacity')}: {capacity} must be 1-100 bookings per slot")
    names = r.get("weekdays", list, list(WEEKDAYS[:5]))
    if not names or not all(isinstance(n, str) and n in WEEKDAYS for n in names):
        raise ConfigError(f"{r.key('weekdays')}: expected a list among {', '.join(WEEKDAYS)}")
    return SlotPlan(hours, minutes, capacity, tuple(sorted({WEEKDAYS.index(n) for n in names})))


def _day(value: Any, key: str) -> date:
    """A TOML date (2026-09-02) or its text; ConfigError otherwise."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return date.fromisoformat(value)
    raise ConfigError(f"{key}: {value!r} is not a date YYYY-MM-DD")


def _appointment_rules(r: _Reader) -> AppointmentRules:
    r.reject_unknown({"horizon_days", "holidays", "early_min", "late_min"})
    horizon = r.get("horizon_days", int, 14)
    if not 1 <= horizon <= 365:
        raise ConfigError(f"{r.key('horizon_days')}: {horizon} must be 1-365 days")
    holidays = [
        _day(v, f"{r.key('holidays')}[{i}]") for i, v in enumerate(r.get("holidays", list, []))
    ]
    early, late = r.get("early_min", int, 15), r.get("late_min", int, 10)
    for name, value in (("early_min", early), ("late_min", late)):
        if not 0 <= value <= 240:
            raise ConfigError(f"{r.key(name)}: {value} must be 0-240 minutes")
    return AppointmentRules(horizon, tuple(sorted(set(holidays))), early, late)


def _service(r: _Reader) -> Service:
    r.reject_unknown(
        {"id", "name_vi", "name_en", "prefix", "daily_limit", "open_hours", "service_minutes",
         "fields", "appointments"}
    )  # fmt: skip
    sid = r.text("id")
    if not _SERVICE_ID.match(sid):
        raise ConfigError(f"{r.key('id')}: {sid!r} must be lower-case letters, digits, - or _")
    prefix = r.text("prefix")
    if not _PREFIX.match(prefix):
        raise ConfigError(f"{r.key('prefix')}: {prefix!r} must be one capital letter A-Z")
    limit = r.get("daily_limit", int, None)
    if limit is not None and not 1 <= limit <= 999:
        raise ConfigError(f"{r.key('daily_limit')}: {limit} must be between 1 and 999")
    minutes = float(r.get("service_minutes", (int, float), 8.0))
    if not 0.5 <= minutes <= 240:
        raise ConfigError(f"{r.key('service_minutes')}: {minutes} must be 0.5-240 minutes")
    return Service(
        id=sid,
        name_vi=r.text("name_vi"),
        name_en=r.text("name_en"),
        prefix=prefix,
        daily_limit=limit,
        open_hours=_parse_hours(r.get("open_hours", str, ""), r.key("open_hours")),
        default_service_minutes=minutes,
        fields=tuple(_texts(r, "fields")),
        appointments=(
            _slot_plan(_Reader(r.data["appointments"], r.key("appointments")))
            if "appointments" in r.data
            else None
        ),
    )


def _texts(r: _Reader, name: str) -> list[str]:
    values = r.get(name, list, [])
    if not all(isinstance(v, str) and v.strip() for v in values):
        raise ConfigError(f"{r.key(name)}: expected a list of names")
    return [v.strip() for v in values]


def _counter(r: _Reader, service_ids: set[str]) -> Counter:
    r.reject_unknown({"id", "name", "services"})
    cid = r.get("id", int)
    if not 1 <= cid <= 999:
        raise ConfigError(f"{r.key('id')}: {cid} must be between 1 and 999")
    services = r.get("services", list)
    if not services:
        raise ConfigError(f"{r.key('services')}: a counter must serve at least one service")
    for s in services:
        if s not in service_ids:
            known = ", ".join(sorted(service_ids))
            raise ConfigError(f"{r.key('services')}: unknown service {s!r} (known: {known})")
    return Counter(id=cid, name=r.text("name", f"Quầy {cid}"), services=tuple(services))


def _officer(r: _Reader, counter_ids: set[int]) -> Officer:
    r.reject_unknown({"id", "name", "pin", "counters"})
    oid = r.text("id")
    if not _SERVICE_ID.match(oid):
        raise ConfigError(f"{r.key('id')}: {oid!r} must be lower-case letters, digits, - or _")
    pin = r.get("pin", str)
    if not (pin.isdigit() and 4 <= len(pin) <= 12):
        raise ConfigError(f"{r.key('pin')}: must be 4-12 digits")
    counters = r.get("counters", list, [])
    for c in counters:
        if c not in counter_ids:
            raise ConfigError(f"{r.key('counters')}: unknown counter {c!r}")
    return Officer(id=oid, name=r.text("name"), pin=pin, counters=tuple(counters))


_PERIPHERALS = ("printer", "scanner", "rating_pad", "led_board", "audio", "media", "speech")


def _device(r: _Reader, counter_ids: set[int], site_id: str) -> Device:
    r.reject_unknown({"id", "role", "token", "counter", "lease_size", *_PERIPHERALS})
    role = r.text("role")
    if role not in ROLES:
        raise ConfigError(f"{r.key('role')}: {role!r} is not one of {', '.join(ROLES)}")
    token = r.text("token")
    if len(token) < 16:
        raise ConfigError(f"{r.key('token')}: must be at least 16 characters")
    counter = r.get("counter", int, None)
    if role in ("counter", "rating") and counter is None:
        raise ConfigError(f"{r.key('counter')}: missing (a {role} device belongs to a counter)")
    if counter is not None and counter not in counter_ids:
        raise ConfigError(f"{r.key('counter')}: unknown counter {counter}")
    lease_size = r.get("lease_size", int, 20)
    if not 0 <= lease_size <= LEASE_MAX:
        raise ConfigError(f"{r.key('lease_size')}: must be 0-{LEASE_MAX}")
    peripherals = {}
    for kind in _PERIPHERALS:
        if kind in r.data:
            pr = _Reader(r.data[kind], r.key(kind))
            options = {k: v for k, v in pr.data.items() if k != "driver"}
            peripherals[kind] = Peripheral(kind, pr.text("driver"), MappingProxyType(options))
    return Device(
        id=r.text("id"),
        role=role,
        token=token,
        counter=counter,
        peripherals=MappingProxyType(peripherals),
        site=site_id,
        lease_size=lease_size,
    )


def _unique(items: list[Any], attr: str, key: str) -> None:
    seen: set[Any] = set()
    for i, item in enumerate(items):
        value = getattr(item, attr)
        if value in seen:
            raise ConfigError(f"{key}[{i}].{attr}: duplicate {attr} {value!r}")
        seen.add(value)


def _hub_settings(h: _Reader) -> HubSettings:
    h.reject_unknown(
        {"host", "port", "database", "public_url", "retention_days", "sites", "viewers",
         "citizen_secret", "notify"}
    )  # fmt: skip
    port = h.get("port", int, 8600)
    if not 1 <= port <= 65535:
        raise ConfigError(f"hub.port: {port} is not a TCP port")
    retention = h.get("retention_days", int, 90)
    if not 1 <= retention <= 3650:
        raise ConfigError(f"hub.retention_days: {retention} must be 1-3650 days")
    sites = h.get("sites", list, [])
    if not all(isinstance(p, str) and p for p in sites):
        raise ConfigError("hub.sites: must be a list of site file paths")
    viewers = []
    for r in h.table_list("viewers"):
        r.reject_unknown({"id", "token"})
        token = r.text("token")
        if len(token) < 16:
            raise ConfigError(f"{r.key('token')}: must be at least 16 characters")
        viewers.append(Device(id=r.text("id"), role="province", token=token))
    _unique(viewers, "id", "hub.viewers")
    secret = h.get("citizen_secret", str, "")
    if secret and len(secret) < 16:
        raise ConfigError("hub.citizen_secret: must be at least 16 characters (or left out)")
    return HubSettings(
        host=h.text("host", "127.0.0.1"),
        port=port,
        database=h.text("database", "var/hub.sqlite3"),
        public_url=h.get("public_url", str, "").rstrip("/"),
        retention_days=retention,
        sites=tuple(sites),
        viewers=tuple(viewers),
        citizen_secret=secret,
        notify=_notify(_Reader(h.data["notify"], "hub.notify")) if "notify" in h.data else None,
    )


def _templates(r: _Reader, name: str, default: Mapping[str, str] | None = None) -> dict[str, str]:
    """A table of placeholder texts, each checked to name known placeholders only."""
    table = r.get(name, dict, ...) if default is None else r.get(name, dict, dict(default))
    out = {}
    for key, text in table.items():
        if not isinstance(text, str | int) or isinstance(text, bool):
            raise ConfigError(f"{r.key(name)}.{key}: expected a string")
        out[key] = _placeholders(str(text), f"{r.key(name)}.{key}")
    return out


def _placeholders(text: str, key: str) -> str:
    """``text`` if every ``{name}`` in it is a known placeholder."""
    for found in re.findall(r"{([^{}]*)}", text):
        if found not in NOTIFY_PLACEHOLDERS:
            raise ConfigError(
                f"{key}: unknown placeholder {{{found}}} (known: {', '.join(NOTIFY_PLACEHOLDERS)})"
            )
    return text


def _seconds(r: _Reader, name: str, default: float, low: float, high: float) -> float:
    value = float(r.get(name, (int, float), default))
    if not low <= value <= high:
        raise ConfigError(f"{r.key(name)}: {value:g} must be {low:g}-{high:g} seconds")
    return value


def _http_url(r: _Reader, name: str, default: Any = ...) -> str:
    url = r.text(name, default)
    if not re.match(r"^https?://[^/\s]+", url):
        raise ConfigError(f"{r.key(name)}: {url!r} is not an http(s) URL")
    return url


def _sms(r: _Reader) -> SmsGateway:
    r.reject_unknown({"url", "method", "body", "headers", "fields", "success_field",
                      "success_value", "timeout_s"})  # fmt: skip
    url = _placeholders(_http_url(r, "url"), r.key("url"))
    method = r.text("method", "POST").upper()
    if method not in ("GET", "POST"):
        raise ConfigError(f"{r.key('method')}: {method!r} must be GET or POST")
    body = r.text("body", "json" if method == "POST" else "none")
    if body not in ("json", "form", "none"):
        raise ConfigError(f"{r.key('body')}: {body!r} must be json, form or none")
    fields = _templates(r, "fields", {})
    if body != "none" and not any("{phone" in v for v in fields.values()):
        raise ConfigError(f"{r.key('fields')}: no field carries {{phone}} or {{phone84}}")
    return SmsGateway(
        url=url,
        method=method,
        body=body,
        headers=MappingProxyType(_templates(r, "headers", {})),
        fields=MappingProxyType(fields),
        success_field=r.get("success_field", str, ""),
        success_value=str(r.get("success_value", (str, int), "")),
        timeout_s=_seconds(r, "timeout_s", 10.0, 0.1, 120),
    )


def _zns(r: _Reader) -> ZnsGateway:
    r.reject_unknown({"base_url", "access_token", "templates", "data", "timeout_s"})
    templates = _templates(r, "templates")
    missing = [k for k in NOTIFY_KINDS if k not in templates]
    if missing or set(templates) - set(NOTIFY_KINDS):
        raise ConfigError(f"{r.key('templates')}: needs exactly {', '.join(NOTIFY_KINDS)}")
    return ZnsGateway(
        access_token=r.text("access_token"),
        templates=MappingProxyType(templates),
        data=MappingProxyType(_templates(r, "data")),
        base_url=_http_url(r, "base_url", ZNS_URL).rstrip("/"),
        timeout_s=_seconds(r, "timeout_s", 10.0, 0.1, 120),
    )


def _notify(r: _Reader) -> NotifySettings:
    r.reject_unknown({"driver", "ahead", "retry_first_s", "retry_max_s", "max_attempts",
                      "texts", "sms", "zns"})  # fmt: skip
    driver = r.text("driver")
    if driver not in NOTIFY_DRIVERS:
        raise ConfigError(f"hub.notify.driver: {driver!r} (known: {', '.join(NOTIFY_DRIVERS)})")
    ahead = r.get("ahead", int, 3)
    if not 1 <= ahead <= 20:
        raise ConfigError(f"hub.notify.ahead: {ahead} must be 1-20")
    attempts = r.get("max_attempts", int, 12)
    if not 1 <= attempts <= 100:
        raise ConfigError(f"hub.notify.max_attempts: {attempts} must be 1-100")
    texts = _templates(r, "texts", DEFAULT_TEXTS)
    if set(texts) != set(NOTIFY_KINDS):
        raise ConfigError(f"hub.notify.texts: needs exactly {', '.join(NOTIFY_KINDS)}")
    needs = {"sms-http": "sms", "zns": "zns"}.get(driver)
    if needs and needs not in r.data:
        raise ConfigError(f"hub.notify.{needs}: missing (required by driver {driver!r})")
    return NotifySettings(
        driver=driver,
        ahead=ahead,
        retry_first_s=_seconds(r, "retry_first_s", 5.0, 0.01, 3600),
        retry_max_s=_seconds(r, "retry_max_s", 300.0, 0.01, 86400),
        max_attempts=attempts,
        texts=MappingProxyType(texts),
        sms=_sms(_Reader(r.data["sms"], "hub.notify.sms")) if driver == "sms-http" else None,
        zns=_zns(_Reader(r.data["zns"], "hub.notify.zns")) if driver == "zns" else None,
    )


def _federation(f: _Reader) -> Federation:
    f.reject_unknown({"upstream", "token", "batch_size", "heartbeat_s", "retry_max_s"})
    upstream = f.text("upstream").rstrip("/")
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", upstream):
        raise ConfigError(f"federation.upstream: {upstream!r} is not an http(s):// URL")
    token = f.text("token")
    if len(token) < 16:
        raise ConfigError("federation.token: must be at least 16 characters")
    batch = f.get("batch_size", int, 200)
    if not 1 <= batch <= 500:
        raise ConfigError(f"federation.batch_size: {batch} must be 1-500")
    heartbeat = float(f.get("heartbeat_s", (int, float), 30.0))
    if not 1 <= heartbeat <= 3600:
        raise ConfigError(f"federation.heartbeat_s: {heartbeat} must be 1-3600 seconds")
    retry = float(f.get("retry_max_s", (int, float), 30.0))
    if not 0.1 <= retry <= 3600:
        raise ConfigError(f"federation.retry_max_s: {retry} must be 0.1-3600 seconds")
    return Federation(upstream, token, batch, heartbeat, retry)


def parse_site(data: dict[str, Any], source: str = "<memory>") -> Site:
    """Validate a parsed TOML document into a :class:`Site`."""
    root = _Reader(data, "")
    root.reject_unknown(
        {"site", "hub", "services", "counters", "devices", "officers", "appointments", "federation"}
    )
    s = _Reader(root.get("site", dict), "site")
    s.reject_unknown(
        {
            "id",
            "name",
            "name_en",
            "timezone",
            "rating_levels",
            "languages",
            "idle_timeout_s",
            "technician_pin",
            "rating_window_min",
            "postpone_places",
        }
    )
    tz = s.text("timezone", "Asia/Ho_Chi_Minh")
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"site.timezone: unknown time zone {tz!r}") from None
    levels = s.get("rating_levels", int, 3)
    if levels not in (3, 4, 5):
        raise ConfigError(f"site.rating_levels: {levels} must be 3, 4 or 5")
    languages = tuple(s.get("languages", list, ["vi", "en"]))
    if not languages or languages[0] != "vi" or not set(languages) <= {"vi", "en"}:
        raise ConfigError("site.languages: must start with 'vi' and may add 'en'")
    pin = s.get("technician_pin", str, "")
    if pin and not (pin.isdigit() and 4 <= len(pin) <= 12):
        raise ConfigError("site.technician_pin: must be 4-12 digits")
    window = s.get("rating_window_min", int, 120)
    if not 5 <= window <= 1440:
        raise ConfigError(f"site.rating_window_min: {window} must be 5-1440 minutes")
    places = s.get("postpone_places", int, 3)
    if not 1 <= places <= 50:
        raise ConfigError(f"site.postpone_places: {places} must be 1-50 places")
    idle = s.get("idle_timeout_s", int, 60)
    if not 10 <= idle <= 3600:
        raise ConfigError(f"site.idle_timeout_s: {idle} must be 10-3600 seconds")

    hub = _hub_settings(_Reader(root.get("hub", dict, {}), "hub"))

    services = [_service(r) for r in root.table_list("services")]
    if not services:
        raise ConfigError("services: at least one [[services]] table is required")
    _unique(services, "id", "services")
    _unique(services, "prefix", "services")
    counters = [_counter(r, {x.id for x in services}) for r in root.table_list("counters")]
    if not counters:
        raise ConfigError("counters: at least one [[counters]] table is required")
    _unique(counters, "id", "counters")
    site_id = s.text("id", "site")
    if not re.fullmatch(SITE_ID, site_id):
        raise ConfigError(
            f"site.id: {site_id!r} must be lower-case letters, digits, - or _ (at most 40)"
        )
    counter_ids = {c.id for c in counters}
    devices = [_device(r, counter_ids, site_id) for r in root.table_list("devices")]
    _unique(devices, "id", "devices")
    _unique(devices, "token", "devices")
    officers = [_officer(r, counter_ids) for r in root.table_list("officers")]
    _unique(officers, "id", "officers")
    federation = None
    if "federation" in data:
        federation = _federation(_Reader(root.get("federation", dict), "federation"))
    return Site(
        id=site_id,
        name=s.text("name"),
        name_en=s.text("name_en", s.text("name")),
        timezone=tz,
        rating_levels=levels,
        languages=languages,
        idle_timeout_s=idle,
        technician_pin=pin,
        rating_window_min=window,
        postpone_places=places,
        appointments=_appointment_rules(
            _Reader(root.get("appointments", dict, {}), "appointments")
        ),
        hub=hub,
        services=tuple(services),
        counters=tuple(counters),
        devices=tuple(devices),
        officers=tuple(officers),
        federation=federation,
        source=source,
    )


def _read(path: str | Path | None) -> tuple[dict[str, Any], str]:
    """The parsed TOML of ``path`` (``None``: the example site) and a name for messages."""
    if path is None:
        text = example_site_path().read_text(encoding="utf-8")
        source = "example site"
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as e:
            raise ConfigError(f"{path}: cannot read ({e.strerror})") from None
        except UnicodeDecodeError:
            raise ConfigError(f"{path}: not UTF-8 text") from None
        source = str(path)
    try:
        return tomllib.loads(text), source
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{source}: not valid TOML ({e})") from None


def load_site(path: str | Path | None = None) -> Site:
    """Load a site file; ``None`` loads the embedded example used by the demo."""
    data, source = _read(path)
    try:
        return parse_site(data, source)
    except ConfigError as e:
        raise ConfigError(f"{source}: {e}") from None


@dataclass(frozen=True)
class HubConfig:
    """What one hub serves: the first file's ``[hub]`` settings, its sites, its viewers.

    The first site file may name further site files in ``[hub] sites``; their own
    ``[hub]`` sections are for their apps (where to find the hub) and not read here.
    """

    settings: HubSettings
    sites: tuple[Site, ...]

    @property
    def main(self) -> Site:
        return self.sites[0]

    def site(self, site_id: str) -> Site | None:
        return next((s for s in self.sites if s.id == site_id), None)

    @property
    def devices(self) -> tuple[Device, ...]:
        """Every device of every site, and the province viewers."""
        return tuple(d for s in self.sites for d in s.devices) + self.settings.viewers


def hub_config(sites: list[Site]) -> HubConfig:
    """Check that the sites can share one hub: distinct ids and tokens, one time zone."""
    _unique(sites, "id", "sites")
    config = HubConfig(sites[0].hub, tuple(sites))
    tokens: dict[str, str] = {}
    for device in config.devices:
        where = f"{device.site or 'hub.viewers'}/{device.id}"
        if device.token in tokens:
            raise ConfigError(f"{where}: token already used by {tokens[device.token]}")
        tokens[device.token] = where
    for site in sites[1:]:
        if site.hub.citizen_secret != sites[0].hub.citizen_secret:
            raise ConfigError(
                f"{site.source}: hub.citizen_secret differs from {sites[0].source}'s; the "
                "sites of one hub share one dossier table, so they need the same secret"
            )
        if site.timezone != sites[0].timezone:
            raise ConfigError(
                f"{site.source}: site.timezone {site.timezone!r} differs from "
                f"{sites[0].timezone!r}; one hub serves sites of one time zone"
            )
    return config


def load_hub_config(path: str | Path | None = None) -> HubConfig:
    """The hub's sites: the file at ``path`` and those its ``[hub] sites`` list names."""
    first = load_site(path)
    base = Path(path).parent if path is not None else example_site_path().parent
    sites = [first] + [load_site(base / extra) for extra in first.hub.sites]
    try:
        return hub_config(sites)
    except ConfigError as e:
        raise ConfigError(f"{first.source}: {e}") from None


def example_site_path() -> Path:
    """The example site shipped with the package (also the demo's default)."""
    return asset("site.example.toml")
