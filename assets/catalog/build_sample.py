"""Regenerate assets/catalog/procedures.json, the sample catalog (run: python build_sample.py).

Each field (lĩnh vực) shares its agency, steps and legal basis; each procedure
adds its own documents, time limits and fees. The JSON is what ships; this
script only keeps the sixty-odd records consistent with one another.
"""

from __future__ import annotations

import json
from pathlib import Path

NOTE = (
    "Dữ liệu mẫu để trình diễn, không phải danh mục chính thức. Mã và tên mười thủ tục nêu "
    "trong yêu cầu (1.001193, 1.000894, 1.000656, 2.000635, 2.000815, 2.000884, 1.004222, "
    "1.004194, 1.001612, 2.000488) theo Cổng Dịch vụ công quốc gia; các mã khác được ghi theo "
    "trí nhớ, chưa đối chiếu. Hãy nhập danh mục của tỉnh (kiosk catalog import) trước khi dùng "
    "thật. / Sample data for demonstration, not the official catalog; codes other than the ten "
    "named in the issue are unverified."
)
IN_PERSON = "Nộp hồ sơ trực tiếp tại Bộ phận Một cửa"
ONE_STOP_XA = "Bộ phận Một cửa của Ủy ban nhân dân cấp xã"

FIELDS = {
    "hotich": dict(
        field="Hộ tịch",
        agency="Ủy ban nhân dân cấp xã",
        steps=[
            "Người yêu cầu nộp hồ sơ tại Bộ phận Một cửa của Ủy ban nhân dân cấp xã hoặc nộp "
            "trực tuyến trên Cổng Dịch vụ công quốc gia.",
            "Công chức tư pháp - hộ tịch kiểm tra hồ sơ; hồ sơ chưa đầy đủ thì hướng dẫn bổ "
            "sung, hoàn thiện ngay.",
            "Công chức tư pháp - hộ tịch ghi vào Sổ hộ tịch, cập nhật Cơ sở dữ liệu hộ tịch điện "
            "tử và trình Chủ tịch Ủy ban nhân dân cấp xã ký.",
            "Trả kết quả tại Bộ phận Một cửa, qua dịch vụ bưu chính hoặc bản điện tử vào tài "
            "khoản định danh điện tử của người yêu cầu.",
        ],
        legal=[
            "Luật Hộ tịch số 60/2014/QH13",
            "Nghị định số 123/2015/NĐ-CP quy định chi tiết Luật Hộ tịch",
            "Thông tư số 04/2020/TT-BTP hướng dẫn Luật Hộ tịch",
            "Thông tư số 85/2019/TT-BTC hướng dẫn về phí và lệ phí thuộc thẩm quyền HĐND cấp tỉnh",
        ],
        post=True,
    ),
    "chungthuc": dict(
        field="Chứng thực",
        agency="Ủy ban nhân dân cấp xã; tổ chức hành nghề công chứng",
        steps=[
            "Người yêu cầu xuất trình giấy tờ tại Bộ phận Một cửa của Ủy ban nhân dân cấp xã.",
            "Người tiếp nhận kiểm tra giấy tờ; giấy tờ thuộc trường hợp không được chứng thực "
            "thì giải thích rõ lý do.",
            "Người có thẩm quyền ký chứng thực, đóng dấu và ghi vào sổ chứng thực.",
            "Trả kết quả ngay cho người yêu cầu.",
        ],
        legal=[
            "Nghị định số 23/2015/NĐ-CP về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản "
            "chính, chứng thực chữ ký và chứng thực hợp đồng, giao dịch",
            "Thông tư số 01/2020/TT-BTP hướng dẫn Nghị định số 23/2015/NĐ-CP",
            "Thông tư số 226/2016/TT-BTC quy định phí chứng thực",
        ],
    ),
    "cutru": dict(
        field="Đăng ký, quản lý cư trú",
        agency="Công an cấp xã",
        steps=[
            "Công dân nộp hồ sơ tại Công an cấp xã nơi cư trú hoặc trực tuyến qua Cổng Dịch vụ "
            "công quốc gia, ứng dụng VNeID.",
            "Cán bộ Công an kiểm tra, cấp Phiếu tiếp nhận hồ sơ và hẹn trả kết quả; hồ sơ chưa "
            "đủ thì hướng dẫn bổ sung.",
            "Công an cấp xã thẩm định, cập nhật thông tin vào Cơ sở dữ liệu về cư trú.",
            "Thông báo kết quả cho công dân bằng văn bản, tin nhắn hoặc qua ứng dụng VNeID.",
        ],
        legal=[
            "Luật Cư trú số 68/2020/QH14",
            "Nghị định số 154/2024/NĐ-CP quy định chi tiết Luật Cư trú",
            "Thông tư số 55/2021/TT-BCA quy định chi tiết Luật Cư trú",
            "Thông tư số 75/2022/TT-BTC quy định lệ phí đăng ký cư trú",
        ],
    ),
    "cancuoc": dict(
        field="Căn cước",
        agency="Công an cấp xã; Phòng Cảnh sát quản lý hành chính về trật tự xã hội Công an "
        "cấp tỉnh",
        levels=["xa", "tinh"],
        steps=[
            "Công dân đến cơ quan quản lý căn cước, được đối chiếu thông tin trong Cơ sở dữ liệu "
            "quốc gia về dân cư.",
            "Thu nhận ảnh khuôn mặt, vân tay, mống mắt và chữ ký; công dân kiểm tra, ký xác nhận "
            "thông tin.",
            "Cấp giấy hẹn trả thẻ căn cước.",
            "Trả thẻ tại nơi làm thủ tục hoặc gửi qua dịch vụ bưu chính đến địa chỉ công dân yêu "
            "cầu.",
        ],
        legal=[
            "Luật Căn cước số 26/2023/QH15",
            "Nghị định số 70/2024/NĐ-CP quy định chi tiết Luật Căn cước",
            "Thông tư số 17/2024/TT-BCA quy định biểu mẫu về căn cước",
            "Thông tư số 73/2024/TT-BTC quy định lệ phí cấp thẻ căn cước",
        ],
        post=True,
    ),
    "hkd": dict(
        field="Thành lập và hoạt động của hộ kinh doanh",
        agency="Phòng Kinh tế thuộc Ủy ban nhân dân cấp xã",
        steps=[
            "Người thành lập hộ kinh doanh hoặc người được ủy quyền nộp hồ sơ tại Bộ phận Một cửa "
            "cấp xã hoặc trên Hệ thống thông tin quốc gia về đăng ký doanh nghiệp.",
            "Cơ quan đăng ký kinh doanh trao Giấy biên nhận và kiểm tra tính hợp lệ của hồ sơ.",
            "Hồ sơ hợp lệ thì cấp kết quả; chưa hợp lệ thì thông báo bằng văn bản nội dung cần "
            "sửa đổi, bổ sung.",
        ],
        legal=[
            "Luật Doanh nghiệp số 59/2020/QH14",
            "Nghị định số 168/2025/NĐ-CP về đăng ký doanh nghiệp",
            "Thông tư số 85/2019/TT-BTC hướng dẫn về phí và lệ phí thuộc thẩm quyền HĐND cấp tỉnh",
        ],
    ),
    "datdai": dict(
        field="Đất đai",
        agency="Văn phòng đăng ký đất đai, Chi nhánh Văn phòng đăng ký đất đai",
        levels=["tinh"],
        steps=[
            "Người sử dụng đất nộp hồ sơ tại Bộ phận Một cửa cấp xã hoặc Chi nhánh Văn phòng đăng "
            "ký đất đai.",
            "Cơ quan tiếp nhận kiểm tra, cấp Giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
            "Văn phòng đăng ký đất đai kiểm tra hồ sơ, trích đo địa chính (nếu cần), xác định "
            "nghĩa vụ tài chính và cập nhật cơ sở dữ liệu đất đai.",
            "Người sử dụng đất nộp nghĩa vụ tài chính (nếu có) và nhận kết quả.",
        ],
        legal=[
            "Luật Đất đai số 31/2024/QH15",
            "Nghị định số 101/2024/NĐ-CP về điều tra cơ bản đất đai, đăng ký, cấp Giấy chứng "
            "nhận quyền sử dụng đất",
            "Nghị định số 151/2025/NĐ-CP về phân định thẩm quyền của chính quyền địa phương 02 "
            "cấp trong lĩnh vực đất đai",
        ],
        post=True,
    ),
    "xaydung": dict(
        field="Hoạt động xây dựng",
        agency="Ủy ban nhân dân cấp xã",
        steps=[
            "Chủ đầu tư nộp hồ sơ tại Bộ phận Một cửa cấp xã hoặc trực tuyến.",
            "Cơ quan cấp phép kiểm tra hồ sơ, thông báo bổ sung trong 05 ngày làm việc nếu chưa "
            "đủ.",
            "Thẩm định hồ sơ, kiểm tra thực địa (nếu cần) và lấy ý kiến cơ quan liên quan.",
            "Cấp giấy phép hoặc trả lời bằng văn bản lý do không cấp.",
        ],
        legal=[
            "Luật Xây dựng số 50/2014/QH13, sửa đổi bởi Luật số 62/2020/QH14",
            "Nghị định số 175/2024/NĐ-CP quy định chi tiết Luật Xây dựng về quản lý hoạt động "
            "xây dựng",
        ],
    ),
    "lltp": dict(
        field="Lý lịch tư pháp",
        agency="Công an cấp tỉnh (cơ quan quản lý cơ sở dữ liệu lý lịch tư pháp)",
        levels=["tinh"],
        steps=[
            "Người yêu cầu nộp Tờ khai và giấy tờ kèm theo trực tiếp, qua bưu chính, trên Cổng "
            "Dịch vụ công quốc gia hoặc ứng dụng VNeID.",
            "Cơ quan tiếp nhận kiểm tra, cấp Phiếu hẹn trả kết quả.",
            "Tra cứu, xác minh thông tin lý lịch tư pháp tại cơ sở dữ liệu và các cơ quan liên "
            "quan.",
            "Cấp Phiếu lý lịch tư pháp (bản giấy hoặc bản điện tử).",
        ],
        legal=[
            "Luật Lý lịch tư pháp số 28/2009/QH12 và các văn bản sửa đổi, bổ sung",
            "Thông tư số 244/2016/TT-BTC quy định phí cung cấp thông tin lý lịch tư pháp",
        ],
        post=True,
    ),
    "btxh": dict(
        field="Bảo trợ xã hội",
        agency="Ủy ban nhân dân cấp xã",
        steps=[
            "Đối tượng hoặc người giám hộ nộp hồ sơ tại Bộ phận Một cửa của Ủy ban nhân dân cấp "
            "xã.",
            "Công chức văn hóa - xã hội kiểm tra, xác minh; Hội đồng xét duyệt (nếu có) xem xét và "
            "niêm yết công khai.",
            "Chủ tịch Ủy ban nhân dân cấp xã quyết định hoặc trả lời bằng văn bản lý do.",
        ],
        legal=[
            "Nghị định số 20/2021/NĐ-CP quy định chính sách trợ giúp xã hội đối với đối tượng "
            "bảo trợ xã hội",
            "Nghị định số 76/2024/NĐ-CP sửa đổi, bổ sung Nghị định số 20/2021/NĐ-CP",
        ],
    ),
    "giamngheo": dict(
        field="Giảm nghèo",
        agency="Ủy ban nhân dân cấp xã",
        steps=[
            "Hộ gia đình nộp Giấy đề nghị tại Bộ phận Một cửa của Ủy ban nhân dân cấp xã.",
            "Rà soát, đánh giá thu nhập và mức độ thiếu hụt dịch vụ xã hội cơ bản của hộ.",
            "Niêm yết công khai kết quả; Chủ tịch Ủy ban nhân dân cấp xã ra quyết định công nhận.",
        ],
        legal=[
            "Nghị định số 07/2021/NĐ-CP quy định chuẩn nghèo đa chiều giai đoạn 2022 - 2025",
            "Quyết định số 24/2021/QĐ-TTg quy định quy trình rà soát hộ nghèo, hộ cận nghèo",
        ],
    ),
    "nguoicocong": dict(
        field="Người có công",
        agency="Sở Nội vụ; Ủy ban nhân dân cấp xã tiếp nhận hồ sơ",
        levels=["xa", "tinh"],
        steps=[
            "Thân nhân hoặc người được ủy quyền nộp hồ sơ tại Bộ phận Một cửa cấp xã.",
            "Ủy ban nhân dân cấp xã xác nhận, chuyển hồ sơ đến Sở Nội vụ.",
            "Sở Nội vụ kiểm tra, ra quyết định và chi trả chế độ.",
        ],
        legal=[
            "Pháp lệnh Ưu đãi người có công với cách mạng số 02/2020/UBTVQH14",
            "Nghị định số 131/2021/NĐ-CP quy định chi tiết và biện pháp thi hành Pháp lệnh",
        ],
    ),
    "vieclam": dict(
        field="Việc làm",
        agency="Trung tâm Dịch vụ việc làm cấp tỉnh",
        levels=["tinh"],
        steps=[
            "Người lao động nộp hồ sơ tại Trung tâm Dịch vụ việc làm hoặc trực tuyến.",
            "Trung tâm kiểm tra hồ sơ, cấp Phiếu hẹn trả kết quả.",
            "Trung tâm trình Giám đốc Sở Nội vụ quyết định; người lao động nhận quyết định và "
            "nhận tiền qua tài khoản hoặc cơ quan bảo hiểm xã hội.",
        ],
        legal=[
            "Luật Việc làm số 38/2013/QH13",
            "Nghị định số 28/2015/NĐ-CP quy định chi tiết Luật Việc làm về bảo hiểm thất nghiệp",
        ],
    ),
    "giaoduc": dict(
        field="Giáo dục và Đào tạo",
        agency="Cơ sở giáo dục; Ủy ban nhân dân cấp xã",
        steps=[
            "Người học hoặc cha mẹ học sinh nộp hồ sơ tại cơ sở giáo dục hoặc Bộ phận Một cửa.",
            "Cơ sở giáo dục kiểm tra hồ sơ, đối chiếu sổ gốc hoặc hồ sơ học tập.",
            "Trả kết quả cho người yêu cầu.",
        ],
        legal=[
            "Luật Giáo dục số 43/2019/QH14",
            "Thông tư số 21/2019/TT-BGDĐT ban hành Quy chế quản lý bằng tốt nghiệp, chứng chỉ",
        ],
    ),
    "connuoi": dict(
        field="Nuôi con nuôi",
        agency="Ủy ban nhân dân cấp xã",
        steps=[
            "Người nhận con nuôi nộp hồ sơ tại Ủy ban nhân dân cấp xã nơi thường trú của người "
            "được giới thiệu làm con nuôi.",
            "Công chức tư pháp - hộ tịch lấy ý kiến của những người liên quan và kiểm tra điều "
            "kiện nuôi con nuôi.",
            "Tổ chức đăng ký và giao nhận con nuôi, ghi vào Sổ đăng ký nuôi con nuôi.",
        ],
        legal=[
            "Luật Nuôi con nuôi số 52/2010/QH12",
            "Nghị định số 19/2011/NĐ-CP quy định chi tiết Luật Nuôi con nuôi",
            "Nghị định số 24/2019/NĐ-CP sửa đổi, bổ sung Nghị định số 19/2011/NĐ-CP",
        ],
    ),
    "hoagiai": dict(
        field="Hòa giải ở cơ sở",
        agency="Ủy ban nhân dân cấp xã",
        steps=[
            "Trưởng ban công tác Mặt trận thôn, tổ dân phố gửi văn bản đề nghị đến Ủy ban nhân "
            "dân cấp xã.",
            "Chủ tịch Ủy ban nhân dân cấp xã xem xét, ra quyết định.",
        ],
        legal=[
            "Luật Hòa giải ở cơ sở số 35/2013/QH13",
            "Nghị định số 15/2014/NĐ-CP quy định chi tiết Luật Hòa giải ở cơ sở",
        ],
    ),
    "nvqs": dict(
        field="Nghĩa vụ quân sự",
        agency="Ban Chỉ huy quân sự cấp xã",
        steps=[
            "Công dân nam đủ 17 tuổi trực tiếp đến Ban Chỉ huy quân sự cấp xã nơi cư trú.",
            "Cán bộ quân sự kiểm tra giấy tờ, hướng dẫn kê khai Phiếu tự khai sức khỏe.",
            "Ghi vào Sổ đăng ký công dân sẵn sàng nhập ngũ và cấp Giấy chứng nhận đăng ký.",
        ],
        legal=[
            "Luật Nghĩa vụ quân sự số 78/2015/QH13",
            "Nghị định số 13/2016/NĐ-CP quy định trình tự, thủ tục đăng ký nghĩa vụ quân sự",
        ],
    ),
    "duongbo": dict(
        field="Đường bộ",
        agency="Phòng Cảnh sát giao thông Công an cấp tỉnh",
        levels=["tinh"],
        steps=[
            "Người đề nghị nộp hồ sơ trực tuyến qua Cổng Dịch vụ công hoặc ứng dụng VNeID, hoặc "
            "trực tiếp tại cơ quan cấp giấy phép lái xe.",
            "Cơ quan tiếp nhận kiểm tra hồ sơ, chụp ảnh và thu lệ phí.",
            "Cấp giấy phép lái xe và trả kết quả trực tiếp hoặc qua dịch vụ bưu chính.",
        ],
        legal=[
            "Luật Trật tự, an toàn giao thông đường bộ số 36/2024/QH15",
            "Thông tư số 35/2024/TT-BCA quy định về đào tạo, sát hạch, cấp giấy phép lái xe",
        ],
        post=True,
    ),
}

