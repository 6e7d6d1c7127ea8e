"""What the queue screens (ticket, hall display, counter, rating) share: their words, and a
context of their own so one window (``kiosk demo``) can run several devices side by side."""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.properties import ObjectProperty

from kiosk import i18n
from kiosk.ui.screens.base import KioskScreen

WORDS: dict[str, tuple[str, str]] = {
    "ticket.title": ("Lấy số thứ tự", "Take a number"),
    "ticket.choose": ("Chạm vào dịch vụ bạn cần", "Touch the service you need"),
    "ticket.waiting": ("Đang chờ: {n} người", "Waiting: {n}"),
    "ticket.eta": ("Khoảng {m} phút", "About {m} min"),
    "ticket.no_wait": ("Không phải chờ", "No wait"),
    "ticket.closed": ("Ngoài giờ nhận hồ sơ", "Closed now"),
    "ticket.priority": ("Ưu tiên", "Priority"),
    "ticket.priority.ask": (
        "Bạn thuộc diện ưu tiên? Chọn một mục, rồi chọn dịch vụ.",
        "Priority lane? Choose one, then the service.",
    ),
    "ticket.your_number": ("Số thứ tự của bạn", "Your number"),
    "ticket.ahead": ("Trước bạn còn {n} người", "{n} people ahead of you"),
    "ticket.ahead0": ("Bạn là người tiếp theo", "You are next"),
    "ticket.eta_long": ("Thời gian chờ dự kiến: khoảng {m} phút", "Expected wait: about {m} min"),
    "ticket.qr": (
        "Quét mã để theo dõi lượt trên điện thoại",
        "Scan to follow your turn on your phone",
    ),
    "ticket.take_paper": ("Mời nhận phiếu bên dưới.", "Please take your ticket below."),
    "ticket.done": ("Xong", "Done"),
    "ticket.priority_lane": ("Ưu tiên: {r}", "Priority: {r}"),
    "hall.serving": ("Xin mời", "Now serving"),
    "hall.counter": ("Quầy {n}", "Counter {n}"),
    "hall.recent": ("Số vừa gọi", "Recent calls"),
    "hall.offline": ("Mất kết nối", "Disconnected"),
    "hall.none": ("—", "—"),
    "hall.paused": ("Tạm nghỉ", "On a break"),
    "hall.priority": ("Ưu tiên", "Priority"),
    "counter.call_next": ("Gọi tiếp", "Call next"),
    "counter.recall": ("Gọi lại", "Recall"),
    "counter.skip": ("Bỏ qua", "Skip"),
    "counter.transfer": ("Chuyển", "Transfer"),
    "counter.finish": ("Hoàn thành", "Finish"),
    "counter.current": ("Đang phục vụ", "Serving"),
    "counter.nobody": ("Chưa gọi số", "Nobody called"),
    "counter.waiting": ("Đang chờ", "Waiting"),
    "counter.served": ("Đã phục vụ hôm nay: {n}", "Served today: {n}"),
    "counter.transfer_to": ("Chuyển số {number} sang dịch vụ:", "Transfer {number} to:"),
    "counter.cancel": ("Hủy", "Cancel"),
    "counter.nobody_waiting": ("Không còn ai chờ.", "Nobody is waiting."),
    "counter.calling": ("Đang gọi…", "Calling…"),
    "counter.priority": ("Ưu tiên: {reason}", "Priority: {reason}"),
    "counter.paused": ("Tạm nghỉ", "On a break"),
    "counter.pause": ("Tạm nghỉ", "Pause"),
    "counter.resume": ("Tiếp tục", "Resume"),
    "counter.undo_skip": ("Hoàn tác bỏ qua", "Undo skip"),
    "counter.sign_out": ("Đăng xuất", "Sign out"),
    "counter.list_waiting": ("Đang chờ ({n})", "Waiting ({n})"),
    "counter.list_skipped": ("Đã bỏ qua ({n})", "Skipped ({n})"),
    "counter.tap_waiting": ("Chạm vào một số để gọi số đó", "Tap a number to call it"),
    "counter.tap_skipped": (
        "Người vắng mặt đã quay lại? Chạm vào số để gọi lại",
        "A no-show came back? Tap the number to call it",
    ),
    "counter.sign_in": ("Đăng nhập quầy {n}", "Sign in at counter {n}"),
    "counter.pin_hint": ("Chọn tên, rồi nhập mã PIN", "Choose your name, then your PIN"),
    "counter.sign_in_go": ("Đăng nhập", "Sign in"),
    "counter.keys": (
        "Phím tắt: F1/Space gọi tiếp · F2 gọi lại · F3 bỏ qua · F4 chuyển · F5 hoàn thành",
        "Keys: F1/Space next · F2 recall · F3 skip · F4 transfer · F5 finish",
    ),
    "rating.idle": ("Xin cảm ơn quý khách", "Thank you for visiting"),
    "rating.idle.sub": (
        "Sau khi được phục vụ, mời bạn đánh giá tại đây.",
        "After your visit, please rate our service here.",
    ),
    "rating.ask": ("Bạn có hài lòng với sự phục vụ?", "Are you satisfied with our service?"),
    "rating.for_ticket": ("Số {number}", "Number {number}"),
    "rating.for_dossier": ("Hồ sơ {code}", "Dossier {code}"),
    "rating.reasons": ("Điều gì chưa tốt? (chọn một hoặc nhiều)", "What was not good? (any)"),
    "rating.send": ("Gửi", "Send"),
    "rating.skip": ("Bỏ qua", "Skip"),
    "rating.thanks": ("Cảm ơn bạn đã đánh giá!", "Thank you for your rating!"),
    "rating.thanks_again": (
        "Cảm ơn bạn! Đánh giá của lượt này đã được ghi nhận.",
        "Thank you! This visit has already been rated.",
    ),
    "rating.by_dossier": ("Đánh giá theo mã hồ sơ", "Rate by dossier code"),
    "rating.dossier_hint": (
        "Nhập mã hồ sơ hoặc số biên nhận trên giấy hẹn",
        "Type the dossier code or receipt number from your receipt",
    ),
    "rating.dossier_go": ("Đánh giá", "Rate"),
    "rating.pending": (
        "{n} đánh giá đang chờ gửi (sẽ tự gửi khi có kết nối)",
        "{n} ratings waiting to be sent",
    ),
    "rating.rejected": (
        "{n} đánh giá bị hệ thống từ chối (xem nhật ký)",
        "{n} ratings refused by the hub (see the log)",
    ),
    # the ticket kiosk's printer (kiosk/ui/screens/ticket.py)
    "ticket.printer.paper_out": (
        "Máy in hết giấy, mời liên hệ quầy hướng dẫn.",
        "The printer is out of paper; please ask at the help desk.",
    ),
    "ticket.printer.cover_open": (
        "Nắp máy in đang mở, mời liên hệ quầy hướng dẫn.",
        "The printer cover is open; please ask at the help desk.",
    ),
    "ticket.printer.offline": (
        "Máy in không hoạt động, mời liên hệ quầy hướng dẫn.",
        "The printer is not working; please ask at the help desk.",
    ),
    "ticket.printer.error": (
        "Máy in bị lỗi, mời liên hệ quầy hướng dẫn.",
        "The printer has a fault; please ask at the help desk.",
    ),
    "ticket.not_printed": (
        "Phiếu chưa in được. Mời ghi lại số {number}, hoặc bấm «In lại».",
        "Your ticket did not print. Please write down {number}, or press Reprint.",
    ),
    "ticket.reprint": ("In lại", "Reprint"),
    # device alerts on staff screens (kiosk/ui/widgets/alerts.py): alert.<kind>.<status>
    "alert.printer.paper_low": ("Máy in sắp hết giấy", "Printer paper running low"),
    "alert.printer.paper_out": ("Máy in hết giấy", "Printer out of paper"),
    "alert.printer.cover_open": ("Nắp máy in đang mở", "Printer cover open"),
    "alert.printer.offline": ("Máy in mất kết nối", "Printer offline"),
    "alert.printer.error": ("Máy in bị lỗi", "Printer fault"),
    "alert.printer.unknown": ("Không rõ trạng thái máy in", "Printer state unknown"),
    "alert.scanner.offline": ("Máy quét mất kết nối", "Scanner offline"),
    "alert.scanner.error": ("Máy quét bị lỗi", "Scanner fault"),
    "alert.rating_pad.offline": ("Bàn phím đánh giá mất kết nối", "Rating pad offline"),
    "alert.rating_pad.error": ("Bàn phím đánh giá bị lỗi", "Rating pad fault"),
    "alert.led_board.offline": ("Bảng LED mất kết nối", "LED board offline"),
    "alert.led_board.error": ("Bảng LED bị lỗi", "LED board fault"),
    "alert.audio.offline": ("Loa mất kết nối", "Speakers offline"),
    "alert.audio.error": ("Loa bị lỗi", "Speakers fault"),
    "alert.media.offline": ("Màn hình video mất kết nối", "Media player offline"),
    "alert.media.error": ("Màn hình video bị lỗi", "Media player fault"),
    "counter.print_failed": (
        "Phiếu của số này chưa in được: người dân có thể không có phiếu.",
        "This number's ticket did not print: the citizen may hold no paper.",
    ),
}


