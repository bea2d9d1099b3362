"""Parse one typed document symbol into its parts, or say how to fix it."""

import re
import unicodedata

from directives.messages import Message, gettext_noop
from directives.symbols.registry import InvalidSymbol, Registry, Symbol, _default_registry
from directives.symbols.tables import (
    _CH,
    _CHAR_TABLE,
    _CODE_RE,
    _DRAFT_RE,
    _EXAMPLES,
    _HAS_LETTER,
    _NUM,
    _PREFIX_RE,
    _TU_RE,
    _WRAP,
)


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
