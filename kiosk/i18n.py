"""Every word a citizen or officer reads on a device: Vietnamese first, English second,
looked up by key, in this one table.

``texts(lang)`` gives the whole table for one language; the app keeps it in a
``DictProperty`` so .kv rules written ``text: app.t["home.title"]`` follow a language
switch. The desks (kiosk/device/) say things as a :class:`Phrase`, a key and its values,
that a screen renders in the language of the moment. No Kivy here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

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
    "common.high_contrast": ("Tương phản cao", "High contrast"),
    # spoken guidance (kiosk/ui/widgets/guide.py, kiosk/device/guide.py)
    "guide.button": ("Hướng dẫn bằng giọng nói", "Spoken guidance"),
    "guide.button_off": ("Tắt hướng dẫn bằng giọng nói", "Turn spoken guidance off"),
    "guide.started": (
        "Đã bật hướng dẫn bằng giọng nói. Bấm nút Tiếp ở cuối màn hình để nghe từng lựa "
        "chọn, bấm nút Chọn để chọn.",
        "Spoken guidance is on. Press Next at the bottom of the screen to hear each "
        "choice, and Choose to choose it.",
    ),
    "guide.previous": ("Trước", "Back"),
    "guide.next": ("Tiếp", "Next"),
    "guide.choose": ("Chọn", "Choose"),
    "guide.your_number": (
        "Số thứ tự của bạn là {number}. {ahead}. {paper}",
        "Your number is {number}. {ahead}. {paper}",
    ),
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
    "search.browse": (
        "Hoặc chọn theo sự kiện trong đời, hoặc theo lĩnh vực:",
        "Or choose by life event, or by field:",
    ),
    "search.event": ("Sự kiện", "Life event"),
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
    "search.unsure": (
        "Văn phòng chưa có thủ tục đúng với từ bạn gõ. Có thể bạn cần một trong các thủ tục "
        "dưới đây; nếu không, mời hỏi quầy hướng dẫn hoặc chọn lĩnh vực.",
        "This office has no procedure that surely matches. You may need one of these; "
        "if not, please ask at the help desk or choose a field.",
    ),
    "search.elsewhere": (
        "Việc này không giải quyết tại Bộ phận Một cửa. Mời liên hệ: {where}.",
        "This is not handled at the one-stop counter. Please contact: {where}.",
    ),
    "search.see_also": ("Có thể liên quan: {n} thủ tục", "Possibly related: {n} procedures"),
    "search.no_catalog": (
        "Chưa có danh mục thủ tục. Vui lòng hỏi cán bộ.",
        "The procedure list is not available yet. Please ask a staff member.",
    ),
    "search.choose_field": ("Chọn sự kiện hoặc lĩnh vực", "Choose a life event or a field"),
    # procedure detail
    "detail.no_english_name": (
        "Chưa có tên tiếng Anh",
        "No English name yet (tên tiếng Anh chưa có)",
    ),
    "detail.vietnamese_only": (
        "Nội dung thủ tục là văn bản tiếng Việt chính thức.",
        "The documents, steps, result and legal basis below are the official Vietnamese "
        "text: there is no official English version.",
    ),
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
    "detail.take_number": (
        "Lấy số thứ tự: {service} ({prefix})",
        "Take a number: {service} ({prefix})",
    ),
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
        "hoặc đưa mã vạch / mã QR của giấy biên nhận hay thẻ CCCD vào máy quét.",
        "Type the dossier code or the receipt number (e.g. 261008-0975) from your receipt, "
        "or hold the receipt's barcode / QR code or your ID card (CCCD) to the scanner.",
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
    # the queue screens (ticket, hall display, counter, rating)
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
    # the chip ID card (kiosk/device/cccd.py): nothing of the card is ever shown
    "cccd.hint": (
        "Từ 60 tuổi trở lên: quét mã QR trên thẻ CCCD để được ưu tiên.",
        "Aged 60 or over: scan the QR code of your ID card (CCCD) for priority.",
    ),
    "cccd.read": (
        "Đã đọc thẻ CCCD. Mời chọn dịch vụ.",
        "ID card read. Please choose the service.",
    ),
    "cccd.elderly": (
        "Ưu tiên người cao tuổi. Mời chọn dịch vụ.",
        "Priority for elderly people. Please choose the service.",
    ),
    "cccd.not_card": (
        "Mã vừa quét không phải mã QR của thẻ CCCD. Vui lòng quét mã QR in trên thẻ.",
        "That is not the QR code of an ID card (CCCD). Please scan the QR code on the card.",
    ),
    "cccd.fields": (
        "Không đọc được đủ thông tin trên thẻ CCCD. Vui lòng quét lại.",
        "Could not read the whole ID card. Please scan it again.",
    ),
    "cccd.bad_id": (
        "Số định danh trên thẻ không đọc được. Vui lòng quét lại hoặc hỏi cán bộ.",
        "The ID number could not be read. Please scan again or ask a staff member.",
    ),
    "cccd.bad_date": (
        "Ngày tháng trên thẻ không đọc được. Vui lòng quét lại hoặc hỏi cán bộ.",
        "The dates on the card could not be read. Please scan again or ask a staff member.",
    ),
    "cccd.bad_age": (
        "Ngày sinh hoặc ngày cấp trên thẻ không hợp lệ. Vui lòng hỏi cán bộ.",
        "The card's date of birth or date of issue is not valid. Please ask a staff member.",
    ),
    "cccd.no_secret": (
        "Máy này chưa được cài đặt để tra cứu bằng thẻ CCCD. Vui lòng nhập mã hồ sơ.",
        "This kiosk is not set up to look up by ID card. Please type the dossier code.",
    ),
    "cccd.none_found": (
        "Không tìm thấy hồ sơ nào gắn với thẻ CCCD này.",
        "No dossier is linked to this ID card.",
    ),
    "cccd.unsupported": (
        "Hệ thống hồ sơ chưa hỗ trợ tra cứu bằng thẻ CCCD. Vui lòng nhập mã hồ sơ.",
        "The dossier system cannot look up by ID card yet. Please type the dossier code.",
    ),
    "cccd.several": (
        "Thẻ CCCD này có nhiều hồ sơ. Vui lòng nhập mã hồ sơ cần đánh giá.",
        "This ID card has several dossiers. Please type the code of the one to rate.",
    ),
    "cccd.found": (
        "Tìm thấy {n} hồ sơ gắn với thẻ CCCD. Chạm vào một hồ sơ để xem.",
        "{n} dossier(s) linked to the ID card. Touch one to see it.",
    ),
    # the optional phone number for messages (kiosk/device/phone_entry.py)
    "ticket.phone.title": (
        "Nhận tin nhắn khi sắp đến lượt",
        "Get a message when your turn is near",
    ),
    "ticket.phone.ask": (
        "Nhập số điện thoại di động nếu bạn muốn được nhắn tin khi còn 3 người trước bạn và "
        "khi đến lượt. Không bắt buộc.",
        "Type your mobile number to get a message when 3 people are ahead and when you are "
        "called. Optional.",
    ),
    "ticket.phone.empty": ("Chưa nhập số", "No number yet"),
    "ticket.phone.invalid": (
        "Số chưa đúng: 10 chữ số, bắt đầu bằng 0 (hoặc 84)",
        "Not a mobile number yet: 10 digits starting 0 (or 84)",
    ),
    "ticket.phone.skip": ("Bỏ qua, lấy số", "Skip, take my number"),
    "ticket.phone.send": ("Nhận tin nhắn và lấy số", "Get messages and take my number"),
    "ticket.phone.will_send": ("Tin nhắn sẽ gửi đến {phone}", "Messages will go to {phone}"),
    "ticket.booked_lane": ("Có lịch hẹn: được gọi trước", "Appointment: called first"),
    "counter.booked": ("Có lịch hẹn", "Appointment"),
    # checking a booked appointment in at the ticket kiosk (kiosk/device/ticketing.py)
    "ticket.appointment": ("Đã đặt lịch hẹn", "I have an appointment"),
    "appointment.title": (
        "Nhập mã lịch hẹn hoặc quét mã QR của lịch hẹn",
        "Type your booking code, or scan the appointment's QR code",
    ),
    "appointment.hint": ("Mã gồm 6 chữ và số, ví dụ K4M7QA", "6 letters and digits, e.g. K4M7QA"),
    "appointment.submit": ("Nhận số", "Get my number"),
    "appointment.walk_in": ("Lấy số thường: {service}", "Take a walk-in number: {service}"),
    "appointment.invalid": (
        "Mã lịch hẹn gồm 6 chữ và số. Mời nhập lại.",
        "A booking code has 6 letters and digits. Please type it again.",
    ),
    "appointment.too_early": (
        "Lịch hẹn của bạn lúc {slot} ngày {day}. Mời quay lại nhận số từ {start} đến {end}.",
        "Your appointment is at {slot} on {day}. Please check in between {start} and {end}.",
    ),
    "appointment.too_late": (
        "Đã quá giờ nhận lịch hẹn {slot} (nhận đến {end}). Mời lấy số thường.",
        "Check-in for your {slot} appointment closed at {end}. Please take a walk-in number.",
    ),
    "appointment.unknown_appointment": (
        "Không tìm thấy lịch hẹn với mã này. Mời kiểm tra lại mã.",
        "No appointment has this code. Please check the code.",
    ),
    "appointment.cancelled": ("Lịch hẹn này đã bị hủy.", "This appointment was cancelled."),
    "appointment.other_site": (
        "Lịch hẹn này thuộc đơn vị khác.",
        "This appointment is for another office.",
    ),
    "appointment.other": (
        "Chưa nhận được lịch hẹn. Vui lòng hỏi cán bộ.",
        "The appointment could not be checked in. Please ask a staff member.",
    ),
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
    # priority lanes (kiosk/api/models.py PriorityReason): priority.<reason>
    "priority.elderly": ("Người cao tuổi", "Elderly person"),
    "priority.disabled": ("Người khuyết tật", "Person with disability"),
    "priority.pregnant": ("Phụ nữ mang thai", "Pregnant woman"),
    "priority.merit": ("Người có công với cách mạng", "Person with revolutionary merit"),
    "priority.child": ("Người đi cùng trẻ em dưới 6 tuổi", "With a child under 6"),
    # satisfaction levels (kiosk/api/rating_scale.py) and reasons (RatingReason)
    "rating.level.very_satisfied": ("Rất hài lòng", "Very satisfied"),
    "rating.level.satisfied": ("Hài lòng", "Satisfied"),
    "rating.level.not_quite": ("Chưa hài lòng", "Not quite satisfied"),
    "rating.level.neutral": ("Bình thường", "Neutral"),
    "rating.level.not_satisfied": ("Không hài lòng", "Not satisfied"),
    "rating.level.very_dissatisfied": ("Rất không hài lòng", "Very dissatisfied"),
    "rating.reason.attitude": ("Thái độ phục vụ", "Staff attitude"),
    "rating.reason.waiting_time": ("Thời gian chờ", "Waiting time"),
    "rating.reason.unclear_guidance": ("Hướng dẫn chưa rõ", "Unclear guidance"),
    "rating.reason.complex_procedure": ("Thủ tục phức tạp", "Complicated procedure"),
    "rating.reason.other": ("Khác", "Other"),
    # refusals at the counter (kiosk/device/counter_desk.py): counter.refused.<hub code>
    "counter.refused.stale": (
        "Màn hình vừa được cập nhật; xem số đang phục vụ rồi bấm lại.",
        "The screen was out of date; check the ticket shown, then press again.",
    ),
    "counter.refused.paused": (
        "Quầy đang tạm nghỉ. Bấm Tiếp tục để gọi số.",
        "The counter is paused.",
    ),
    "counter.refused.not_signed_in": (
        "Cán bộ cần đăng nhập trước.",
        "An officer must sign in first.",
    ),
    "counter.refused.wrong_pin": ("Sai mã PIN. Thử lại.", "Wrong PIN. Try again."),
    "counter.refused.wrong_counter": (
        "Cán bộ này không làm việc ở quầy này.",
        "Not this officer's counter.",
    ),
    "counter.refused.rate_limited": (
        "Nhập sai nhiều lần. Chờ một phút.",
        "Too many tries. Wait a minute.",
    ),
    "counter.refused.other_service": (
        "Số này không thuộc dịch vụ của quầy.",
        "Not a service of this counter.",
    ),
    "counter.refused.not_waiting": ("Số này không còn chờ.", "That ticket is no longer waiting."),
    "counter.refused.serving": ("Quầy đang phục vụ số khác.", "Another ticket is being served."),
    "counter.refused.nothing_to_undo": ("Không có lượt bỏ qua để hoàn tác.", "No skip to undo."),
    "counter.refused.no_current_ticket": ("Quầy chưa gọi số nào.", "No ticket is being served."),
    "counter.refused.not_current": (
        "Số này không còn ở quầy.",
        "That ticket is no longer at this counter.",
    ),
    "counter.refused.same_service": (
        "Số này đã thuộc dịch vụ đó.",
        "The ticket is already in that service.",
    ),
    "counter.refused.unknown_service": ("Không có dịch vụ này.", "No such service."),
    "counter.refused.forbidden": (
        "Thiết bị này không điều khiển quầy này.",
        "This device cannot run it.",
    ),
    "counter.refused.hub_down": (
        "Mất kết nối với máy chủ. Thử lại sau.",
        "The hub does not answer. Try again.",
    ),
    "counter.refused.other": (
        "Chưa thực hiện được ({detail}). Thử lại hoặc báo kỹ thuật viên.",
        "Not done ({detail}). Try again or tell the technician.",
    ),
    # refusals at the ticket kiosk (kiosk/device/ticketing.py): ticket.refused.<hub code>
    "ticket.refused.daily_limit": (
        "Dịch vụ này đã hết số hôm nay. Mời quay lại vào ngày làm việc tiếp theo.",
        "No more numbers today for this service. Please come back on the next working day.",
    ),
    "ticket.refused.service_closed": (
        "Dịch vụ này đang ngoài giờ nhận hồ sơ.",
        "This service is not taking applications at this hour.",
    ),
    "ticket.refused.unknown_service": (
        "Dịch vụ này không còn nhận số. Vui lòng hỏi cán bộ.",
        "This service no longer gives numbers. Please ask a staff member.",
    ),
    "ticket.refused.hub_down": (
        "Chưa lấy được số: hệ thống xếp hàng không phản hồi. Vui lòng thử lại hoặc hỏi cán bộ.",
        "No number yet: the queue system does not answer. Please try again or ask a staff member.",
    ),
    "ticket.refused.other": (
        "Chưa lấy được số. Vui lòng hỏi cán bộ.",
        "No number could be given. Please ask a staff member.",
    ),
    # how a print job ended (kiosk/devices/printer.py): printer.<status>, print.*
    "printer.ready": ("Máy in sẵn sàng.", "The printer is ready."),
    "printer.busy": ("Máy in đang in.", "The printer is printing."),
    "printer.paper_low": ("Máy in sắp hết giấy.", "The printer is low on paper."),
    "printer.paper_out": ("Máy in hết giấy.", "The printer is out of paper."),
    "printer.cover_open": ("Nắp máy in đang mở.", "The printer cover is open."),
    "printer.offline": ("Máy in không phản hồi.", "The printer does not answer."),
    "printer.error": ("Máy in bị lỗi.", "The printer reported an error."),
    "printer.unknown": ("Không rõ trạng thái máy in.", "The printer's state is unknown."),
    "print.done": ("Đã in.", "Printed."),
    "print.done_but": ("Đã in. {status}", "Printed. {status}"),
    "print.unverified": (
        "Đã gửi lệnh in. Nếu không thấy phiếu, mời ghi lại số thứ tự.",
        "Sent to the printer. If no ticket comes out, please write your number down.",
    ),
    "print.ticket_still_valid": (
        "{status} Số thứ tự của bạn vẫn hợp lệ, vui lòng báo cán bộ.",
        "{status} Your number is still valid; please tell a staff member.",
    ),
    # the demo window's side panel (kiosk/ui/demo_window.py)
    "demo.title": ("Bộ mô phỏng thiết bị · Device simulator", "Device simulator"),
    "demo.paper_out": ("Hết giấy", "Paper out"),
    "demo.printer_offline": ("Máy in mất kết nối", "Printer offline"),
    "demo.scanner": (
        "Máy quét (kiosk-1): quét giấy biên nhận hoặc thẻ CCCD",
        "Scanner (kiosk-1): scan a receipt or an ID card",
    ),
    "demo.pad": ("Bàn phím đánh giá (quầy 1)", "Rating pad (counter 1)"),
    "demo.leds": ("Bảng LED", "LED boards"),
    "demo.audio": ("Loa sảnh: lời mời đã phát (clip)", "Hall speakers: calls played (clips)"),
    "demo.kiosk": ("Kiosk: tra cứu, lấy số (kiosk-1)", "Kiosk: lookup, numbers (kiosk-1)"),
    "demo.display": ("Màn hình sảnh (display-1)", "Hall display (display-1)"),
    "demo.counter1": ("Quầy 1 (counter-1, phím F1-F5)", "Counter 1 (counter-1, keys F1-F5)"),
    "demo.counter2": ("Quầy 2 (counter-2)", "Counter 2 (counter-2)"),
    "demo.rating": ("Đánh giá quầy 1 (rating-1)", "Rating, counter 1 (rating-1)"),
    "demo.printer": ("Máy in phiếu (kiosk-1) · {state}", "Ticket printer (kiosk-1) · {state}"),
    "demo.scan": ("Quét {code}", "Scan {code}"),
    "demo.scan_card": (
        "Quét CCCD thử ({age} tuổi)",
        "Scan a test ID card (aged {age})",
    ),
    "demo.printer_ready": ("sẵn sàng", "ready"),
    "demo.printed": ("{n} phiếu đã in · {state}", "{n} slips printed · {state}"),
    "demo.call": (
        "{seq}. {number}, quầy {counter}: {clips}",
        "{seq}. {number}, counter {counter}: {clips}",
    ),
    "demo.no_calls": ("(chưa có lời mời nào)", "(no calls yet)"),
    "demo.speech": ("Giọng nói kiosk (hướng dẫn bằng giọng nói)", "Kiosk voice (spoken guidance)"),
    "demo.no_speech": ("(chưa nói gì: bấm «Hướng dẫn bằng giọng nói»)", "(nothing said yet)"),
    "demo.led": ("Quầy {n}: {shown}", "Counter {n}: {shown}"),
    "demo.led_blinking": ("Quầy {n}: {shown} (nhấp nháy)", "Counter {n}: {shown} (blinking)"),
    "demo.video": ("Video (mô phỏng) · simulated", "Video (simulated)"),
    # printed slips (kiosk/devices/escpos_ticket.py, kiosk/device/service.py): the paper
    # is Vietnamese, with English in plain ASCII below where a line has both
    "slip.number": ("Số thứ tự", "Number"),
    "slip.priority": ("Ưu tiên: {reason}", "PRIORITY"),
    "slip.booked": ("Có lịch hẹn", "APPOINTMENT"),
    "slip.ahead": ("Trước bạn còn {n} người", "{n} ahead of you"),
    "slip.nobody_ahead": ("Không có ai chờ trước bạn", "Nobody ahead of you"),
    "slip.ahead_eta": ("{ahead}, chờ khoảng {m} phút", "{ahead}, about {m} min"),
    "slip.wait": ("Vui lòng chờ gọi số", "Please wait for your number"),
    "slip.documents": ("Hồ sơ cần chuẩn bị", "Documents to bring"),
    "slip.code": ("Mã thủ tục: {code}", "Procedure code: {code}"),
    "slip.quantity": ("Số lượng: {copies}", "Quantity: {copies}"),
    "slip.time_limit": ("Thời hạn giải quyết: {value}", "Time limit: {value}"),
    "slip.fee": ("Lệ phí: {value}", "Fee: {value}"),
    "slip.where": ("Nơi nộp: {value}", "Where to file: {value}"),
    "slip.scan": ("Quét mã để xem chi tiết thủ tục", "Scan for the full procedure"),
    "slip.test_page": ("Kiểm tra máy in", "Printer test - {title}"),
    "slip.originals": ("{n:02d} bản chính", "{n:02d} original(s)"),
    "slip.copies": ("{n:02d} bản sao", "{n:02d} copy(ies)"),
    "slip.show_only": ("Xuất trình", "Show it"),
    "slip.unstated": ("Xem tại quầy / trên Cổng DVC", "Ask at the counter / see the portal"),
}


def texts(lang: str) -> dict[str, str]:
    """Every string in ``lang`` ("vi" or "en")."""
    index = _index(lang)
    return {key: pair[index] for key, pair in _STRINGS.items()}


def tr(key: str, lang: str, **values: object) -> str:
    """One string in ``lang``, formatted with ``values`` (a :class:`Phrase` among them in
    the same language); an unknown key shows as itself."""
    pair = _STRINGS.get(key)
    text = pair[_index(lang)] if pair else key
    if not values:
        return text
    said = {k: v.text(lang) if isinstance(v, Phrase) else v for k, v in values.items()}
    return text.format(**said)


def known(key: str) -> bool:
    """True when the table has words for ``key``."""
    return key in _STRINGS


@dataclass(frozen=True)
class Phrase:
    """Something to say, in whichever language the screen shows when it says it."""

    key: str
    values: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        return tr(self.key, lang, **self.values)

    @property
    def vi(self) -> str:
        return self.text("vi")

    @property
    def en(self) -> str:
        return self.text("en")


class Worded:
    """Something that tells people ``words``; ``message_vi`` / ``message_en`` read them."""

    words: Phrase

    @property
    def message_vi(self) -> str:
        return self.words.vi

    @property
    def message_en(self) -> str:
        return self.words.en


def _index(lang: str) -> int:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (known: {', '.join(LANGUAGES)})")
    return 0 if lang == "vi" else 1