CITIZEN = ["Công dân Việt Nam"]
HT_FAST = (
    "Ngay trong ngày tiếp nhận hồ sơ; trường hợp nhận hồ sơ sau 15 giờ mà không giải quyết "
    "được ngay thì trả kết quả trong ngày làm việc tiếp theo"
)
HT_FEE = "Theo mức do Hội đồng nhân dân cấp tỉnh quy định"
CT_FAST = (
    "Trong ngày tiếp nhận hồ sơ; nếu tiếp nhận sau 15 giờ thì trả kết quả trong ngày làm việc "
    "tiếp theo"
)
COPY_FEE = "2.000 đồng/trang; từ trang thứ ba trở lên 1.000 đồng/trang, tối đa 200.000 đồng/bản"
CT01 = ("Tờ khai thay đổi thông tin cư trú (mẫu CT01)", 1, 0)
HOME = ("Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp", 0, 1)
ID = ("Giấy tờ tùy thân có ảnh (thẻ căn cước, hộ chiếu)", 1, 0)
AUTH = ("Văn bản ủy quyền có chứng thực (nếu nộp thay)", 1, 0)
GCN = ("Giấy chứng nhận quyền sử dụng đất đã cấp", 1, 0)
CITIZEN_LAND = ["Hộ gia đình, cá nhân sử dụng đất", "Tổ chức sử dụng đất"]


