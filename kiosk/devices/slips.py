"""What the kiosk prints: a queue ticket and a procedure checklist, as plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class TicketSlip:
    """A queue ticket; ``url`` is the hub's /t/{token} page, printed as a QR code."""

    site_name: str
    service_name_vi: str
    service_name_en: str
    number: str
    priority_reason: str | None
    issued_at: datetime
    waiting_ahead: int
    eta_minutes: int | None
    url: str
    booked: bool = False  # an appointment checked in: the appointment lane


@dataclass(frozen=True)
class ChecklistSlip:
    """The documents a procedure needs; ``documents`` holds (name, copies) pairs."""

    site_name: str
    procedure_code: str
    procedure_name: str
    documents: tuple[tuple[str, str], ...]
    time_limit: str
    fee: str
    where: str
    url: str


def sample_ticket(priority_reason: str | None = None) -> TicketSlip:
    """A realistic ticket for print tests, benchmarks and screenshots."""
    return TicketSlip(
        site_name="Bộ phận Một cửa UBND xã Phù Đổng",
        service_name_vi="Hộ tịch",
        service_name_en="Civil status registration",
        number="A015",
        priority_reason=priority_reason,
        issued_at=datetime(2025, 7, 14, 8, 15, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        waiting_ahead=5,
        eta_minutes=25,
        url="http://192.168.1.10:8600/t/q7Hk2LmR9xTb4WcZ",
    )


def sample_checklist() -> ChecklistSlip:
    """The birth registration checklist (Đăng ký khai sinh) used by print tests."""
    return ChecklistSlip(
        site_name="Bộ phận Một cửa UBND xã Phù Đổng",
        procedure_code="1.001193",
        procedure_name="Đăng ký khai sinh",
        documents=(
            ("Tờ khai đăng ký khai sinh theo mẫu", "01 bản chính"),
            ("Giấy chứng sinh", "01 bản chính"),
            ("Giấy chứng nhận kết hôn của cha mẹ (nếu có)", "01 bản sao"),
            ("Căn cước hoặc hộ chiếu của người đi đăng ký", "Xuất trình"),
        ),
        time_limit="Trong ngày làm việc",
        fee="Miễn lệ phí",
        where="Quầy 1 - Hộ tịch",
        url="http://192.168.1.10:8600/p/1.001193",
    )
