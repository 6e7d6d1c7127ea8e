"""An office that federates to a province, for the federation test and its benchmark.

:func:`write_sites` writes the office's site file (with ``[federation]`` pointing at a
given upstream, and the ``office`` device the province knows it by) and the province's
(its own site, the office's file in ``[hub] sites``, a viewer). :class:`Lobby` is the
office's lobby at work over the office hub's HTTP API: a kiosk issues, three counters
call, finish, skip and transfer, two rating pads rate, devices report alerts.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.api.models import PriorityReason, RatingIn, Ticket
from kiosk.device.hub_client import HubClient, HubRefused

OFFICE = "xa-phu-dong"
OFFICE_LINK = "office-link-token-0123456789"  # the office's device on the province hub
VIEWER = "tinh-viewer-token-0123456789"


def office_token(device_id: str) -> str:
    return f"{OFFICE}-{device_id}-0123456789"


def office_toml(upstream: str, heartbeat_s: float = 1.0, retry_max_s: float = 0.3) -> str:
    """Services a (A), b (B); counter 1 serves a+b, 2 serves a, 3 serves b."""
    devices = [
        ("kiosk-1", "kiosk", None, 'printer = { driver = "sim" }\n'),
        ("counter-1", "counter", 1, 'led_board = { driver = "sim" }\n'),
        ("counter-2", "counter", 2, ""),
        ("counter-3", "counter", 3, ""),
        ("rating-1", "rating", 1, ""),
        ("rating-2", "rating", 2, ""),
        ("admin", "admin", None, ""),
    ]
    parts = [
        f'[site]\nid = "{OFFICE}"\nname = "Bộ phận Một cửa xã Phù Đổng"\n'
        'name_en = "Phu Dong commune"\ntimezone = "Asia/Ho_Chi_Minh"\n',
        f'[federation]\nupstream = "{upstream}"\ntoken = "{OFFICE_LINK}"\n'
        f"heartbeat_s = {heartbeat_s}\nretry_max_s = {retry_max_s}\n",
        '[[services]]\nid = "a"\nname_vi = "Hộ tịch"\nname_en = "Civil status"\nprefix = "A"\n',
        '[[services]]\nid = "b"\nname_vi = "Chứng thực"\nname_en = "Certification"\nprefix = "B"\n',
        '[[counters]]\nid = 1\nservices = ["a", "b"]\n',
        '[[counters]]\nid = 2\nservices = ["a"]\n',
        '[[counters]]\nid = 3\nservices = ["b"]\n',
        f'[[devices]]\nid = "office-link"\nrole = "office"\ntoken = "{OFFICE_LINK}"\n',
    ]
    for device_id, role, counter, extra in devices:
        line = f'[[devices]]\nid = "{device_id}"\nrole = "{role}"\n'
        line += f'token = "{office_token(device_id)}"\n'
        line += f"counter = {counter}\n" if counter else ""
        parts.append(line + extra)
    return "\n".join(parts)


def province_toml() -> str:
    return "\n".join(
        [
            '[site]\nid = "tinh"\nname = "Trung tâm Phục vụ hành chính công tỉnh"\n'
            'name_en = "Provincial service centre"\ntimezone = "Asia/Ho_Chi_Minh"\n',
            f'[hub]\nsites = ["office.toml"]\n[[hub.viewers]]\nid = "so-noi-vu"\n'
            f'token = "{VIEWER}"\n',
            '[[services]]\nid = "a"\nname_vi = "Hộ tịch"\nname_en = "Civil status"\nprefix = "A"\n',
            '[[counters]]\nid = 1\nservices = ["a"]\n',
            '[[devices]]\nid = "admin"\nrole = "admin"\ntoken = "tinh-admin-token-0123456789"\n',
        ]
    )


def write_sites(folder: Path, upstream: str, **federation: float) -> tuple[Path, Path]:
    """The office's and the province's site files in ``folder`` (the province reads the
    office's file too: its ``office`` device and its services)."""
    office = folder / "office.toml"
    office.write_text(office_toml(upstream, **federation), encoding="utf-8")
    province = folder / "province.toml"
    province.write_text(province_toml(), encoding="utf-8")
    return office, province


class Lobby:
    """The office's devices, driving its hub; :meth:`step` is one ticket's worth of work."""

    def __init__(self, url: str) -> None:
        self.connect(url)
        self.current: dict[int, Ticket | None] = {1: None, 2: None, 3: None}
        self.rated = 0
        self.steps = 0

    def connect(self, url: str) -> None:
        """Clients for the hub at ``url`` (again after the hub restarted: fresh connections)."""
        self.kiosk = HubClient(url, office_token("kiosk-1"))
        self.counters = {n: HubClient(url, office_token(f"counter-{n}")) for n in (1, 2, 3)}
        self.raters = {n: HubClient(url, office_token(f"rating-{n}")) for n in (1, 2)}
        self.admin = HubClient(url, office_token("admin"))

    def step(self) -> None:
        """Issue one ticket, and let one counter act: mostly call next (which finishes the
        one before, then rated now and then), sometimes a skip or a transfer."""
        i = self.steps
        self.steps += 1
        service = "b" if i % 3 == 0 else "a"
        priority = PriorityReason.ELDERLY if i % 11 == 5 else None
        self.kiosk.issue_ticket(service, priority)
        n = i % 3 + 1
        counter, current = self.counters[n], self.current[n]
        if current is not None and i % 10 == 4:
            counter.skip(n, current.id)
            self.current[n] = None
        elif current is not None and i % 10 == 8:
            counter.transfer(n, "b" if current.service_id == "a" else "a", current.id)
            self.current[n] = None
        else:
            self._call_next(n)
            if current is not None and n in self.raters and i % 4 != 1:
                self._rate(n, current.id, level=1 + i % 5 % 3)
        if i % 97 == 13:
            self.kiosk.alert("printer", "paper_low" if i % 2 else "paper_out", f"step {i}")
        if i % 97 == 40:
            self.kiosk.alert("printer", "ok")
        if i % 150 == 60:
            self.counters[1].alert("led_board", "offline" if i % 300 == 60 else "ok")

    def _call_next(self, n: int) -> Ticket | None:
        ticket = self.current[n] = self.counters[n].call_next(n)
        return ticket

    def _rate(self, n: int, ticket_id: int, level: int) -> None:
        body = RatingIn(
            ticket_id=ticket_id, counter_id=n, level=level, client_id=f"rating-{ticket_id:06d}"
        )
        try:
            self.raters[n].rate(body)
            self.rated += 1
        except HubRefused as e:  # a rating pad only rates what its counter served
            if e.code not in ("not_your_counter", "counter_mismatch"):
                raise

    def drain(self) -> None:
        """Serve everyone still waiting, then finish every counter's last ticket."""
        for n in (1, 2, 3):
            while self._call_next(n) is not None:
                pass