def P(code, name, fkey, time, fee, docs, result, who=CITIZEN, cond="", online=None, **kw):
    """One procedure record; ``kw`` may override levels, agency, keywords, online_fee."""
    f = FIELDS[fkey]
    ways = [{"kind": "truc_tiep", "time_limit": time, "fee": fee}]
    if online:
        ways.append({"kind": "truc_tuyen", "time_limit": time, "fee": kw.get("online_fee", fee)})
    if f.get("post"):
        ways.append({"kind": "buu_chinh", "time_limit": time, "fee": fee})
    return {
        "code": code,
        "name": name,
        "field": f["field"],
        "levels": kw.get("levels", f.get("levels", ["xa"])),
        "agency": kw.get("agency", f["agency"]),
        "steps": f["steps"],
        "ways": ways,
        "documents": [{"name": n, "originals": o, "copies": c} for n, o, c in docs],
        "applicants": who,
        "conditions": cond,
        "result": result,
        "legal_basis": f["legal"],
        "online_level": online,
        "keywords": kw.get("keywords", []),
    }


PROCEDURES = [
    # Hộ tịch
    P(
        "1.001193",
        "Đăng ký khai sinh",
        "hotich",
        HT_FAST,
        "Miễn lệ phí khi đăng ký đúng hạn; quá hạn theo mức do HĐND cấp tỉnh quy định",
        [
            ("Tờ khai đăng ký khai sinh theo mẫu", 1, 0),
            ("Giấy chứng sinh hoặc văn bản của người làm chứng xác nhận về việc sinh", 1, 0),
            AUTH,
        ],
        "Giấy khai sinh (bản chính) và bản sao Giấy khai sinh nếu có yêu cầu",
        ["Cha, mẹ, ông, bà hoặc người thân thích của trẻ", "Cá nhân, tổ chức đang nuôi dưỡng trẻ"],
        "Trong thời hạn 60 ngày kể từ ngày sinh con, cha hoặc mẹ có trách nhiệm đăng ký khai sinh.",
        "toan_trinh",
        keywords=["trẻ mới sinh", "em bé"],
    ),
    P(
        "1.000894",
        "Đăng ký kết hôn",
        "hotich",
        "Ngay trong ngày tiếp nhận; trường hợp cần xác minh thì không quá 05 ngày làm việc",
        "Miễn lệ phí",
        [
            ("Tờ khai đăng ký kết hôn theo mẫu", 1, 0),
            ("Giấy xác nhận tình trạng hôn nhân (nếu không thường trú tại nơi đăng ký)", 1, 0),
        ],
        "Giấy chứng nhận kết hôn, mỗi bên vợ, chồng 01 bản chính",
        ["Nam, nữ là công dân Việt Nam"],
        "Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi; tự nguyện; không thuộc trường hợp cấm kết hôn. Hai "
        "bên phải có mặt khi nhận Giấy chứng nhận kết hôn.",
        "mot_phan",
        keywords=["vợ chồng"],
    ),
    P(
        "1.000656",
        "Đăng ký khai tử",
        "hotich",
        "Ngay trong ngày tiếp nhận; trường hợp cần xác minh thì không quá 03 ngày làm việc",
        "Miễn lệ phí khi đăng ký đúng hạn",
        [
            ("Tờ khai đăng ký khai tử theo mẫu", 1, 0),
            ("Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử", 1, 0),
        ],
        "Trích lục khai tử (bản chính)",
        ["Vợ, chồng, con, cha, mẹ hoặc người thân thích của người chết"],
        "Trong thời hạn 15 ngày kể từ ngày có người chết.",
        "toan_trinh",
        keywords=["người chết", "qua đời"],
    ),
    P(
        "2.000635",
        "Cấp bản sao Trích lục hộ tịch",
        "hotich",
        HT_FAST,
        "8.000 đồng/bản sao trích lục",
        [("Tờ khai cấp bản sao trích lục hộ tịch theo mẫu", 1, 0), AUTH],
        "Bản sao trích lục hộ tịch (khai sinh, kết hôn, khai tử...)",
        online="toan_trinh",
        keywords=["bản sao giấy khai sinh", "bản sao giấy đăng ký kết hôn"],
    ),
    P(
        "1.004873",
        "Cấp Giấy xác nhận tình trạng hôn nhân",
        "hotich",
        "03 ngày làm việc; trường hợp cần xác minh thì không quá 23 ngày",
        HT_FEE,
        [
            ("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu", 1, 0),
            ("Giấy tờ chứng minh đã ly hôn hoặc người kia đã chết (nếu có)", 0, 1),
        ],
        "Giấy xác nhận tình trạng hôn nhân, có giá trị 06 tháng kể từ ngày cấp",
        online="toan_trinh",
        keywords=["độc thân"],
    ),
    P(
        "1.001022",
        "Đăng ký nhận cha, mẹ, con",
        "hotich",
        "03 ngày làm việc; trường hợp cần xác minh thì không quá 08 ngày làm việc",
        HT_FEE,
        [
            ("Tờ khai đăng ký nhận cha, mẹ, con theo mẫu", 1, 0),
            (
                "Văn bản của cơ quan y tế, giám định hoặc chứng cứ chứng minh quan hệ cha, mẹ, con",
                1,
                0,
            ),
        ],
        "Trích lục đăng ký nhận cha, mẹ, con",
        cond="Bên nhận và bên được nhận phải có mặt; không có tranh chấp.",
        online="mot_phan",
    ),
    P(
        "1.000689",
        "Đăng ký khai sinh kết hợp nhận cha, mẹ, con",
        "hotich",
        "03 ngày làm việc",
        HT_FEE,
        [
            ("Tờ khai đăng ký khai sinh và Tờ khai đăng ký nhận cha, mẹ, con", 1, 0),
            ("Giấy chứng sinh", 1, 0),
            ("Chứng cứ chứng minh quan hệ cha, mẹ, con", 1, 0),
        ],
        "Giấy khai sinh ghi đầy đủ thông tin của cha, mẹ",
        online="mot_phan",
    ),
    P(
        "1.004859",
        "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
        "hotich",
        "03 ngày làm việc; trường hợp cần xác minh thì không quá 06 ngày làm việc",
        HT_FEE,
        [
            ("Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", 1, 0),
            ("Giấy tờ làm căn cứ cho việc thay đổi, cải chính, bổ sung", 0, 1),
        ],
        "Trích lục thay đổi, cải chính, bổ sung thông tin hộ tịch",
        cond="Thay đổi họ, chữ đệm, tên của người dưới 18 tuổi; cải chính khi có sai sót do người "
        "đăng ký hoặc cơ quan đăng ký.",
        online="toan_trinh",
        keywords=["sửa giấy khai sinh", "sai sót giấy khai sinh"],
    ),
    P(
        "1.004884",
        "Đăng ký lại khai sinh",
        "hotich",
        "05 ngày làm việc; trường hợp cần xác minh thì không quá 25 ngày",
        HT_FEE,
        [
            ("Tờ khai đăng ký lại khai sinh theo mẫu", 1, 0),
            ("Bản sao giấy tờ có thông tin về khai sinh đã đăng ký trước đây", 0, 1),
        ],
        "Giấy khai sinh (đăng ký lại)",
        cond="Việc khai sinh đã đăng ký tại cơ quan Việt Nam nhưng Sổ hộ tịch và bản chính giấy tờ "
        "đều bị mất.",
        online="mot_phan",
        keywords=["mất giấy khai sinh"],
    ),
    P(
        "1.004746",
        "Đăng ký lại kết hôn",
        "hotich",
        "05 ngày làm việc; trường hợp cần xác minh thì không quá 10 ngày làm việc",
        HT_FEE,
        [
            ("Tờ khai đăng ký lại kết hôn theo mẫu", 1, 0),
            ("Bản sao giấy tờ có thông tin về việc kết hôn trước đây", 0, 1),
        ],
        "Giấy chứng nhận kết hôn (đăng ký lại)",
        online="mot_phan",
    ),
    P(
        "1.005461",
        "Đăng ký lại khai tử",
        "hotich",
        "05 ngày làm việc; trường hợp cần xác minh thì không quá 10 ngày làm việc",
        HT_FEE,
        [
            ("Tờ khai đăng ký lại khai tử theo mẫu", 1, 0),
            ("Bản sao giấy tờ có thông tin về việc khai tử trước đây", 0, 1),
        ],
        "Trích lục khai tử (đăng ký lại)",
        online="mot_phan",
    ),
    P(
        "1.004837",
        "Đăng ký giám hộ",
        "hotich",
        "03 ngày làm việc",
        HT_FEE,
        [("Tờ khai đăng ký giám hộ theo mẫu", 1, 0), ("Văn bản cử người giám hộ", 1, 0)],
        "Trích lục đăng ký giám hộ",
        online="mot_phan",
    ),
    P(
        "1.004845",
        "Đăng ký chấm dứt giám hộ",
        "hotich",
        "02 ngày làm việc",
        HT_FEE,
        [
            ("Tờ khai đăng ký chấm dứt giám hộ theo mẫu", 1, 0),
            ("Giấy tờ làm căn cứ chấm dứt giám hộ", 0, 1),
        ],
        "Trích lục đăng ký chấm dứt giám hộ",
        online="mot_phan",
    ),
    P(
        "1.000593",
        "Đăng ký khai sinh lưu động",
        "hotich",
        "Trong ngày thực hiện đăng ký lưu động",
        "Miễn lệ phí",
        [("Tờ khai đăng ký khai sinh theo mẫu", 1, 0), ("Giấy chứng sinh", 1, 0)],
        "Giấy khai sinh trao tại nơi đăng ký lưu động",
        cond="Trẻ em sinh ra mà cha mẹ bị khuyết tật, ốm bệnh, đang chấp hành án phạt tù hoặc "
        "vì lý "
        "do khách quan không thể đi đăng ký.",
    ),
    P(
        "1.001695",
        "Đăng ký khai sinh có yếu tố nước ngoài",
        "hotich",
        "03 ngày làm việc",
        HT_FEE,
        [
            ("Tờ khai đăng ký khai sinh theo mẫu", 1, 0),
            ("Giấy chứng sinh", 1, 0),
            (
                "Văn bản thỏa thuận lựa chọn quốc tịch cho con "
                "(nếu cha hoặc mẹ là người nước ngoài)",
                1,
                0,
            ),
        ],
        "Giấy khai sinh",
        online="mot_phan",
        keywords=["con lai", "người nước ngoài"],
    ),
    P(
        "2.000806",
        "Đăng ký kết hôn có yếu tố nước ngoài",
        "hotich",
        "10 ngày làm việc",
        HT_FEE,
        [
            ("Tờ khai đăng ký kết hôn theo mẫu", 1, 0),
            ("Giấy xác nhận của tổ chức y tế về việc không mắc bệnh tâm thần", 1, 0),
            ("Giấy tờ chứng minh tình trạng hôn nhân của người nước ngoài", 1, 0),
            ("Hộ chiếu của người nước ngoài", 0, 1),
        ],
        "Giấy chứng nhận kết hôn",
        online="mot_phan",
        keywords=["lấy chồng nước ngoài"],
    ),
    # Chứng thực
    P(
        "2.000815",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm "
        "quyền của Việt Nam cấp hoặc chứng nhận",
        "chungthuc",
        CT_FAST,
        COPY_FEE,
        [
            ("Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao", 1, 0),
            ("Bản sao cần chứng thực (nếu người yêu cầu tự mang theo)", 0, 1),
        ],
        "Bản sao được chứng thực từ bản chính",
        ["Cá nhân, tổ chức"],
        "Bản chính không bị sửa chữa, tẩy xóa, hư hỏng, cũ nát không xác định được nội dung.",
        "mot_phan",
        keywords=["photo công chứng", "sao y bản chính", "bản sao điện tử"],
    ),
    P(
        "2.000884",
        "Chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cho cả trường hợp chứng "
        "thực điểm chỉ và trường hợp người yêu cầu chứng thực không thể ký, không thể điểm chỉ "
        "được)",
        "chungthuc",
        CT_FAST,
        "10.000 đồng/trường hợp",
        [ID, ("Giấy tờ, văn bản mà mình sẽ ký", 1, 0)],
        "Giấy tờ, văn bản đã được chứng thực chữ ký",
        ["Cá nhân"],
        "Người yêu cầu phải ký trước mặt người thực hiện chứng thực.",
        keywords=["điểm chỉ", "ký tên"],
    ),
    P(
        "2.001035",
        "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng "
        "đất và nhà ở",
        "chungthuc",
        "Trong ngày tiếp nhận hoặc không quá 02 ngày làm việc",
        "50.000 đồng/hợp đồng, giao dịch",
        [
            ("Dự thảo hợp đồng, giao dịch", 1, 0),
            ("Bản sao giấy tờ tùy thân của người yêu cầu", 0, 1),
            ("Bản sao Giấy chứng nhận quyền sử dụng đất hoặc giấy tờ về tài sản", 0, 1),
        ],
        "Hợp đồng, giao dịch được chứng thực",
        ["Cá nhân, tổ chức"],
        "Các bên phải ký trước mặt người thực hiện chứng thực.",
        keywords=["mua bán đất", "tặng cho nhà", "hợp đồng chuyển nhượng"],
    ),
    P(
        "2.001016",
        "Chứng thực văn bản khai nhận di sản mà di sản là động sản, quyền sử dụng đất, nhà ở",
        "chungthuc",
        "02 ngày làm việc",
        "50.000 đồng/văn bản",
        [
            ("Dự thảo văn bản khai nhận di sản", 1, 0),
            (
                "Bản sao giấy tờ chứng minh quyền sở hữu, quyền sử dụng của người để lại di sản",
                0,
                1,
            ),
            ("Giấy tờ chứng minh quan hệ giữa người để lại di sản và người được hưởng", 0, 1),
        ],
        "Văn bản khai nhận di sản được chứng thực",
        keywords=["thừa kế"],
    ),
    P(
        "2.001008",
        "Chứng thực văn bản thỏa thuận phân chia di sản mà di sản là động sản, quyền sử "
        "dụng đất, nhà ở",
        "chungthuc",
        "02 ngày làm việc",
        "50.000 đồng/văn bản",
        [
            ("Dự thảo văn bản thỏa thuận phân chia di sản", 1, 0),
            ("Bản sao giấy chứng tử hoặc trích lục khai tử của người để lại di sản", 0, 1),
        ],
        "Văn bản thỏa thuận phân chia di sản được chứng thực",
        keywords=["thừa kế", "chia đất"],
    ),
    P(
        "2.001019",
        "Chứng thực di chúc",
        "chungthuc",
        CT_FAST,
        "50.000 đồng/di chúc",
        [
            ("Dự thảo di chúc", 1, 0),
            ID,
            ("Bản sao giấy tờ chứng minh quyền sở hữu tài sản trong di chúc", 0, 1),
        ],
        "Di chúc được chứng thực",
        ["Cá nhân"],
        "Người lập di chúc phải tự mình yêu cầu chứng thực, không ủy quyền.",
        keywords=["để lại tài sản"],
    ),
    P(
        "2.000942",
        "Cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực",
        "chungthuc",
        CT_FAST,
        COPY_FEE,
        [ID, ("Giấy tờ chứng minh là bên tham gia hợp đồng, giao dịch", 0, 1)],
        "Bản sao có chứng thực của hợp đồng, giao dịch",
    ),
    # Cư trú
    P(
        "1.004222",
        "Đăng ký thường trú",
        "cutru",
        "07 ngày làm việc",
        "20.000 đồng (nộp trực tuyến 10.000 đồng)",
        [
            CT01,
            HOME,
            ("Giấy tờ chứng minh quan hệ nhân thân (nếu nhập vào chỗ ở của người thân)", 0, 1),
        ],
        "Thông tin thường trú được cập nhật vào Cơ sở dữ liệu về cư trú",
        cond="Có chỗ ở hợp pháp; được chủ hộ, chủ sở hữu chỗ ở đồng ý (nếu không phải chỗ ở của "
        "mình).",
        online="toan_trinh",
        online_fee="10.000 đồng",
        keywords=["nhập khẩu", "chuyển khẩu", "sổ hộ khẩu"],
    ),
    P(
        "1.004194",
        "Đăng ký tạm trú",
        "cutru",
        "03 ngày làm việc",
        "15.000 đồng (nộp trực tuyến 7.000 đồng)",
        [CT01, HOME],
        "Thông tin tạm trú được cập nhật vào Cơ sở dữ liệu về cư trú",
        cond="Đến sinh sống tại chỗ ở hợp pháp ngoài phạm vi xã nơi thường trú từ 30 ngày trở lên.",
        online="toan_trinh",
        online_fee="7.000 đồng",
        keywords=["thuê trọ", "sổ tạm trú"],
    ),
    P(
        "1.004206",
        "Xóa đăng ký thường trú",
        "cutru",
        "01 ngày làm việc",
        "Không",
        [CT01, ("Giấy tờ, tài liệu chứng minh thuộc trường hợp xóa đăng ký thường trú", 0, 1)],
        "Thông tin thường trú được xóa trong Cơ sở dữ liệu về cư trú",
        online="toan_trinh",
        keywords=["cắt khẩu"],
    ),
    P(
        "1.004227",
        "Tách hộ",
        "cutru",
        "03 ngày làm việc",
        "Không",
        [CT01, ("Ý kiến đồng ý của chủ hộ, chủ sở hữu chỗ ở hợp pháp", 1, 0)],
        "Thông tin hộ mới được cập nhật vào Cơ sở dữ liệu về cư trú",
        cond="Người tách hộ có năng lực hành vi dân sự đầy đủ và cùng thường trú tại một chỗ ở "
        "hợp pháp.",
        online="toan_trinh",
        keywords=["tách khẩu"],
    ),
    P(
        "1.004233",
        "Gia hạn tạm trú",
        "cutru",
        "03 ngày làm việc",
        "15.000 đồng (nộp trực tuyến 7.000 đồng)",
        [CT01],
        "Thời hạn tạm trú được gia hạn trong Cơ sở dữ liệu về cư trú",
        online="toan_trinh",
    ),
    P(
        "1.004258",
        "Xác nhận thông tin về cư trú",
        "cutru",
        "Không quá 03 ngày làm việc",
        "Không",
        [CT01],
        "Giấy xác nhận thông tin về cư trú (giá trị 01 năm hoặc 30 ngày)",
        online="toan_trinh",
        keywords=["giấy xác nhận cư trú", "CT07"],
    ),
    P(
        "1.010054",
        "Khai báo tạm vắng",
        "cutru",
        "01 ngày làm việc",
        "Không",
        [("Đề nghị khai báo tạm vắng", 1, 0)],
        "Thông tin tạm vắng được cập nhật vào Cơ sở dữ liệu về cư trú",
        online="toan_trinh",
        keywords=["đi làm xa"],
    ),
]

