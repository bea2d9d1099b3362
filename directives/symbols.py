"""Parse Vietnamese document symbols (số, ký hiệu) and find references to documents in prose.

Pure Python with no Django imports (DOMAIN.md §2): state `31/KH-UBND`, official letters
`5046/UBND-TTTP`, normative `30/2020/NĐ-CP` and `36/2018/QH14`, Party `160-KH/TU`.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

from directives.messages import Message, gettext_noop, translated

__all__ = [
    "InvalidSymbol",
    "Reference",
    "Registry",
    "Symbol",
    "find_references",
    "normalize_text",
    "parse_symbol",
]

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


class InvalidSymbol(ValueError):
    """Raised when a text is not a document symbol; the message says what is wrong and how to fix it."""

    def __init__(self, message: Message):
        super().__init__(message)
        self.message = message

    def translate(self, gettext) -> str:
        return translated(self.message, gettext)


@dataclass(frozen=True)
class Symbol:
    """A parsed document symbol: the normalized string and its parts."""

    normalized: str
    kind: str  # "party", "state", "normative" or "letter" (a state công văn)
    number: str
    year: int | None
    doc_type: str | None
    issuer: str
    drafting_unit: str | None = None
    warnings: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.normalized


@dataclass(frozen=True)
class Reference:
    """A reference to a document found in prose; symbol is None for a partial one."""

    symbol: str | None
    kind: str  # a Symbol kind, or "partial"
    number: str
    year: int | None
    doc_type: str | None
    issuer: str | None
    issued_on: datetime.date | None
    type_word: str | None
    span: tuple[int, int]


def _tone_key(s: str) -> str:
    """Return a lookup key for a type word: NFC, old-style tone marks (uỷ, thoả) moved, lower-case."""
    s = " ".join(unicodedata.normalize("NFC", s).split()).lower()
    return _OLD_TONE_RE.sub(lambda m: _OLD_TONES[m[0]], s)


def _word_pattern(word: str) -> str:
    """Return a regex for a type word that tolerates extra spaces and old-style tone marks."""
    variants = {word, word.replace("ủy", "uỷ").replace("ỏa", "oả")}
    return "|".join(r"\s+".join(map(re.escape, v.split())) for v in variants)


def _fold_stroke(code: str) -> str:
    """Return the code with the stroke of Đ lost, as careless typing does (ĐU → DU)."""
    return code.replace("Đ", "D").replace("đ", "d")


@dataclass(frozen=True)
class Registry:
    """Abbreviation tables (code → Vietnamese name) the parser reads; build one from database rows."""

    state_types: Mapping[str, str] = field(default_factory=lambda: dict(STATE_TYPES))
    normative_types: Mapping[str, str] = field(default_factory=lambda: dict(NORMATIVE_TYPES))
    party_types: Mapping[str, str] = field(default_factory=lambda: dict(PARTY_TYPES))
    issuers: Mapping[str, str] | Iterable[str] = field(default_factory=lambda: dict(ISSUERS))
    stroke_suggestions: Mapping[str, str] = field(default_factory=dict)  # "DU" → "ĐU"
    _index: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        """Index the tables for case-insensitive lookup and compile the prose patterns."""
        if not isinstance(self.issuers, Mapping):
            object.__setattr__(self, "issuers", dict.fromkeys(self.issuers, ""))
        admin = {**self.state_types, **self.normative_types}
        ix = {
            "admin": {c.upper(): c for c in admin},
            "party": {c.upper(): c for c in self.party_types},
            "types": {c.upper(): c for c in {**self.party_types, **admin}},
            "issuers": {c.upper(): c for c in self.issuers},
        }
        known = ix["types"].keys() | ix["issuers"].keys()
        folded = {_fold_stroke(c).upper(): c for c in [*admin, *self.party_types, *self.issuers]}
        ix["strokes"] = {k: c for k, c in folded.items() if k not in known}
        ix["strokes"].update({k.upper(): v for k, v in self.stroke_suggestions.items()})
        words: dict[str, tuple[str, str | None]] = {}
        sources = [
            *self.state_types.items(),
            *self.normative_types.items(),
            *self.party_types.items(),
            *((None, name) for name in EXTRA_TYPE_WORDS),
        ]
        for code, name in sources:
            key = _tone_key(name)
            if key in words and words[key][1] != code:
                code = None  # one word, several codes (Quy định: QyĐ or QĐi): keep no code
            words[key] = (words.get(key, (name,))[0], code)
        for english, name in ENGLISH_TYPE_WORDS.items():
            words[english] = words.get(_tone_key(name), (name, None))
        ix["words"] = words
        alternation = "|".join(
            _word_pattern(w)
            for w in sorted(
                [n for n, _ in words.values()] + list(ENGLISH_TYPE_WORDS), key=len, reverse=True
            )
        )
        marker = r"(?:số|No\.?|Number)"
        ix["before"] = re.compile(rf"(?<!\w)({alternation})\s+(?:{marker}\s*:?\s*)?$", re.I)
        ix["partial"] = re.compile(
            rf"(?<!\w)(?P<word>{alternation})\s+(?:(?P<marker>{marker})\s*:?\s*)?"
            r"(?P<num>[0-9]{1,6}[A-Za-z]?)(?:/(?P<year>[0-9]{4}))?(?![\w/-])(?!\.[0-9])",
            re.I,
        )
        object.__setattr__(self, "_index", ix)

    @classmethod
    def default(cls) -> Registry:
        """Return the built-in registry (Decree 30/2020 and Party type codes, common issuers)."""
        return _default_registry()

    @property
    def type_names(self) -> dict[str, str]:
        """Return every type code with its Vietnamese name (TT is Thông tư; Party's is type_name)."""
        return {**self.party_types, **self.state_types, **self.normative_types}

    def type_name(self, code: str, kind: str | None = None) -> str | None:
        """Return the Vietnamese name of a type code, Party names first for kind "party"."""
        tables = [self.party_types, self.normative_types, self.state_types]
        if kind != "party":
            tables.reverse()
        for table in tables:
            for c, name in table.items():
                if c.upper() == code.upper():
                    return name
        return None

    def stroke_twin(self, code: str) -> str | None:
        """Return the spelling of `code` with the stroke of Đ lost or restored when both mean one code.

        QD ↔ QĐ, DU ↔ ĐU: one spelling is no code at all, so it is the other typed without the
        stroke. ĐA and DA are two codes (Đề án, Dự án), as are HĐ and HD: they have no twin.
        """
        strokes = self._index["strokes"]
        if (restored := strokes.get(code.upper())) is not None:
            return restored
        folded = _fold_stroke(code).upper()
        if folded != code.upper() and strokes.get(folded, "").upper() == code.upper():
            return folded
        return None

    def _issuer(self, code: str) -> str | None:
        """Return the canonical issuer code, also for a term-numbered one (QH14, UBTVQH15)."""
        issuers = self._index["issuers"]
        if code.upper() in issuers:
            return issuers[code.upper()]
        m = re.fullmatch(r"(.*?)([0-9]+)", code)
        if m and m[1].upper() in issuers:
            return issuers[m[1].upper()] + m[2]
        return None

    def _name(self, code: str) -> str:
        """Return the Vietnamese name of a type or issuer code, or an empty string."""
        return self.type_name(code) or self.issuers.get(code) or ""


@cache
def _default_registry() -> Registry:
    """Build the built-in registry once."""
    return Registry()


def _clean(text: str) -> str:
    """Normalise characters and separators and drop a leading "Số:" prefix, but keep TƯ."""
    s = unicodedata.normalize("NFC", text).translate(_CHAR_TABLE)
    s = re.sub(r"\s*([-/])\s*", r"\1", s).strip(_WRAP).rstrip(".,;:").strip(_WRAP)
    return _PREFIX_RE.sub("", s, count=1).strip(_WRAP)


def normalize_text(s: str) -> str:
    """Normalise a symbol string: NFC, Đ variants, dashes, spaces around - and /, "Số:", TƯ → TW."""
    return _TU_RE.sub("TW", _clean(s))


def _codes(part: str, whole: str) -> list[str]:
    """Split a code part on "-" and check each code, raising a useful InvalidSymbol."""
    codes = part.split("-")
    for code in codes:
        if not code:
            raise InvalidSymbol(
                Message(
                    gettext_noop(
                        "«%(symbol)s» có dấu «-» thừa hoặc thiếu ký hiệu giữa hai dấu. Hãy viết liền, ví dụ "
                        "%(examples)s."
                    ),
                    symbol=whole,
                    examples=_EXAMPLES,
                )
            )
        if not _CODE_RE.fullmatch(code):
            bad = (
                "".join(sorted({c for c in code if not re.fullmatch(_CH, c)} - {".", "&"})) or code
            )
            raise InvalidSymbol(
                Message(
                    gettext_noop(
                        "Ký hiệu «%(symbol)s» có ký tự không hợp lệ «%(bad)s». Ký hiệu chỉ gồm chữ, "
                        "số và các dấu - / . &, ví dụ %(examples)s."
                    ),
                    symbol=whole,
                    bad=bad,
                    examples=_EXAMPLES,
                )
            )
        if not _HAS_LETTER.search(code):
            raise InvalidSymbol(
                Message(
                    gettext_noop(
                        "Trong «%(symbol)s», nhóm «%(code)s» không phải chữ viết tắt (không có chữ "
                        "cái). Hãy kiểm tra lại, ví dụ %(examples)s."
                    ),
                    symbol=whole,
                    code=code,
                    examples=_EXAMPLES,
                )
            )
    return codes


def _case(code: str, canonical: str | None) -> str:
    """Give a known code its canonical case; upper-case an unknown all-lower-case one."""
    if canonical is not None:
        return canonical
    return code.upper() if code.islower() else code


def _unknown(code: str, what: str, reg: Registry) -> str:
    """Return the warning for an unknown code, suggesting the Đ spelling when the stroke was lost."""
    suggestion = reg._index["strokes"].get(code.upper())
    if suggestion:
        name = reg._name(suggestion)
        return Message(
            gettext_noop(
                "«%(code)s» có thể bị mất nét chữ Đ: có phải là «%(named)s»? Ký hiệu được giữ nguyên "
                "như đã nhập; hãy sửa thành «%(suggestion)s» nếu đúng."
            ),
            code=code,
            named=f"{suggestion} ({name})" if name else suggestion,
            suggestion=suggestion,
        )
    if what == "issuer":
        template = gettext_noop(
            "Cơ quan ban hành «%(code)s» chưa có trong danh mục chữ viết tắt. Hãy kiểm tra lại ký hiệu "
            "hoặc bổ sung «%(code)s» vào danh mục."
        )
    else:
        template = gettext_noop(
            "Loại văn bản «%(code)s» chưa có trong danh mục chữ viết tắt. Hãy kiểm tra lại ký hiệu "
            "hoặc bổ sung «%(code)s» vào danh mục."
        )
    return Message(template, code=code)


def _issuer_part(codes: list[str], reg: Registry, warnings: list[str]) -> str:
    """Return the issuer codes joined by "-", warning when the first is not in the registry."""
    canon = [_case(c, reg._issuer(c)) for c in codes]
    if reg._issuer(codes[0]) is None:
        warnings.append(_unknown(canon[0], "issuer", reg))
    return "-".join(canon)


def _stroke_type(code: str, reg: Registry, table: str) -> bool:
    """Tell whether code is a type code of the table written without the stroke of Đ (QD, ND)."""
    suggestion = reg._index["strokes"].get(code.upper())
    return bool(suggestion) and suggestion.upper() in reg._index[table]


def parse_symbol(text: str | None, registry: Registry | None = None) -> Symbol:
    """Parse a document symbol into its parts, or raise InvalidSymbol saying how to fix it."""
    reg = registry or _default_registry()
    cleaned = _clean(text or "")
    s = _TU_RE.sub("TW", cleaned)
    warnings = [Message(gettext_noop("Đã đổi «TƯ» thành «TW»: ký hiệu Trung ương viết là TW."))]
    warnings = warnings if s != cleaned else []
    if not s:
        raise InvalidSymbol(
            Message(
                gettext_noop(
                    "Chưa nhập số, ký hiệu văn bản. Hãy nhập theo mẫu, ví dụ %(examples)s."
                ),
                examples=_EXAMPLES,
            )
        )
    if _DRAFT_RE.match(s):
        raise InvalidSymbol(
            Message(
                gettext_noop(
                    "«%(symbol)s» là dự thảo chưa có số: văn bản chỉ có số khi đã ban hành. Hãy nhập "
                    "số được cấp khi phát hành, ví dụ %(example)s."
                ),
                symbol=s,
                example="12" + s.lstrip(".…_ "),
            )
        )
    m = re.fullmatch(f"({_NUM})([-/])(.*)", s)
    if not m:
        if re.fullmatch(_NUM, s):
            raise InvalidSymbol(
                Message(
                    gettext_noop(
                        "«%(symbol)s» mới chỉ có số, thiếu ký hiệu loại văn bản và cơ quan ban hành. "
                        "Hãy nhập đầy đủ, ví dụ %(symbol)s/KH-UBND hoặc %(symbol)s-KH/TU."
                    ),
                    symbol=s,
                )
            )
        raise InvalidSymbol(
            Message(
                gettext_noop(
                    "«%(symbol)s» không phải là số, ký hiệu văn bản: số, ký hiệu bắt đầu bằng số "
                    "thứ tự, sau đó là dấu «/» hoặc «-» và chữ viết tắt, ví dụ %(examples)s."
                ),
                symbol=s,
                examples=_EXAMPLES,
            )
        )
    number, sep, rest = m.groups()
    if sep == "-":
        return _parse_party(s, number, rest, reg, warnings)
    parts = rest.split("/")
    if len(parts) == 1 and re.fullmatch("[0-9]{4}", parts[0]):
        raise InvalidSymbol(
            Message(
                gettext_noop(
                    "«%(symbol)s» chỉ có số và năm, thiếu ký hiệu loại văn bản và cơ quan ban hành "
                    "(trích dẫn chưa đầy đủ). Hãy nhập đầy đủ, ví dụ %(symbol)s/CT-UBND."
                ),
                symbol=s,
            )
        )
    if len(parts) == 2 and re.fullmatch("[0-9]{4}", parts[0]):
        return _parse_admin(s, number, int(parts[0]), parts[1], reg, warnings)
    if len(parts) == 1:
        return _parse_admin(s, number, None, parts[0], reg, warnings)
    raise InvalidSymbol(
        Message(
            gettext_noop("«%(symbol)s» có quá nhiều dấu «/». Hãy nhập theo mẫu %(examples)s."),
            symbol=s,
            examples=_EXAMPLES,
        )
    )


def _parse_party(s: str, number: str, rest: str, reg: Registry, warnings: list[str]) -> Symbol:
    """Parse the part after "number-" of a Party symbol: TYPE/ISSUER."""
    type_raw, slash, issuer_raw = rest.partition("/")
    if not slash:
        raise InvalidSymbol(
            Message(
                gettext_noop(
                    "«%(symbol)s» thiếu dấu «/» giữa loại văn bản và cơ quan ban hành. Văn bản của "
                    "Đảng viết theo mẫu 160-KH/TU."
                ),
                symbol=s,
            )
        )
    if not type_raw or not issuer_raw or "/" in issuer_raw:
        raise InvalidSymbol(
            Message(
                gettext_noop(
                    "«%(symbol)s» không đúng mẫu ký hiệu văn bản của Đảng số-LOẠI/CƠ QUAN, "
                    "ví dụ 160-KH/TU hoặc 21-KL/TW."
                ),
                symbol=s,
            )
        )
    if "-" in type_raw:
        raise InvalidSymbol(
            Message(
                gettext_noop(
                    "Trong «%(symbol)s», loại văn bản «%(type)s» chỉ được là một chữ viết tắt "
                    "(KH, NQ, KL…), ví dụ 160-KH/TU."
                ),
                symbol=s,
                type=type_raw,
            )
        )
    (code,) = _codes(type_raw, s)
    canonical = reg._index["party"].get(code.upper()) or reg._index["types"].get(code.upper())
    doc_type = _case(code, canonical)
    if canonical is None:
        warnings.append(_unknown(doc_type, "type", reg))
    issuer = _issuer_part(_codes(issuer_raw, s), reg, warnings)
    normalized = f"{number}-{doc_type}/{issuer}"
    return Symbol(normalized, "party", number, None, doc_type, issuer, None, tuple(warnings))


def _parse_admin(
    s: str, number: str, year: int | None, part: str, reg: Registry, warnings: list[str]
) -> Symbol:
    """Parse the code part of a state, letter or normative symbol (after number/ or number/year/)."""
    if year is not None and not 1945 <= year <= 2100:
        raise InvalidSymbol(
            Message(
                gettext_noop(
                    "Năm ban hành «%(year)s» trong «%(symbol)s» không hợp lệ (từ 1945 đến 2100). "
                    "Văn bản quy phạm viết theo mẫu 30/2020/NĐ-CP."
                ),
                year=year,
                symbol=s,
            )
        )
    codes = _codes(part, s)
    canonical = reg._index["admin"].get(codes[0].upper())
    typed = canonical is not None or (len(codes) > 1 and _stroke_type(codes[0], reg, "admin"))
    prefix = f"{number}/" if year is None else f"{number}/{year}/"
    if typed:
        if len(codes) == 1:
            raise InvalidSymbol(
                Message(
                    gettext_noop(
                        "«%(symbol)s» thiếu cơ quan ban hành sau loại văn bản «%(type)s». "
                        "Hãy nhập đầy đủ, ví dụ %(example)s."
                    ),
                    symbol=s,
                    type=canonical,
                    example=f"{prefix}{canonical}-UBND",
                )
            )
        doc_type = _case(codes[0], canonical)
        if canonical is None:
            warnings.append(_unknown(doc_type, "type", reg))
        issuer = _issuer_part(codes[1:], reg, warnings)
        kind = "state" if year is None else "normative"
        normalized = f"{prefix}{doc_type}-{issuer}"
        return Symbol(normalized, kind, number, year, doc_type, issuer, None, tuple(warnings))
    if year is not None:  # a law or NA resolution (36/2018/QH14): no type group
        issuer = _issuer_part(codes, reg, warnings)
        normalized = f"{prefix}{issuer}"
        return Symbol(normalized, "normative", number, year, None, issuer, None, tuple(warnings))
    issuer = _issuer_part(codes[:1], reg, warnings)
    drafting = "-".join(_case(c, reg._issuer(c)) for c in codes[1:]) or None
    if drafting is None:
        warnings.append(
            Message(
                gettext_noop(
                    "Công văn «%(symbol)s» thiếu đơn vị soạn thảo sau cơ quan ban hành "
                    "(ví dụ 5046/UBND-TTTP); hãy kiểm tra lại."
                ),
                symbol=s,
            )
        )
    normalized = f"{prefix}{issuer}" + (f"-{drafting}" if drafting else "")
    return Symbol(normalized, "letter", number, None, None, issuer, drafting, tuple(warnings))


def _prose_map(text: str) -> tuple[str, list[int], list[int]]:
    """Normalise prose (NFC, Đ, dashes) and map each normalized index to its original span."""
    if unicodedata.is_normalized("NFC", text):
        n = len(text)
        return text.translate(_CHAR_TABLE), list(range(n)), list(range(1, n + 1))
    out, starts, ends, i = [], [], [], 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        for ch in unicodedata.normalize("NFC", text[i:j]).translate(_CHAR_TABLE):
            out.append(ch)
            starts.append(i)
            ends.append(j)
        i = j
    return "".join(out), starts, ends


def _date_after(text: str, pos: int) -> datetime.date | None:
    """Return the date written right after a reference ("ngày 6-9-2023", "dated …"), if any."""
    m = _DATE_AFTER_RE.match(text, pos)
    if not m:
        return None
    g = m.groupdict()
    for i in "1234":
        if g[f"y{i}"]:
            month = g.get(f"m{i}") or _MONTHS[g[f"n{i}"].lower()]
            try:
                return datetime.date(int(g[f"y{i}"]), int(month), int(g[f"d{i}"]))
            except ValueError:
                return None
    return None


def find_references(text: str, registry: Registry | None = None) -> list[Reference]:
    """Return every document reference in prose, in order, repeats and partial ones included."""
    reg = registry or _default_registry()
    norm, starts, ends = _prose_map(text)
    words = reg._index["words"]
    found: list[Reference] = []
    for m in _PROSE_SYMBOL_RE.finditer(norm):
        try:
            sym = parse_symbol(m.group(), reg)
        except InvalidSymbol:
            continue
        before = reg._index["before"].search(norm, max(0, m.start() - 80), m.start())
        word = words[_tone_key(before[1])][0] if before else None
        span, issued_on = (starts[m.start()], ends[m.end() - 1]), _date_after(norm, m.end())
        found.append(Reference(sym.normalized, sym.kind, sym.number, sym.year, sym.doc_type,
                               sym.issuer, issued_on, word, span))  # fmt: skip
    taken = [r.span for r in found]
    for m in reg._index["partial"].finditer(norm):
        start, end = starts[m.start()], ends[m.end() - 1]
        if any(start < b and a < end for a, b in taken):
            continue
        if not m["year"]:
            following = re.match(r"\s*(\w*)", norm[m.end() : m.end() + 12])[1].lower()
            if following in _UNIT_WORDS or not (m["marker"] or m["word"][0].isupper()):
                continue
        word, code = words[_tone_key(m["word"])]
        year = int(m["year"]) if m["year"] else None
        issued_on = _date_after(norm, m.end())
        found.append(Reference(None, "partial", m["num"], year, code, None, issued_on, word,
                               (start, end)))  # fmt: skip
    return sorted(found, key=lambda r: r.span)
