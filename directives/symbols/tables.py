"""The code tables (types, issuers, English type words) and the character patterns symbols are read with."""

import re
import unicodedata

from directives.messages import Message, gettext_noop

# fmt: off
STATE_TYPES = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "QC": "Quy chế", "QyĐ": "Quy định",
    "TC": "Thông cáo", "TB": "Thông báo", "HD": "Hướng dẫn", "CTr": "Chương trình",
    "KH": "Kế hoạch", "PA": "Phương án", "ĐA": "Đề án", "DA": "Dự án", "BC": "Báo cáo",
    "BB": "Biên bản", "TTr": "Tờ trình", "HĐ": "Hợp đồng", "CĐ": "Công điện",
    "BGN": "Bản ghi nhớ", "BTT": "Bản thỏa thuận", "GUQ": "Giấy ủy quyền", "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu", "GNP": "Giấy nghỉ phép", "PG": "Phiếu gửi", "PC": "Phiếu chuyển",
    "PB": "Phiếu báo", "GCN": "Giấy chứng nhận",
    # Not in Decree 30's appendix, but inspectorates number their conclusions 123/KL-TTCP.
    "KL": "Kết luận",
}
NORMATIVE_TYPES = {
    "NĐ": "Nghị định", "TT": "Thông tư", "TTLT": "Thông tư liên tịch", "QĐ": "Quyết định",
    "NQ": "Nghị quyết", "NQLT": "Nghị quyết liên tịch", "L": "Lệnh",
}
PARTY_TYPES = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "QĐi": "Quy định", "CT": "Chỉ thị", "KL": "Kết luận",
    "QC": "Quy chế", "HD": "Hướng dẫn", "TT": "Thông tri", "TB": "Thông báo", "TC": "Thông cáo",
    "BC": "Báo cáo", "KH": "Kế hoạch", "CTr": "Chương trình", "ĐA": "Đề án", "TTr": "Tờ trình",
    "CV": "Công văn", "BB": "Biên bản",
}
ISSUERS = {
    "TW": "Ban Chấp hành Trung ương Đảng", "TU": "Tỉnh ủy, Thành ủy", "ĐU": "Đảng ủy",
    "HU": "Huyện ủy", "QU": "Quận ủy", "ĐUK": "Đảng ủy Khối", "BCĐTW": "Ban Chỉ đạo Trung ương",
    "BCĐ": "Ban Chỉ đạo", "UBKT": "Ủy ban Kiểm tra", "BTG": "Ban Tuyên giáo",
    "BDV": "Ban Dân vận", "BNC": "Ban Nội chính", "VPTW": "Văn phòng Trung ương Đảng",
    "VPTU": "Văn phòng Tỉnh ủy, Thành ủy", "TWĐTN": "Trung ương Đoàn TNCS Hồ Chí Minh",
    "QH": "Quốc hội", "UBTVQH": "Ủy ban Thường vụ Quốc hội", "ĐĐBQH": "Đoàn đại biểu Quốc hội",
    "CTN": "Chủ tịch nước", "CP": "Chính phủ", "TTg": "Thủ tướng Chính phủ",
    "VPCP": "Văn phòng Chính phủ", "TTCP": "Thanh tra Chính phủ", "BCA": "Bộ Công an",
    "BTC": "Bộ Tài chính; Ban Tổ chức", "BNV": "Bộ Nội vụ", "BTP": "Bộ Tư pháp",
    "BCT": "Bộ Công Thương", "BKHĐT": "Bộ Kế hoạch và Đầu tư", "BQP": "Bộ Quốc phòng",
    "BYT": "Bộ Y tế", "BXD": "Bộ Xây dựng", "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BNG": "Bộ Ngoại giao", "NHNN": "Ngân hàng Nhà nước", "KTNN": "Kiểm toán nhà nước",
    "TANDTC": "Tòa án nhân dân tối cao", "VKSNDTC": "Viện kiểm sát nhân dân tối cao",
    "UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "MTTQ": "Ủy ban Mặt trận Tổ quốc",
    "VP": "Văn phòng", "SNV": "Sở Nội vụ", "STC": "Sở Tài chính", "STP": "Sở Tư pháp",
    "TTTP": "Thanh tra thành phố", "TTT": "Thanh tra tỉnh",
}
# Words that name a document type in prose without a code of their own (or an ambiguous one).
EXTRA_TYPE_WORDS = ("Công văn", "Luật")
ENGLISH_TYPE_WORDS = {
    "plan": "Kế hoạch", "programme": "Chương trình", "program": "Chương trình",
    "resolution": "Nghị quyết", "decision": "Quyết định", "directive": "Chỉ thị",
    "conclusion": "Kết luận", "decree": "Nghị định", "circular": "Thông tư",
    "joint circular": "Thông tư liên tịch", "regulation": "Quy định", "report": "Báo cáo",
    "official letter": "Công văn", "official dispatch": "Công văn", "letter": "Công văn",
    "guidance": "Hướng dẫn", "guideline": "Hướng dẫn", "notice": "Thông báo", "law": "Luật",
    "scheme": "Đề án",
}
_UNIT_WORDS = {"năm", "tháng", "quý", "tuần", "ngày", "lần", "giờ", "kỳ", "year", "years",
               "month", "months", "day", "days", "times"}