PROCEDURES += [
    # Căn cước
    P(
        "1.012856",
        "Cấp thẻ căn cước cho công dân Việt Nam từ đủ 14 tuổi trở lên",
        "cancuoc",
        "07 ngày làm việc",
        "Miễn lệ phí khi cấp lần đầu",
        [("Tờ khai căn cước (mẫu CC01) nếu thông tin cần điều chỉnh", 1, 0)],
        "Thẻ căn cước",
        cond="Công dân trực tiếp có mặt để thu nhận sinh trắc học.",
        keywords=["căn cước công dân", "CCCD", "chứng minh nhân dân", "CMND"],
    ),
    P(
        "1.012857",
        "Cấp thẻ căn cước cho công dân Việt Nam dưới 14 tuổi",
        "cancuoc",
        "07 ngày làm việc",
        "Miễn lệ phí khi cấp lần đầu",
        [("Tờ khai căn cước (mẫu CC01) do cha, mẹ hoặc người giám hộ kê khai", 1, 0)],
        "Thẻ căn cước",
        ["Công dân Việt Nam dưới 14 tuổi thông qua người đại diện hợp pháp"],
        online="toan_trinh",
        keywords=["căn cước cho trẻ em", "căn cước cho con"],
    ),
    P(
        "1.012858",
        "Cấp đổi thẻ căn cước",
        "cancuoc",
        "07 ngày làm việc",
        "30.000 đồng (nộp trực tuyến 15.000 đồng)",
        [("Thẻ căn cước hoặc thẻ căn cước công dân đang sử dụng", 1, 0)],
        "Thẻ căn cước mới",
        cond="Công dân đủ 25, 40, 60 tuổi; thẻ hư hỏng; thay đổi thông tin nhân thân, đặc điểm "
        "nhận dạng.",
        online="mot_phan",
        online_fee="15.000 đồng",
        keywords=["đổi căn cước công dân", "CCCD hết hạn"],
    ),
    P(
        "1.012859",
        "Cấp lại thẻ căn cước",
        "cancuoc",
        "07 ngày làm việc",
        "50.000 đồng (nộp trực tuyến 25.000 đồng)",
        [],
        "Thẻ căn cước được cấp lại",
        cond="Thẻ căn cước bị mất hoặc công dân được trở lại quốc tịch Việt Nam.",
        online="mot_phan",
        online_fee="25.000 đồng",
        keywords=["mất CCCD", "mất căn cước công dân"],
    ),
    P(
        "1.012864",
        "Cấp tài khoản định danh điện tử mức độ 2 cho công dân Việt Nam",
        "cancuoc",
        "03 ngày làm việc",
        "Không",
        [("Tờ khai đề nghị cấp tài khoản định danh điện tử (mẫu DD01)", 1, 0)],
        "Tài khoản định danh điện tử mức độ 2 kích hoạt trên ứng dụng VNeID",
        keywords=["VNeID", "kích hoạt định danh"],
    ),
    # Hộ kinh doanh
    P(
        "1.001612",
        "Đăng ký thành lập hộ kinh doanh",
        "hkd",
        "03 ngày làm việc",
        "Theo mức do HĐND cấp tỉnh quy định; miễn khi nộp trực tuyến",
        [
            ("Giấy đề nghị đăng ký hộ kinh doanh", 1, 0),
            (
                "Bản sao biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh "
                "(nếu có)",
                0,
                1,
            ),
            AUTH,
        ],
        "Giấy chứng nhận đăng ký hộ kinh doanh",
        ["Cá nhân, thành viên hộ gia đình là công dân Việt Nam có năng lực hành vi dân sự đầy đủ"],
        "Tên hộ kinh doanh không trùng với hộ kinh doanh khác trong phạm vi cấp xã; ngành nghề "
        "không bị cấm kinh doanh.",
        "toan_trinh",
        online_fee="Miễn lệ phí",
        keywords=["mở quán ăn", "bán hàng", "giấy phép kinh doanh"],
    ),
    P(
        "2.000720",
        "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
        "hkd",
        "03 ngày làm việc",
        "Theo mức do HĐND cấp tỉnh quy định",
        [
            ("Thông báo thay đổi nội dung đăng ký hộ kinh doanh", 1, 0),
            ("Giấy chứng nhận đăng ký hộ kinh doanh đã cấp", 1, 0),
        ],
        "Giấy chứng nhận đăng ký hộ kinh doanh (thay đổi)",
        online="toan_trinh",
        keywords=["đổi địa điểm kinh doanh", "thêm ngành nghề"],
    ),
    P(
        "1.001266",
        "Tạm ngừng hoạt động, tiếp tục kinh doanh trước thời hạn đã thông báo của hộ kinh doanh",
        "hkd",
        "03 ngày làm việc",
        "Không",
        [("Thông báo về việc tạm ngừng hoặc tiếp tục kinh doanh", 1, 0)],
        "Giấy xác nhận về việc hộ kinh doanh tạm ngừng hoặc tiếp tục kinh doanh",
        online="toan_trinh",
        keywords=["nghỉ kinh doanh"],
    ),
    P(
        "1.001570",
        "Chấm dứt hoạt động hộ kinh doanh",
        "hkd",
        "03 ngày làm việc",
        "Không",
        [
            ("Thông báo về việc chấm dứt hoạt động hộ kinh doanh", 1, 0),
            ("Thông báo của cơ quan thuế về việc hoàn thành nghĩa vụ thuế", 0, 1),
        ],
        "Thông báo về việc chấm dứt hoạt động hộ kinh doanh",
        online="toan_trinh",
        keywords=["đóng cửa", "giải thể hộ kinh doanh"],
    ),
    P(
        "2.000575",
        "Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh",
        "hkd",
        "03 ngày làm việc",
        "Theo mức do HĐND cấp tỉnh quy định",
        [("Giấy đề nghị cấp lại Giấy chứng nhận đăng ký hộ kinh doanh", 1, 0)],
        "Giấy chứng nhận đăng ký hộ kinh doanh (cấp lại)",
        online="toan_trinh",
        keywords=["mất giấy phép kinh doanh"],
    ),
    # Đất đai
    P(
        "1.012756",
        "Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng "
        "đất, quyền sở hữu tài sản gắn liền với đất lần đầu",
        "datdai",
        "Không quá 20 ngày làm việc",
        "Lệ phí cấp Giấy chứng nhận theo mức do HĐND cấp tỉnh quy định",
        [
            ("Đơn đăng ký đất đai, tài sản gắn liền với đất (mẫu 04/ĐK)", 1, 0),
            ("Giấy tờ về quyền sử dụng đất (nếu có)", 0, 1),
            ("Chứng từ thực hiện nghĩa vụ tài chính (nếu có)", 0, 1),
        ],
        "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
        CITIZEN_LAND,
        levels=["xa", "tinh"],
        agency="Ủy ban nhân dân cấp xã; Văn phòng đăng ký đất đai",
        keywords=["sổ đỏ lần đầu", "cấp sổ"],
    ),
    P(
        "1.012770",
        "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do "
        "chuyển nhượng, tặng cho, thừa kế",
        "datdai",
        "Không quá 08 ngày làm việc",
        "Lệ phí trước bạ, thuế thu nhập cá nhân và lệ phí theo quy định",
        [
            ("Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (mẫu 11/ĐK)", 1, 0),
            GCN,
            (
                "Hợp đồng, văn bản chuyển nhượng, tặng cho, thừa kế đã công chứng hoặc chứng thực",
                1,
                0,
            ),
        ],
        "Giấy chứng nhận đã xác nhận biến động hoặc Giấy chứng nhận mới",
        CITIZEN_LAND,
        online="mot_phan",
        keywords=["sang tên", "mua bán đất", "tặng cho đất"],
    ),
    P(
        "1.012773",
        "Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
        "datdai",
        "Không quá 07 ngày làm việc",
        "Theo mức do HĐND cấp tỉnh quy định",
        [("Đơn đăng ký biến động đất đai (mẫu 11/ĐK)", 1, 0), GCN],
        "Giấy chứng nhận quyền sử dụng đất mới",
        CITIZEN_LAND,
        online="mot_phan",
        keywords=["đổi sổ đỏ", "sổ đỏ rách"],
    ),
    P(
        "1.012776",
        "Cấp lại Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với "
        "đất do bị mất",
        "datdai",
        "Không quá 10 ngày làm việc kể từ ngày hết thời gian niêm yết",
        "Theo mức do HĐND cấp tỉnh quy định",
        [
            ("Đơn đăng ký biến động đất đai (mẫu 11/ĐK)", 1, 0),
            (
                "Giấy xác nhận của Công an cấp xã về việc mất giấy tờ "
                "(nếu do thiên tai, hỏa hoạn thì "
                "xác nhận của UBND cấp xã)",
                1,
                0,
            ),
        ],
        "Giấy chứng nhận quyền sử dụng đất được cấp lại",
        CITIZEN_LAND,
        keywords=["mất sổ đỏ"],
    ),
    P(
        "1.012782",
        "Tách thửa hoặc hợp thửa đất",
        "datdai",
        "Không quá 15 ngày làm việc",
        "Theo mức do HĐND cấp tỉnh quy định",
        [
            ("Đơn đề nghị tách thửa đất, hợp thửa đất (mẫu 01/ĐK)", 1, 0),
            GCN,
            ("Bản vẽ tách thửa đất, hợp thửa đất", 1, 0),
        ],
        "Giấy chứng nhận cho các thửa đất mới",
        CITIZEN_LAND,
        cond="Thửa đất mới đáp ứng diện tích tối thiểu do UBND cấp tỉnh quy định; có lối đi.",
        keywords=["chia đất", "tách sổ đỏ"],
    ),
    P(
        "1.012761",
        "Chuyển mục đích sử dụng đất phải được phép của cơ quan nhà nước có thẩm quyền "
        "đối với hộ gia đình, cá nhân",
        "datdai",
        "Không quá 15 ngày làm việc",
        "Tiền sử dụng đất và lệ phí theo quy định",
        [("Đơn xin chuyển mục đích sử dụng đất (mẫu 02c)", 1, 0), GCN],
        "Quyết định cho phép chuyển mục đích sử dụng đất",
        ["Hộ gia đình, cá nhân sử dụng đất"],
        levels=["xa"],
        agency="Ủy ban nhân dân cấp xã",
        keywords=["lên thổ cư", "chuyển đất vườn sang đất ở"],
    ),
    P(
        "1.012790",
        "Hòa giải tranh chấp đất đai",
        "datdai",
        "Không quá 30 ngày",
        "Không",
        [
            ("Đơn yêu cầu hòa giải tranh chấp đất đai", 1, 0),
            ("Giấy tờ, tài liệu liên quan đến thửa đất tranh chấp", 0, 1),
        ],
        "Biên bản hòa giải thành hoặc hòa giải không thành",
        ["Các bên tranh chấp đất đai"],
        levels=["xa"],
        agency="Ủy ban nhân dân cấp xã",
        keywords=["lấn chiếm đất", "ranh giới đất"],
    ),
    P(
        "1.012795",
        "Cung cấp thông tin, dữ liệu đất đai",
        "datdai",
        "Trong ngày hoặc không quá 03 ngày làm việc",
        "Phí khai thác dữ liệu theo quy định",
        [("Phiếu yêu cầu cung cấp thông tin, dữ liệu đất đai (mẫu 01/PYC)", 1, 0)],
        "Thông tin, dữ liệu đất đai theo yêu cầu",
        ["Cá nhân, tổ chức"],
        online="toan_trinh",
        keywords=["kiểm tra quy hoạch", "tra cứu thửa đất"],
    ),
    # Xây dựng
    P(
        "1.009995",
        "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        "xaydung",
        "Không quá 15 ngày",
        "Theo mức do HĐND cấp tỉnh quy định",
        [
            ("Đơn đề nghị cấp giấy phép xây dựng (mẫu 01)", 1, 0),
            ("Bản sao giấy tờ chứng minh quyền sử dụng đất", 0, 1),
            ("02 bộ bản vẽ thiết kế xây dựng", 2, 0),
        ],
        "Giấy phép xây dựng",
        ["Hộ gia đình, cá nhân"],
        online="toan_trinh",
        keywords=["giấy phép xây nhà", "làm nhà"],
    ),
    P(
        "1.009996",
        "Cấp giấy phép sửa chữa, cải tạo đối với nhà ở riêng lẻ",
        "xaydung",
        "Không quá 15 ngày",
        "Theo mức do HĐND cấp tỉnh quy định",
        [
            ("Đơn đề nghị cấp giấy phép sửa chữa, cải tạo", 1, 0),
            ("Bản sao giấy tờ chứng minh quyền sở hữu nhà", 0, 1),
            ("Ảnh chụp hiện trạng công trình", 1, 0),
        ],
        "Giấy phép sửa chữa, cải tạo",
        ["Hộ gia đình, cá nhân"],
        online="toan_trinh",
        keywords=["nâng tầng", "sửa chữa nhà"],
    ),
    P(
        "1.009998",
        "Gia hạn giấy phép xây dựng đối với nhà ở riêng lẻ",
        "xaydung",
        "Không quá 05 ngày làm việc",
        "Theo mức do HĐND cấp tỉnh quy định",
        [
            ("Đơn đề nghị gia hạn giấy phép xây dựng", 1, 0),
            ("Giấy phép xây dựng đã được cấp", 1, 0),
        ],
        "Giấy phép xây dựng được gia hạn",
        ["Hộ gia đình, cá nhân"],
        online="toan_trinh",
    ),
    P(
        "1.010000",
        "Cấp lại giấy phép xây dựng đối với nhà ở riêng lẻ",
        "xaydung",
        "Không quá 05 ngày làm việc",
        "Theo mức do HĐND cấp tỉnh quy định",
        [("Đơn đề nghị cấp lại giấy phép xây dựng", 1, 0)],
        "Giấy phép xây dựng được cấp lại",
        ["Hộ gia đình, cá nhân"],
        online="toan_trinh",
    ),
]

