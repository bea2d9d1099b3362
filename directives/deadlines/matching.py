"""The patterns deadline phrases are matched with, and the dates their tokens name."""

import re
import unicodedata
from calendar import monthrange
from datetime import date

from directives.deadlines.core import InvalidDeadline
from directives.messages import Message, gettext_noop

_FOLDS = str.maketrans({"–": "-", "—": "-", "−": "-", "‑": "-", "‐": "-", "Ð": "đ", "Ɖ": "đ"})
_SHAPE_MARKS = {"\u0306", "\u0302", "\u031b"}  # ă, â ê ô, ơ ư: letters, not tones


def _letter_class(ch):
    """Return a regex class matching ch, ch without its tone, and its bare Latin letter."""
    base, *marks = unicodedata.normalize("NFD", ch)
    toneless = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _SHAPE_MARKS))
    return "[" + "".join(dict.fromkeys([ch, toneless, "d" if ch == "đ" else base])) + "]"


def _vi(pattern):
    """Compile a pattern so its Vietnamese words also match text typed without diacritics."""
    return re.compile("".join(_letter_class(c) if not c.isascii() else c for c in pattern))


_FULL_DATE = (
    r"(?<!\d)(?:\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{4}-\d{1,2}-\d{1,2}"
    r"|\d{1,2}\s+tháng\s+\d{1,2}\s*(?:,?\s*năm\s+|/\s*)\d{4})(?!\d)"
)
_SHORT_DATE = (  # day and month only: the year comes from the issue date
    r"(?<!\d)(?:\d{1,2}\s*[/.-]\s*\d{1,2}|\d{1,2}\s+tháng\s+\d{1,2})"
    r"(?!\s*[/.-]?\s*\d)(?!\s*,?\s*năm\s+\d)"
)
_DATE = f"({_FULL_DATE}|{_SHORT_DATE})"
_YEAR = r"(?:\s*(?:/|-|,?\s*năm)\s*(\d{4}))?(?!\d)"
_PERIOD_PREFIX = r"\b(trước\s+)?(?:(?:trong|cuối|hết)\s+)?"

_RECURRING = _vi(
    r"\b(?:thường xuyên|(?:hằng|hàng) (?:năm|quý|tháng|tuần|ngày)|định kỳ|thường kỳ|lâu dài)\b"
)
_AT_HOUR = _vi(
    r"(\d{1,2})\s*(?:giờ|h(?![^\W\d]))\s*(\d{1,2})?(?:\s*phút)?\s*,?\s*(?:(?:ngày|hôm)\s+)?" + _DATE
)
_BY_DATE = _vi(r"\btrước\s+(?:ngày\s+)?" + _DATE)
_INCLUSIVE = _vi(
    r"\b(?:chậm nhất|muộn nhất|hạn chót|thời hạn|hạn|trong|đến hết|đến|tới|hết)"
    r"(?:\s+(?:là|vào|hoàn thành))*\s*:?\s*(?:ngày\s+)?" + _DATE
)
_ANY_DATE = _vi(rf"(?:\bngày\s+)?({_FULL_DATE})|\bngày\s+({_SHORT_DATE})")
_ALL_FULL_DATES = _vi(_FULL_DATE)
_PART_OF_YEAR = _vi(
    r"\b(?:(\d{1,2}|sáu|chín)\s*tháng|(nửa))\s+(đầu|cuối)\s+năm(?:\s*/?\s*(\d{4}))?(?!\d)"
)
_RELATIVE = _vi(r"(?<![\d/.-])(\d{1,3})\s*(ngày làm việc|ngày|tuần|tháng)\b(?!\s*\d)")
_RELATIVE_LEAD = _vi(r"\b(?:trong|vòng|thời hạn|sau)\s+$")
_EXPLICIT_BASE = _vi(rf"\b(?:kể từ|tính từ|từ)\s+(?:ngày\s+)?({_FULL_DATE})")
_EVENT = _vi(r"\b(?:kể từ|tính từ|sau khi|từ khi|từ ngày)\s+(.+)")
_RECEIVED = _vi(r"\bnhận\b")
_ISSUED = _vi(r"\b(?:ban hành|ký|phát hành)\b")
_IMPRECISE = _vi(r"\b(?:đầu|giữa)\s+(?:tháng|quý|năm)\b")
_QUARTER = _vi(_PERIOD_PREFIX + r"quý\s+([ivxl]+|\d+)\b" + _YEAR)
_MONTH = _vi(_PERIOD_PREFIX + r"tháng\s+(\d{1,2})\b" + _YEAR)
_YEAR_ONLY = _vi(_PERIOD_PREFIX + r"năm\s+(\d{4})(?!\d)")
_CURRENT_PERIOD = _vi(r"\b(?:trong|cuối|hết) (tháng|quý|năm)\b")
_ASAP = _vi(r"\b(?:ngay|khẩn trương|khẩn|kịp thời|sớm|gấp|hỏa tốc|hoả tốc)\b")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _normalise(text):
    """Return text in NFKC lower case with one kind of dash, one Đ and single spaces."""
    plain = unicodedata.normalize("NFKC", text).translate(_FOLDS).lower()
    return re.sub(r"\s+", " ", plain).strip(" .;,")


def _bare(text):
    """Return text without tone or shape marks, đ read as d."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _date_parts(token):
    """Return (year or None, month, day) of a date token, always reading day before month."""
    numbers = [int(n) for n in re.findall(r"\d+", token)]
    if re.match(r"\d{4}-", token):
        return tuple(numbers)
    day, month, *year = numbers
    return (year[0] if year else None), month, day


def _bad_day_month(token):
    return InvalidDeadline(
        Message(gettext_noop("Ngày «%(token)s» không hợp lệ: tháng phải từ 1 đến 12."), token=token)
    )


def _make_date(year, month, day, token):
    """Return the date, or raise InvalidDeadline saying why it does not exist."""
    if not 1 <= year <= 9999:
        raise InvalidDeadline(
            Message(
                gettext_noop("Ngày «%(token)s» không hợp lệ: năm phải từ 1 đến 9999."), token=token
            )
        )
    if not 1 <= month <= 12:
        raise _bad_day_month(token)
    last = monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise InvalidDeadline(
            Message(
                gettext_noop(
                    "Ngày «%(token)s» không tồn tại: tháng %(month)s năm %(year)s chỉ có %(last)s ngày."
                ),
                token=token,
                month=month,
                year=year,
                last=last,
            )
        )
    return date(year, month, day)
