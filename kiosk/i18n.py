"""Words on the screens: Vietnamese first, English second, looked up by key.

``texts(lang)`` gives the whole table for one language; the app keeps it in a
``DictProperty`` so .kv rules written ``text: app.t["home.title"]`` follow a language
switch. Other screen modules add their keys with :func:`extend` (in a function they
call before building widgets, not at import time). No Kivy here.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES: dict[str, str] = {"vi": "Tiếng Việt", "en": "English"}

_STRINGS: dict[str, tuple[str, str]] = {
    # common
    "common.back": ("Quay lại", "Back"),
    "common.home": ("Trang chủ", "Home"),
    "common.loading": ("Đang tải…", "Loading…"),
    "common.clear": ("Xóa hết", "Clear"),
    "common.space": ("Dấu cách", "Space"),
    "common.backspace": ("Xóa", "Delete"),
    "common.ok": ("Đồng ý", "OK"),
    "common.close": ("Đóng", "Close"),
    "common.yes": ("Có", "Yes"),
    "common.no": ("Không", "No"),
    "app.quit_counter": ("Thoát ứng dụng quầy?", "Quit the counter app?"),
    "tech.title": ("Kỹ thuật viên: nhập mã PIN", "Technician: enter the PIN"),
    "tech.wrong": ("Mã PIN không đúng", "Wrong PIN"),
    "tech.exit": ("Thoát ứng dụng", "Quit the app"),
    "common.large_text": ("Chữ to", "Large text"),
    "common.idle": (
        "Màn hình sẽ trở về trang chủ sau {s} giây. Chạm vào màn hình để tiếp tục.",
        "Returning to the start in {s} seconds. Touch the screen to continue.",
    ),
    "error.hub_down": (
        "Chưa kết nối được với máy chủ. Vui lòng thử lại sau ít phút hoặc hỏi cán bộ.",
        "Cannot reach the office server. Please try again in a few minutes or ask a staff member.",
    ),
    "error.busy": (
        "Hệ thống đang bận, vui lòng đợi giây lát rồi thử lại.",
        "Too many lookups at once; please wait a moment and try again.",
    ),
    "error.unexpected": (
        "Có lỗi xảy ra. Vui lòng thử lại hoặc hỏi cán bộ.",
        "Something went wrong. Please try again or ask a staff member.",
    ),
    "error.scan_unknown": (
        "Không đọc được mã vừa quét. Vui lòng quét lại.",
        "That code could not be read. Please scan again.",
    ),
    # home
    "home.welcome": ("Xin kính chào quý khách", "Welcome"),
    "home.choose": ("Mời chọn việc cần làm", "Please choose what you need"),
    "home.procedures": ("Tra cứu thủ tục", "Find a procedure"),
    "home.procedures.sub": ("Giấy tờ cần mang, thời hạn, lệ phí", "Documents, time, fees"),
    "home.dossier": ("Tra cứu hồ sơ", "Check a dossier"),
    "home.dossier.sub": ("Hồ sơ đã nộp đến đâu", "Where your application is"),
    "home.ticket": ("Lấy số thứ tự", "Take a number"),
    "home.ticket.sub": ("Xếp hàng chờ đến lượt", "Queue for a counter"),
    "home.rating": ("Đánh giá", "Rate our service"),
    "home.rating.sub": ("Mức độ hài lòng", "How satisfied you are"),
    "home.offline": (
        "Mất kết nối với máy chủ. Tra cứu thủ tục vẫn dùng được với dữ liệu lưu sẵn; "
        "lấy số và tra cứu hồ sơ tạm thời chưa dùng được.",
        "No connection to the office server. Procedures can still be looked up from "
        "saved data; numbers and dossier status are unavailable for now.",
    ),
    # procedure search
    "search.title": ("Tra cứu thủ tục hành chính", "Find an administrative procedure"),
    "search.hint": (
        "Gõ tên thủ tục, không cần dấu (ví dụ: khai sinh)",
        "Type the procedure's name, no accents needed (e.g. khai sinh)",
    ),
    "search.browse": ("Hoặc chọn lĩnh vực:", "Or choose a field:"),
    "search.field": ("Lĩnh vực", "Field"),
    "search.all_fields": ("Tất cả lĩnh vực", "All fields"),
    "search.level.all": ("Mọi cấp", "All levels"),
    "search.level.xa": ("Cấp xã", "Commune"),
    "search.level.tinh": ("Cấp tỉnh", "Province"),
    "search.count": ("{n} thủ tục", "{n} procedures"),
    "search.none": (
        "Không tìm thấy thủ tục phù hợp. Thử gõ từ khác hoặc chọn lĩnh vực.",
        "No matching procedure. Try other words or choose a field.",
    ),
    "search.no_catalog": (
        "Chưa có danh mục thủ tục. Vui lòng hỏi cán bộ.",
        "The procedure list is not available yet. Please ask a staff member.",
    ),
    "search.choose_field": ("Chọn lĩnh vực", "Choose a field"),
    # procedure detail
    "detail.code": ("Mã thủ tục", "Procedure code"),
    "detail.field": ("Lĩnh vực", "Field"),
    "detail.level": ("Cấp thực hiện", "Level"),
    "detail.agency": ("Cơ quan thực hiện", "Handled by"),
    "detail.documents": ("Giấy tờ cần chuẩn bị", "Documents to bring"),
    "detail.no_documents": ("Không cần giấy tờ riêng.", "No documents needed."),
    "detail.see_counter": (
        "Chưa có thông tin này ở đây: mời xem chi tiết tại quầy hoặc trên Cổng Dịch vụ công "
        "(quét mã QR).",
        "Not given here: please ask at the counter or see the national portal (scan the QR).",
    ),
    "detail.not_stated": ("xem tại quầy", "ask at the counter"),
    "detail.originals": ("{n} bản chính", "{n} original(s)"),
    "detail.copies": ("{n} bản sao", "{n} copy(ies)"),
    "detail.steps": ("Các bước thực hiện", "Steps"),
    "detail.ways": ("Cách nộp, thời hạn và lệ phí", "How to file, time limit and fee"),
    "detail.time_limit": ("Thời hạn giải quyết", "Time limit"),
    "detail.fee": ("Phí, lệ phí", "Fee"),
    "detail.applicants": ("Ai được thực hiện", "Who may apply"),
    "detail.conditions": ("Điều kiện", "Conditions"),
    "detail.result": ("Kết quả nhận được", "What you receive"),
    "detail.legal": ("Căn cứ pháp lý", "Legal basis"),
    "detail.where": ("Nơi nộp hồ sơ", "Where to file"),
    "detail.qr": (
        "Quét mã để xem trên Cổng Dịch vụ công quốc gia",
        "Scan to open it on the National Public Service Portal",
    ),
    "detail.print": ("In danh sách giấy tờ", "Print the document list"),
    "detail.printing": ("Đang in…", "Printing…"),
    "detail.no_printer": (
        "Máy này không có máy in. Vui lòng chụp lại màn hình hoặc quét mã QR.",
        "This kiosk has no printer. Please scan the QR code instead.",
    ),
    "detail.not_found": (
        "Không tìm thấy thủ tục này trong danh mục.",
        "This procedure is not in the list.",
    ),
    # dossier status
    "dossier.title": ("Tra cứu tình trạng hồ sơ", "Check the status of a dossier"),
    "dossier.hint": (
        "Nhập mã hồ sơ hoặc số biên nhận (ví dụ 261008-0975) trên giấy biên nhận, "
        "hoặc đưa mã vạch / mã QR vào máy quét.",
        "Type the dossier code or the receipt number (e.g. 261008-0975) from your receipt, "
        "or hold its barcode / QR code to the scanner.",
    ),
    "dossier.example": ("Ví dụ: H15.50.05.13-261008-0975", "Example: H15.50.05.13-261008-0975"),
    "dossier.search": ("Tra cứu", "Look up"),
    "dossier.invalid": (
        "Mã hồ sơ chưa đúng. Mã có dạng H15.50.05.13-261008-0975 hoặc số biên nhận "
        "261008-0975, in trên giấy biên nhận.",
        "That is not a dossier code. It looks like H15.50.05.13-261008-0975, or the receipt "
        "number 261008-0975, printed on your receipt.",
    ),
    "dossier.ambiguous": (
        "Có nhiều hồ sơ cùng số biên nhận này. Vui lòng nhập đủ mã hồ sơ "
        "(dạng H15.50.05.13-261008-0975).",
        "Several dossiers have this receipt number. Please type the whole dossier code "
        "(like H15.50.05.13-261008-0975).",
    ),
    "dossier.not_found": (
        "Không tìm thấy hồ sơ có mã này. Vui lòng kiểm tra lại mã hoặc hỏi quầy Một cửa.",
        "No dossier has this code. Please check it or ask at the one-stop counter.",
    ),
    "dossier.unavailable": (
        "Hệ thống hồ sơ đang tạm gián đoạn. Vui lòng thử lại sau.",
        "The dossier system is temporarily unavailable. Please try again later.",
    ),
    "dossier.code": ("Mã hồ sơ", "Dossier code"),
    "dossier.procedure": ("Thủ tục", "Procedure"),
    "dossier.applicant": ("Người nộp", "Applicant"),
    "dossier.received": ("Ngày tiếp nhận", "Received on"),
    "dossier.appointment": ("Ngày hẹn trả kết quả", "Result due on"),
    "dossier.status": ("Tình trạng", "Status"),
    "dossier.pickup": ("Nơi nhận kết quả", "Where to collect"),
    "dossier.again": ("Tra cứu mã khác", "Look up another code"),
}


def extend(strings: Mapping[str, tuple[str, str]]) -> None:
    """Add (vi, en) strings for more screens; an existing key with other words is an error."""
    for key, pair in strings.items():
        if len(pair) != 2 or not all(isinstance(s, str) and s for s in pair):
            raise ValueError(f"{key}: expected (vietnamese, english) texts")
        if _STRINGS.get(key, pair) != pair:
            raise ValueError(f"{key}: already defined with other words")
        _STRINGS[key] = (pair[0], pair[1])


def texts(lang: str) -> dict[str, str]:
    """Every string in ``lang`` ("vi" or "en")."""
    index = _index(lang)
    return {key: pair[index] for key, pair in _STRINGS.items()}


def tr(key: str, lang: str, **values: object) -> str:
    """One string in ``lang``, formatted with ``values``; an unknown key shows as itself."""
    pair = _STRINGS.get(key)
    text = pair[_index(lang)] if pair else key
    return text.format(**values) if values else text


def _index(lang: str) -> int:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (known: {', '.join(LANGUAGES)})")
    return 0 if lang == "vi" else 1