PROCEDURES += [
    # Lý lịch tư pháp
    P(
        "2.000488",
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú "
        "tại Việt Nam",
        "lltp",
        "Không quá 10 ngày; trường hợp phải xác minh không quá 15 ngày",
        "200.000 đồng/lần; sinh viên, người có công với cách mạng 100.000 đồng/lần",
        [
            ("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (mẫu 03/2013/TT-LLTP)", 1, 0),
            ("Bản chụp giấy tờ tùy thân", 0, 1),
        ],
        "Phiếu lý lịch tư pháp số 1 hoặc số 2",
        ["Công dân Việt Nam", "Người nước ngoài đã hoặc đang cư trú tại Việt Nam"],
        online="toan_trinh",
        online_fee="Giảm 50% khi nộp trực tuyến qua VNeID",
        keywords=["lý lịch", "xác nhận không tiền án"],
    ),
    P(
        "2.000505",
        "Cấp Phiếu lý lịch tư pháp cho cơ quan tiến hành tố tụng",
        "lltp",
        "Không quá 10 ngày",
        "Không",
        [("Văn bản yêu cầu của cơ quan tiến hành tố tụng", 1, 0)],
        "Phiếu lý lịch tư pháp số 2",
        ["Cơ quan tiến hành tố tụng"],
    ),
    # Bảo trợ xã hội
    P(
        "1.001776",
        "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng, hỗ trợ kinh phí "
        "chăm sóc, nuôi dưỡng hàng tháng",
        "btxh",
        "Không quá 22 ngày làm việc",
        "Không",
        [
            ("Tờ khai đề nghị trợ giúp xã hội (mẫu 1a, 1b, 1c, 1d)", 1, 0),
            ("Giấy xác nhận khuyết tật (nếu có)", 0, 1),
        ],
        "Quyết định trợ cấp xã hội hàng tháng",
        [
            "Người cao tuổi, người khuyết tật, trẻ em có hoàn cảnh đặc biệt và đối tượng bảo trợ "
            "xã hội khác"
        ],
        online="mot_phan",
        keywords=["người già", "trợ cấp 80 tuổi"],
    ),
    P(
        "1.001758",
        "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội",
        "btxh",
        "Không quá 05 ngày làm việc",
        "Không",
        [
            ("Tờ khai đề nghị hỗ trợ chi phí mai táng (mẫu 04)", 1, 0),
            ("Bản sao giấy chứng tử hoặc trích lục khai tử", 0, 1),
        ],
        "Quyết định hỗ trợ chi phí mai táng",
        ["Cơ quan, tổ chức, gia đình hoặc cá nhân tổ chức mai táng cho đối tượng"],
        keywords=["ma chay", "tang lễ"],
    ),
    P(
        "1.001699",
        "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật",
        "btxh",
        "Không quá 30 ngày",
        "Không",
        [
            ("Đơn đề nghị xác định, xác định lại mức độ khuyết tật", 1, 0),
            ("Bản sao các giấy tờ liên quan đến khuyết tật (nếu có)", 0, 1),
        ],
        "Giấy xác nhận khuyết tật",
        ["Người khuyết tật hoặc người đại diện hợp pháp"],
        online="mot_phan",
        keywords=["tàn tật", "người khuyết tật"],
    ),
    P(
        "1.001653",
        "Đổi, cấp lại Giấy xác nhận khuyết tật",
        "btxh",
        "Không quá 05 ngày làm việc",
        "Không",
        [("Đơn đề nghị đổi, cấp lại Giấy xác nhận khuyết tật", 1, 0)],
        "Giấy xác nhận khuyết tật",
        ["Người khuyết tật hoặc người đại diện hợp pháp"],
        online="mot_phan",
    ),
    P(
        "2.000286",
        "Trợ giúp xã hội khẩn cấp về hỗ trợ làm nhà ở, sửa chữa nhà ở",
        "btxh",
        "Không quá 10 ngày làm việc",
        "Không",
        [("Tờ khai đề nghị hỗ trợ về nhà ở (mẫu 06)", 1, 0)],
        "Quyết định hỗ trợ làm nhà ở, sửa chữa nhà ở",
        ["Hộ gia đình có nhà ở bị đổ, sập, trôi, cháy hoàn toàn hoặc hư hỏng nặng do thiên tai"],
        keywords=["bão lũ", "nhà bị sập", "hỏa hoạn"],
    ),
    # Giảm nghèo
    P(
        "1.000489",
        "Công nhận hộ nghèo, hộ cận nghèo phát sinh trong năm",
        "giamngheo",
        "Không quá 15 ngày làm việc",
        "Không",
        [("Giấy đề nghị xét duyệt hộ nghèo, hộ cận nghèo (Phụ lục 1a)", 1, 0)],
        "Giấy chứng nhận hộ nghèo, hộ cận nghèo",
        ["Hộ gia đình"],
        keywords=["sổ hộ nghèo"],
    ),
    P(
        "1.000464",
        "Công nhận hộ thoát nghèo, hộ thoát cận nghèo trong năm",
        "giamngheo",
        "Không quá 15 ngày làm việc",
        "Không",
        [("Giấy đề nghị công nhận hộ thoát nghèo, hộ thoát cận nghèo (Phụ lục 1b)", 1, 0)],
        "Quyết định công nhận hộ thoát nghèo, hộ thoát cận nghèo",
        ["Hộ gia đình"],
    ),
    P(
        "1.000462",
        "Công nhận hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức "
        "sống trung bình",
        "giamngheo",
        "Không quá 15 ngày làm việc",
        "Không",
        [("Giấy đề nghị xét duyệt hộ có mức sống trung bình (Phụ lục 1c)", 1, 0)],
        "Giấy chứng nhận hộ có mức sống trung bình",
        ["Hộ gia đình"],
        keywords=["bảo hiểm y tế hộ trung bình"],
    ),
    # Người có công
    P(
        "1.010823",
        "Cấp giấy giới thiệu đi thăm viếng mộ liệt sĩ và hỗ trợ thăm viếng mộ liệt sĩ",
        "nguoicocong",
        "Không quá 05 ngày làm việc",
        "Không",
        [("Đơn đề nghị cấp giấy giới thiệu thăm viếng mộ liệt sĩ (mẫu 38)", 1, 0)],
        "Giấy giới thiệu thăm viếng mộ liệt sĩ và tiền hỗ trợ",
        ["Thân nhân liệt sĩ hoặc người thờ cúng liệt sĩ"],
        online="mot_phan",
        keywords=["thăm mộ liệt sĩ"],
    ),
    P(
        "1.010824",
        "Hưởng trợ cấp mai táng phí, trợ cấp một lần khi người có công với cách mạng từ trần",
        "nguoicocong",
        "Không quá 12 ngày làm việc",
        "Không",
        [
            ("Bản khai của thân nhân (mẫu 12)", 1, 0),
            ("Bản sao trích lục khai tử hoặc giấy báo tử", 0, 1),
        ],
        "Quyết định trợ cấp mai táng phí, trợ cấp một lần",
        ["Thân nhân hoặc người tổ chức mai táng người có công"],
        keywords=["thương binh mất"],
    ),
    P(
        "1.010826",
        "Giải quyết chế độ trợ cấp thờ cúng liệt sĩ",
        "nguoicocong",
        "Không quá 12 ngày làm việc",
        "Không",
        [
            ("Bản khai đề nghị trợ cấp thờ cúng liệt sĩ (mẫu 06)", 1, 0),
            ("Biên bản ủy quyền thờ cúng liệt sĩ (nếu có)", 1, 0),
        ],
        "Quyết định trợ cấp thờ cúng liệt sĩ",
        ["Người thờ cúng liệt sĩ"],
    ),
    # Việc làm
    P(
        "1.001978",
        "Giải quyết hưởng trợ cấp thất nghiệp",
        "vieclam",
        "Không quá 20 ngày làm việc",
        "Không",
        [
            ("Đề nghị hưởng trợ cấp thất nghiệp (mẫu 03)", 1, 0),
            (
                "Bản chính hoặc bản sao chứng thực quyết định thôi việc, "
                "hợp đồng lao động đã hết hạn",
                0,
                1,
            ),
            ("Sổ bảo hiểm xã hội", 1, 0),
        ],
        "Quyết định hưởng trợ cấp thất nghiệp",
        ["Người lao động đã đóng bảo hiểm thất nghiệp từ đủ 12 tháng trong 24 tháng"],
        "Nộp hồ sơ trong 03 tháng kể từ ngày chấm dứt hợp đồng lao động.",
        "toan_trinh",
        keywords=["nghỉ việc", "mất việc", "bảo hiểm thất nghiệp"],
    ),
    P(
        "1.001973",
        "Chuyển nơi hưởng trợ cấp thất nghiệp",
        "vieclam",
        "03 ngày làm việc",
        "Không",
        [("Đề nghị chuyển nơi hưởng trợ cấp thất nghiệp (mẫu 10)", 1, 0)],
        "Giấy giới thiệu chuyển nơi hưởng trợ cấp thất nghiệp",
        ["Người lao động đang hưởng trợ cấp thất nghiệp"],
        online="toan_trinh",
    ),
    # Giáo dục
    P(
        "1.005097",
        "Chuyển trường đối với học sinh trung học cơ sở",
        "giaoduc",
        "03 ngày làm việc",
        "Không",
        [
            ("Đơn xin chuyển trường do cha mẹ học sinh ký", 1, 0),
            ("Học bạ (bản chính)", 1, 0),
            ("Giấy giới thiệu chuyển trường", 1, 0),
        ],
        "Học sinh được tiếp nhận vào trường mới",
        ["Học sinh trung học cơ sở"],
        keywords=["chuyển trường cấp 2", "học sinh lớp 6, 7, 8, 9"],
    ),
    P(
        "1.005098",
        "Chuyển trường đối với học sinh tiểu học",
        "giaoduc",
        "03 ngày làm việc",
        "Không",
        [("Đơn xin chuyển trường do cha mẹ học sinh ký", 1, 0), ("Học bạ (bản chính)", 1, 0)],
        "Học sinh được tiếp nhận vào trường mới",
        ["Học sinh tiểu học"],
        keywords=["chuyển trường cấp 1"],
    ),
    P(
        "2.001914",
        "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
        "giaoduc",
        "Trong ngày hoặc không quá 03 ngày làm việc",
        "Theo quy định của cơ sở giáo dục",
        [("Đơn đề nghị cấp bản sao văn bằng, chứng chỉ từ sổ gốc", 1, 0), ID],
        "Bản sao văn bằng, chứng chỉ từ sổ gốc",
        ["Người được cấp bản chính văn bằng, chứng chỉ"],
        levels=["xa", "tinh"],
        online="toan_trinh",
        keywords=["bằng tốt nghiệp", "mất bằng"],
    ),
    P(
        "3.000182",
        "Chỉnh sửa nội dung văn bằng, chứng chỉ",
        "giaoduc",
        "05 ngày làm việc",
        "Không",
        [
            ("Đơn đề nghị chỉnh sửa nội dung văn bằng, chứng chỉ", 1, 0),
            ("Văn bằng, chứng chỉ đề nghị chỉnh sửa", 1, 0),
            ("Trích lục hoặc quyết định thay đổi, cải chính hộ tịch", 0, 1),
        ],
        "Quyết định chỉnh sửa văn bằng, chứng chỉ",
        ["Người được cấp văn bằng, chứng chỉ"],
        levels=["tinh"],
        agency="Sở Giáo dục và Đào tạo",
        keywords=["sai tên trên bằng"],
    ),
    # Nuôi con nuôi
    P(
        "1.003005",
        "Đăng ký việc nuôi con nuôi trong nước",
        "connuoi",
        "Không quá 30 ngày",
        "400.000 đồng/trường hợp",
        [
            ("Đơn xin nhận con nuôi (mẫu TP/CN-2014/CN.01)", 1, 0),
            ("Phiếu lý lịch tư pháp của người nhận con nuôi", 1, 0),
            ("Giấy khai sinh của người được nhận làm con nuôi", 0, 1),
            ("Giấy khám sức khỏe của người được nhận làm con nuôi", 1, 0),
        ],
        "Giấy chứng nhận nuôi con nuôi",
        ["Công dân Việt Nam thường trú ở trong nước"],
        "Người nhận con nuôi hơn con nuôi từ 20 tuổi trở lên; có điều kiện sức khỏe, kinh tế, chỗ "
        "ở bảo đảm việc chăm sóc, nuôi dưỡng.",
        keywords=["xin con nuôi"],
    ),
    P(
        "1.003976",
        "Đăng ký lại việc nuôi con nuôi trong nước",
        "connuoi",
        "05 ngày làm việc",
        "Không",
        [
            ("Tờ khai đăng ký lại việc nuôi con nuôi", 1, 0),
            ("Bản sao giấy tờ liên quan đến việc nuôi con nuôi trước đây", 0, 1),
        ],
        "Giấy chứng nhận nuôi con nuôi (đăng ký lại)",
    ),
    # Hòa giải ở cơ sở
    P(
        "2.000930",
        "Công nhận hòa giải viên",
        "hoagiai",
        "03 ngày làm việc",
        "Không",
        [("Văn bản đề nghị công nhận hòa giải viên kèm biên bản bầu", 1, 0)],
        "Quyết định công nhận hòa giải viên",
        ["Trưởng ban công tác Mặt trận thôn, tổ dân phố"],
    ),
    P(
        "2.000931",
        "Thôi làm hòa giải viên",
        "hoagiai",
        "03 ngày làm việc",
        "Không",
        [("Văn bản đề nghị thôi làm hòa giải viên", 1, 0)],
        "Quyết định thôi làm hòa giải viên",
        ["Trưởng ban công tác Mặt trận thôn, tổ dân phố"],
    ),
    # Nghĩa vụ quân sự
    P(
        "1.001509",
        "Đăng ký nghĩa vụ quân sự lần đầu",
        "nvqs",
        "Trong ngày làm việc",
        "Không",
        [("Phiếu tự khai sức khỏe nghĩa vụ quân sự", 1, 0), ("Bản chụp giấy tờ tùy thân", 0, 1)],
        "Giấy chứng nhận đăng ký nghĩa vụ quân sự",
        ["Công dân nam đủ 17 tuổi"],
        keywords=["đi bộ đội", "nhập ngũ"],
    ),
    # Đường bộ
    P(
        "1.012871",
        "Đổi giấy phép lái xe",
        "duongbo",
        "Không quá 05 ngày làm việc",
        "135.000 đồng/lần (nộp trực tuyến 115.000 đồng)",
        [
            ("Đơn đề nghị đổi giấy phép lái xe", 1, 0),
            ("Giấy khám sức khỏe của người lái xe", 1, 0),
            ("Giấy phép lái xe đang sử dụng", 1, 0),
        ],
        "Giấy phép lái xe",
        ["Người có giấy phép lái xe"],
        online="toan_trinh",
        online_fee="115.000 đồng",
        keywords=["bằng lái hết hạn", "đổi bằng lái"],
    ),
    P(
        "1.012872",
        "Cấp lại giấy phép lái xe",
        "duongbo",
        "Không quá 05 ngày làm việc",
        "135.000 đồng/lần",
        [
            ("Đơn đề nghị cấp lại giấy phép lái xe", 1, 0),
            ("Giấy khám sức khỏe của người lái xe", 1, 0),
        ],
        "Giấy phép lái xe được cấp lại",
        ["Người bị mất giấy phép lái xe"],
        online="mot_phan",
        keywords=["mất bằng lái"],
    ),
]


def main() -> None:
    out = Path(__file__).with_name("procedures.json")
    data = {
        "format": "kiosk-catalog/1",
        "sample": True,
        "note": NOTE,
        "updated": "2025-07-01",
        "procedures": PROCEDURES,
    }
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    fields = {p["field"] for p in PROCEDURES}
    print(f"{out}: {len(PROCEDURES)} procedures in {len(fields)} fields")


if __name__ == "__main__":
    main()
