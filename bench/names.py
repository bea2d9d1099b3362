"""Vietnamese vocabulary for the synthetic province: unit names, people, symbols, summaries."""

import random

DEPARTMENTS = [
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Xây dựng",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Nông nghiệp và Môi trường",
    "Sở Công Thương",
    "Sở Khoa học và Công nghệ",
    "Sở Văn hóa và Thể thao",
    "Sở Du lịch",
    "Sở Tư pháp",
    "Sở Dân tộc và Tôn giáo",
    "Văn phòng UBND thành phố",
    "Sở Quy hoạch – Kiến trúc",
    "Công an thành phố",
    "Bộ Chỉ huy Quân sự thành phố",
    "Ban Quản lý các khu công nghiệp và chế xuất",
    "Thuế thành phố",
    "Kho bạc Nhà nước khu vực I",
    "Bảo hiểm xã hội thành phố",
    "Ban Quản lý dự án đầu tư xây dựng công trình giao thông",
    "Ban Quản lý dự án đầu tư xây dựng công trình dân dụng",
    "Sở Ngoại vụ",
]
PARTY_BODIES = [
    "Ban Tổ chức Thành ủy",
    "Ban Tuyên giáo và Dân vận Thành ủy",
    "Ủy ban Kiểm tra Thành ủy",
    "Ban Nội chính Thành ủy",
    "Văn phòng Thành ủy",
    "Đảng ủy các cơ quan Đảng thành phố",
    "Đảng ủy Ủy ban nhân dân thành phố",
]
ENTERPRISES = [
    "Công ty TNHH MTV Nước sạch",
    "Tổng công ty Vận tải",
    "Công ty TNHH MTV Môi trường đô thị",
    "Công ty TNHH MTV Thoát nước",
    "Công ty TNHH MTV Công viên cây xanh",
    "Tổng công ty Đầu tư và Phát triển hạ tầng",
]
PUBLIC_SERVICE = [
    "Bệnh viện Đa khoa thành phố",
    "Đài Phát thanh và Truyền hình",
    "Trung tâm Phục vụ hành chính công",
    "Trường Cao đẳng Kỹ thuật – Công nghệ",
    "Trung tâm Kiểm soát bệnh tật",
]
PLACE_FIRST = [
    "Tân",
    "Hòa",
    "Phú",
    "An",
    "Bình",
    "Long",
    "Thanh",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Vĩnh",
    "Hưng",
    "Phúc",
    "Minh",
    "Quang",
    "Đại",
    "Xuân",
    "Thượng",
    "Kim",
    "Ngọc",
    "Hồng",
    "Trung",
    "Thái",
    "Yên",
    "Đức",
    "Mỹ",
]
PLACE_SECOND = [
    "An",
    "Bình",
    "Hòa",
    "Lộc",
    "Phú",
    "Thịnh",
    "Hưng",
    "Khánh",
    "Mỹ",
    "Định",
    "Sơn",
    "Hải",
    "Thành",
    "Đức",
    "Lợi",
    "Tiến",
    "Phong",
    "Thuận",
    "Lâm",
    "Xá",
    "Điền",
    "Nghĩa",
    "Trạch",
]
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Ngọc", "Thu", "Xuân"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hòa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Minh",
    "Nam",
    "Nga",
    "Phong",
    "Phúc",
    "Quân",
    "Quang",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Trang",
    "Tuấn",
    "Việt",
    "Yến",
]
TOPICS = [
    "công tác phòng, chống tham nhũng, tiêu cực năm {year}",
    "Kết luận số 21-KL/TW về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị",
    "công tác kiểm soát tài sản, thu nhập của người có chức vụ, quyền hạn",
    "Chương trình thực hành tiết kiệm, chống lãng phí giai đoạn 2021–2025",
    "công tác tiếp công dân, giải quyết khiếu nại, tố cáo",
    "Luật Phòng, chống tham nhũng năm 2018 và Nghị định số 59/2019/NĐ-CP",
    "trách nhiệm người đứng đầu trong phòng, chống tham nhũng, tiêu cực",
    "công tác thanh tra, kiểm tra việc thực hiện công vụ năm {year}",
    "việc chuyển đổi vị trí công tác nhằm phòng ngừa tham nhũng",
    "công khai, minh bạch trong mua sắm công và đầu tư xây dựng",
]
TYPE_WORDS = {
    "KH": "Kế hoạch",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KL": "Kết luận",
    "NQ": "Nghị quyết",
}
TASK_TITLES = [
    "Quán triệt, tuyên truyền nội dung văn bản đến cán bộ, công chức, đảng viên",
    "Rà soát, sửa đổi, bổ sung quy chế, quy định nội bộ",
    "Tự kiểm tra, kịp thời phát hiện và xử lý hành vi tham nhũng, tiêu cực",
    "Tổ chức kê khai, công khai bản kê khai tài sản, thu nhập năm {year}",
    "Thực hiện chuyển đổi vị trí công tác theo quy định",
    "Báo cáo kết quả thực hiện định kỳ 6 tháng, năm",
    "Công khai kết quả giải quyết khiếu nại, tố cáo",
    "Kiểm tra việc thực hiện quy tắc ứng xử của cán bộ, công chức",
    "Rà soát các dự án đầu tư công chậm tiến độ",
    "Đẩy mạnh thanh toán không dùng tiền mặt",
]
REPORT_BODIES = [
    "Đơn vị đã tổ chức quán triệt đến toàn thể cán bộ, công chức.",
    "Đã ban hành kế hoạch triển khai và phân công cán bộ phụ trách.",
    "Đang rà soát hồ sơ, dự kiến hoàn thành trong tháng tới.",
    "Đã hoàn thành tự kiểm tra, không phát hiện vi phạm.",
    "Đã tổng hợp số liệu, gửi kèm báo cáo chi tiết.",
    "Tiếp tục triển khai theo kế hoạch; chưa phát sinh vướng mắc.",
]

# Document shapes: (track, doc_type or None for a letter, issuer, weight).
SHAPES = [
    ("state", "KH", "UBND", 22),
    ("state", "QĐ", "UBND", 8),
    ("state", "CT", "UBND", 6),
    ("state", "TB", "UBND", 6),
    ("state", "HD", "UBND", 3),
    ("state", None, "UBND", 20),
    ("party", "KH", "TU", 14),
    ("party", "CTr", "TU", 5),
    ("party", "KL", "TU", 5),
    ("party", "CT", "TU", 4),
    ("party", "NQ", "TU", 3),
    ("party", "HD", "TU", 4),
]
DRAFTING_UNITS = ["TTTP", "SNV", "STC", "VP", "SXD", "SYT", "KT"]


def place_names(count: int, rng: random.Random) -> list[str]:
    """Return `count` distinct two-syllable place names in a seeded shuffle."""
    pairs = [f"{a} {b}" for a in PLACE_FIRST for b in PLACE_SECOND if a != b]
    rng.shuffle(pairs)
    names = pairs[:count]
    while len(names) < count:
        names.append(f"{pairs[len(names) % len(pairs)]} {len(names) // len(pairs) + 1}")
    return names


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def symbol_text(track: str, doc_type: str | None, issuer: str, number: int, drafting: str) -> str:
    """Format a symbol as offices write it: `31/KH-UBND`, `5046/UBND-TTTP`, `160-KH/TU`."""
    if track == "party":
        return f"{number}-{doc_type}/{issuer}"
    if doc_type is None:
        return f"{number}/{issuer}-{drafting}"
    return f"{number}/{doc_type}-{issuer}"
