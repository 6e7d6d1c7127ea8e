"""A large synthetic catalog (for benchmarks): the sample's real procedures plus generated ones.

Generated names are built from the words real procedure names use (actions,
objects, domains, qualifiers), so the vocabulary and word frequencies look
like a provincial catalog of thousands of procedures, not random strings.
"""

from __future__ import annotations

import random

from kiosk.catalog.model import Document, FilingWay, Procedure

ACTIONS = (
    "Cấp",
    "Cấp lại",
    "Cấp đổi",
    "Đăng ký",
    "Đăng ký lại",
    "Xác nhận",
    "Gia hạn",
    "Thu hồi",
    "Điều chỉnh",
    "Hỗ trợ",
    "Công nhận",
    "Thẩm định",
    "Phê duyệt",
    "Chứng thực",
    "Thông báo",
    "Giải quyết",
    "Cho phép",
    "Xét duyệt",
    "Chấm dứt",
    "Bổ sung",
)
OBJECTS = (
    "giấy phép",
    "giấy chứng nhận",
    "chứng chỉ hành nghề",
    "trợ cấp",
    "quyết định",
    "thẻ",
    "văn bằng",
    "hợp đồng",
    "danh hiệu",
    "kinh phí",
    "phương án",
    "báo cáo",
    "giấy xác nhận",
)
DOMAINS = (
    "khai thác thủy sản",
    "kinh doanh dược",
    "hoạt động karaoke",
    "vận tải hành khách",
    "xây dựng công trình",
    "quyền sử dụng đất",
    "nuôi trồng thủy sản",
    "an toàn thực phẩm",
    "giống cây trồng",
    "di tích lịch sử",
    "khám bệnh, chữa bệnh",
    "bảo hiểm xã hội",
    "người có công với cách mạng",
    "trẻ em có hoàn cảnh đặc biệt",
    "người cao tuổi",
    "hộ kinh doanh",
    "hợp tác xã",
    "cơ sở giáo dục mầm non",
    "thư viện",
    "câu lạc bộ thể thao",
    "chăn nuôi gia súc",
    "thú y",
    "bảo vệ thực vật",
    "tài nguyên nước",
    "khoáng sản",
    "môi trường",
    "phòng cháy, chữa cháy",
    "quảng cáo",
    "biểu diễn nghệ thuật",
    "du lịch",
    "lưu trú du lịch",
    "tôn giáo",
    "tín ngưỡng",
    "hội, quỹ",
    "thi đua, khen thưởng",
    "văn thư, lưu trữ",
    "đo đạc bản đồ",
    "điện lực",
    "khí tượng thủy văn",
    "xuất bản",
    "lao động nước ngoài",
    "an toàn lao động",
    "người khuyết tật",
    "dân tộc",
    "nông thôn mới",
)
QUALIFIERS = (
    "",
    "",
    "",
    "đối với hộ gia đình, cá nhân",
    "cho tổ chức",
    "có yếu tố nước ngoài",
    "trong trường hợp bị mất, hư hỏng",
    "lần đầu",
    "tại cấp xã",
    "do thay đổi thông tin",
    "trên địa bàn tỉnh",
    "theo đề nghị của doanh nghiệp",
    "cho người nước ngoài",
)
FIELDS = (
    "Nông nghiệp",
    "Thủy sản",
    "Y tế",
    "Văn hóa",
    "Du lịch",
    "Thể dục thể thao",
    "Tài nguyên và môi trường",
    "Giao thông vận tải",
    "Công thương",
    "Nội vụ",
    "Tôn giáo",
    "Thi đua khen thưởng",
    "Khoa học công nghệ",
    "Thông tin truyền thông",
    "Dân tộc",
)


def synthetic_procedures(
    n: int, seed: int = 1, base: tuple[Procedure, ...] = ()
) -> list[Procedure]:
    """``base`` plus generated procedures up to ``n`` in all, deterministic for a seed."""
    rng = random.Random(seed)
    out = list(base)
    used = {p.code for p in out}
    way = FilingWay(kind="truc_tiep", time_limit="10 ngày làm việc", fee="Không")
    i = 0
    while len(out) < n:
        i += 1
        code = f"{4 + i // 1_000_000}.{i % 1_000_000:06d}"
        if code in used:
            continue
        name = " ".join(
            x
            for x in (
                rng.choice(ACTIONS),
                rng.choice(OBJECTS),
                rng.choice(DOMAINS),
                rng.choice(QUALIFIERS),
            )
            if x
        )
        out.append(
            Procedure(
                code=code,
                name=name[0].upper() + name[1:],
                field=rng.choice(FIELDS),
                levels=rng.choice((("xa",), ("tinh",), ("xa", "tinh"))),
                agency=rng.choice(("Ủy ban nhân dân cấp xã", "Sở Nội vụ", "Sở Y tế")),
                ways=(way,),
                documents=(Document(name="Đơn đề nghị theo mẫu"),),
                result=f"Quyết định về việc {name.lower()}",
            )
        )
        used.add(code)
    return out