_MONTHS = {name: i + 1 for i, names in enumerate([
    "january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul",
    "august aug", "september sep sept", "october oct", "november nov", "december dec",
]) for name in names.split()}

_CHAR_TABLE = str.maketrans({
    "\u00d0": "Đ", "\u0189": "Đ", "\u00f0": "đ", "\u0256": "đ",
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d", "-"),
    **dict.fromkeys("\u2044\u2215\uff0f", "/"),
    **dict.fromkeys("\u00a0\u2007\u2009\u202f", " "),
})
# Old-style tone placement on an open syllable (uỷ, thoả) and its modern form (ủy, thỏa).
_OLD_TONES = {"uỷ": "ủy", "uý": "úy", "uỳ": "ùy", "uỹ": "ũy", "uỵ": "ụy",
              "oả": "ỏa", "oá": "óa", "oà": "òa", "oã": "õa", "oạ": "ọa"}
# fmt: on
_OLD_TONE_RE = re.compile(f"(?:{'|'.join(_OLD_TONES)})(?!\\w)")
_VN_MARKS = set("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")


def _is_vietnamese_letter(c: str) -> bool:
    """Tell whether c is a precomposed Latin letter carrying only Vietnamese marks, or Đ/đ."""
    d = unicodedata.normalize("NFD", c)
    return c in "Đđ" or (
        len(d) > 1 and d[0].isascii() and d[0].isalpha() and all(m in _VN_MARKS for m in d[1:])
    )


_VN = "".join(c for c in map(chr, range(0xC0, 0x1EFA)) if _is_vietnamese_letter(c))
_CH = f"[A-Za-z{_VN}0-9]"
_UP = "[A-Z" + "".join(c for c in _VN if c.isupper()) + "]"
_CODE_RE = re.compile(f"{_CH}+(?:[.&]{_CH}+)*")
_HAS_LETTER = re.compile(f"[A-Za-z{_VN}]")
_NUM = "[0-9]+[A-Za-z]?"
_TU_RE = re.compile("tư", re.IGNORECASE)
_PREFIX_RE = re.compile(r"^(?:số|no\.?)(?=$|[\s:./0-9…-])\s*[:.]?\s*", re.IGNORECASE)
_DRAFT_RE = re.compile(r"^[.…_\s]*[-/]")
_WRAP = " \"'“”‘’«»()[]{}"

_PSEG = f"{_UP}{_CH}*(?:[.&]{_CH}+)*"
_PROSE_SYMBOL_RE = re.compile(
    rf"(?<![\w/-])(?<![0-9][.,])(?:[0-9]{{1,6}}[A-Za-z]?/[0-9]{{4}}/{_PSEG}(?:-{_PSEG})*"
    rf"|[0-9]{{1,6}}[A-Za-z]? ?- ?{_PSEG}/{_PSEG}(?:-{_PSEG})*"
    rf"|[0-9]{{1,6}}[A-Za-z]?/{_PSEG}(?:-{_PSEG})*)"
)
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_AFTER_RE = re.compile(
    r"\s*,?\s*(?:ngày|dated|of)\s+(?:"
    r"(?P<d1>[0-9]{1,2}) ?[-/.] ?(?P<m1>[0-9]{1,2}) ?[-/.] ?(?P<y1>[0-9]{4})"
    r"|(?P<d2>[0-9]{1,2})\s+tháng\s+(?P<m2>[0-9]{1,2}),?\s+năm\s+(?P<y2>[0-9]{4})"
    rf"|(?P<n3>{_MONTH_ALT})\.?\s+(?P<d3>[0-9]{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y3>[0-9]{{4}})"
    rf"|(?P<d4>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?P<n4>{_MONTH_ALT})\.?,?\s+(?P<y4>[0-9]{{4}})"
    r")(?![0-9])",
    re.IGNORECASE,
)


_EXAMPLES = Message(
    gettext_noop("31/KH-UBND (nhà nước), 30/2020/NĐ-CP (quy phạm pháp luật) hoặc 160-KH/TU (Đảng)")
)