def ensure_words(app: Any) -> None:
    """Add the queue screens' words (once) and refresh the app's table for .kv rules."""
    i18n.extend(WORDS)
    if app is not None and "ticket.title" not in app.t:
        app.t = i18n.texts(app.lang)


class LobbyScreen(KioskScreen):
    """A queue screen; ``context`` (optional) is its own device's context, else the app's."""

    context = ObjectProperty(None, allownone=True)

    def __init__(self, **kwargs: Any) -> None:
        ensure_words(App.get_running_app())
        super().__init__(**kwargs)

    @property
    def ctx(self) -> Any:
        return self.context or self.app.context

    def counter_to_work(self, given: int | None) -> int | None:
        """The counter this screen serves: ``given``, else the device's (an admin device may
        run any: the first). None, with the reason in ``message``, when there is none."""
        ctx = self.ctx
        counter_id = given or ctx.device.counter
        if not counter_id and ctx.device.role == "admin":
            counter_id = ctx.site.counters[0].id
        if not counter_id:
            self.message = f"device {ctx.device.id} is bound to no counter"
        return counter_id or None

    def text(self, vi_en: tuple[str, str]) -> str:
        """One of a (Vietnamese, English) pair in the app's language."""
        return vi_en[0] if self.app.lang == "vi" else vi_en[1]
