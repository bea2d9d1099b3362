"""Deadline phrases of Vietnamese directives read into dates (DOMAIN.md §3).

Pure Python (standard library only). A deadline is stored as written and as a date; the date
is the last local day (Asia/Ho_Chi_Minh) on which the work is still on time.
"""

import re
import unicodedata
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, timedelta

from directives.messages import Capitalized, Message, gettext_noop, translated

KINDS = {
    "date": "Ngày cụ thể",
    "by_date": "Trước ngày",
    "inclusive": "Chậm nhất ngày",
    "month": "Trong tháng",
    "quarter": "Trong quý",
    "half_year": "6 tháng",
    "nine_months": "9 tháng",
    "year": "Trong năm",
    "relative_days": "Số ngày kể từ mốc",
    "working_days": "Số ngày làm việc",
    "recurring": "Thường xuyên, định kỳ",
    "asap": "Ngay, khẩn trương",
}

ACCEPTED_FORMS = (
    "15/10/2023; trước ngày 15/10/2023; chậm nhất ngày 15/10/2023; trong tháng 9/2023; "
    "trong quý III/2023; 6 tháng đầu năm 2024; trong năm 2024; 15 ngày kể từ ngày nhận; "
    "05 ngày làm việc; thường xuyên, hằng năm; ngay, khẩn trương"
)


class InvalidDeadline(ValueError):
    """Signal a deadline phrase that names no date the parser can trust."""

    def __init__(self, message: Message):
        super().__init__(message)
        self.message = message

    def translate(self, gettext) -> str:
        return translated(self.message, gettext)


def _bad_month(month):
    return InvalidDeadline(
        Message(gettext_noop("Tháng %(month)s không hợp lệ: tháng phải từ 1 đến 12."), month=month)
    )


@dataclass(frozen=True)
class Deadline:
    """Hold a deadline as written, the date it means, and how that date was found."""

    text: str
    due: date | None
    kind: str
    flagged: bool = False
    note: str = ""
    warnings: tuple[str, ...] = ()


def _fmt(day):
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def month_end(year, month):
    """Return the last day of the month, leap years included."""
    if not 1 <= month <= 12:
        raise _bad_month(month)
    return date(year, month, monthrange(year, month)[1])


def quarter_end(year, quarter):
    """Return the last day of the quarter (1–4)."""
    if not 1 <= quarter <= 4:
        raise InvalidDeadline(
            Message(
                gettext_noop("Quý %(quarter)s không hợp lệ: chỉ có quý I, II, III, IV."),
                quarter=quarter,
            )
        )
    return month_end(year, quarter * 3)


def vietnam_fixed_holidays(year):
    """Return the solar-calendar public holidays of the year (Labour Code 2019, Art. 112).

    1/1, 30/4, 1/5 and two days for National Day, taken as 1/9 and 2/9 (the law says 2/9 and
    the day before or after; the Prime Minister picks it each year). Tết and Hùng Kings'
    day (10/3 lunar) move with the lunar calendar, and compensatory days off (nghỉ bù) and
    swapped working Saturdays are announced yearly: all of those come from the editable
    calendar, never from this function.
    """
    return tuple(date(year, m, d) for m, d in ((1, 1), (4, 30), (5, 1), (9, 1), (9, 2)))


class WorkCalendar:
    """Count working days: Monday–Friday, minus holidays, plus dated working weekends."""

    def __init__(self, holidays=(), working_weekends=(), *, yearly_holidays=None):
        self.holidays = frozenset(holidays)
        self.working_weekends = frozenset(working_weekends)
        self.yearly_holidays = yearly_holidays
        self._yearly_cache = {}

    def is_holiday(self, day):
        """Return whether the day is a listed or yearly public holiday."""
        if day in self.holidays:
            return True
        if self.yearly_holidays is None:
            return False
        if day.year not in self._yearly_cache:
            self._yearly_cache[day.year] = frozenset(self.yearly_holidays(day.year))
        return day in self._yearly_cache[day.year]

    def is_working_day(self, day):
        """Return whether offices work on the day; a holiday wins over a working weekend."""
        if self.is_holiday(day):
            return False
        return day.weekday() < 5 or day in self.working_weekends

    def add_working_days(self, start, days):
        """Return the day that ends `days` working days after start (the next day counts first).

        A negative count goes backwards; zero returns start unchanged.
        """
        step = timedelta(days=1 if days >= 0 else -1)
        current, remaining = start, abs(days)
        while remaining:
            current += step
            if self.is_working_day(current):
                remaining -= 1
        return current

    def next_working_day(self, day):
        """Return the first working day after the day."""
        return self.add_working_days(day, 1)


def default_calendar():
    """Return the calendar of weekends and fixed solar holidays, without lunar Tết."""
    return WorkCalendar(yearly_holidays=vietnam_fixed_holidays)


# ---------------------------------------------------------------------------- matching

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


# ---------------------------------------------------------------------------- readers


@dataclass
class _Draft:
    """Collect a Deadline while a reader fills it in; parse_deadline freezes it."""

    kind: str
    due: date | None = None
    note: str = ""
    year_note: str = ""
    flagged: bool = False
    warnings: list = field(default_factory=list)

    def warn(self, message, *, flag=True):
        """Record a warning; most of them ask the officer to confirm the date."""
        self.warnings.append(message)
        self.flagged = self.flagged or flag


@dataclass(frozen=True)
class _Context:
    """Carry the dates and settings a phrase is read against."""

    issued_on: date | None
    received_on: date | None
    calendar: WorkCalendar
    before_means_previous_day: bool
    asap_days: int

    @property
    def reference(self):
        """Return the date that supplies a missing year: the issue date, else the receipt."""
        return self.issued_on or self.received_on


def _until(due):
    if due:
        return Message(gettext_noop("hạn là hết ngày %(day)s"), day=_fmt(due))
    return Message(gettext_noop("chưa tính được hạn"))


def _since(label):
    """Name the day a count starts from: the issue date or the receipt date."""
    return (
        Message(gettext_noop("ngày ban hành"))
        if label == "issued"
        else Message(gettext_noop("ngày nhận"))
    )


def _in_year(draft, due_for_year, year, ctx, what):
    """Return due_for_year(year), taking a missing year from the issue (else receipt) date."""
    if year is not None:
        return due_for_year(int(year))
    if ctx.reference is None:
        draft.warn(
            Message(
                gettext_noop("%(what)s không ghi năm và chưa có ngày ban hành: cần nhập năm."),
                what=Capitalized(what),
            )
        )
        return None
    draft.year_note = Message(
        gettext_noop("Năm lấy theo %(base)s %(day)s."),
        base=_since("issued" if ctx.issued_on else "received"),
        day=_fmt(ctx.reference),
    )
    return due_for_year(ctx.reference.year)


def _dated(draft, token, ctx, shift=0):
    """Return the date a token names, minus `shift` days, inferring a missing year."""
    year, month, day = _date_parts(token)
    if not 1 <= month <= 12:
        raise _bad_day_month(token)

    def due_for_year(year):
        return _make_date(year, month, day, token) - timedelta(days=shift)

    return _in_year(
        draft,
        due_for_year,
        year,
        ctx,
        Message(gettext_noop("ngày %(day)s"), day=f"{day:02d}/{month:02d}"),
    )


def _recurring(s, ctx):
    if not (match := _RECURRING.search(s)):
        return None
    draft = _Draft("recurring")
    draft.note = Message(
        gettext_noop(
            "«%(phrase)s»: việc thường xuyên hoặc định kỳ, không có một hạn duy nhất nên không tính vào "
            "tỷ lệ hoàn thành"
        ),
        phrase=match[0],
    )
    if _ANY_DATE.search(s) or _BY_DATE.search(s) or _INCLUSIVE.search(s):
        draft.warn(Message(gettext_noop("Câu có ghi ngày: hạn của từng kỳ cần được lập riêng.")))
    return draft


def _at_hour(s, ctx):
    match = _AT_HOUR.search(s)
    if not match or int(match[1]) > 24 or int(match[2] or 0) > 59:
        return None
    draft = _Draft("inclusive")
    draft.due = _dated(draft, match[3], ctx)
    hour = (
        Message(
            gettext_noop("%(hour)s giờ %(minute)s"),
            hour=int(match[1]),
            minute=f"{int(match[2]):02d}",
        )
        if match[2]
        else Message(gettext_noop("%(hour)s giờ"), hour=int(match[1]))
    )
    draft.note = Message(
        gettext_noop("%(hour)s ngày %(day)s: %(until)s"),
        hour=hour,
        day=_fmt(draft.due) if draft.due else match[3],
        until=_until(draft.due),
    )
    draft.warn(
        Message(
            gettext_noop("Văn bản ghi giờ (%(hour)s): hệ thống tính hạn đến hết ngày."), hour=hour
        ),
        flag=False,
    )
    return draft


def _one_day(kind, pattern, template):
    """Return a reader for a phrase that names one day; template has %(day)s and %(until)s."""

    def read(s, ctx):
        if not (match := pattern.search(s)):
            return None
        token = next(filter(None, match.groups()))
        shift = int(kind == "by_date" and ctx.before_means_previous_day)
        draft = _Draft(kind)
        draft.due = _dated(draft, token, ctx, shift)
        stated = _fmt(draft.due + timedelta(days=shift)) if draft.due else token
        draft.note = Message(template, day=stated, until=_until(draft.due))
        return draft

    return read


def _part_of_year(s, ctx):
    if not (match := _PART_OF_YEAR.search(s)):
        return None
    months = 6 if match[2] else {"sau": 6, "chin": 9}.get(_bare(match[1])) or int(match[1])
    if not 1 <= months <= 12:
        raise InvalidDeadline(
            Message(
                gettext_noop("«%(phrase)s» không hợp lệ: một năm chỉ có 12 tháng."), phrase=match[0]
            )
        )
    first = _bare(match[3]) == "dau"
    kind = {3: "quarter", 6: "half_year", 9: "nine_months", 12: "year"}.get(months, "month")
    what = Message(
        gettext_noop("%(months)s tháng đầu năm")
        if first
        else gettext_noop("%(months)s tháng cuối năm"),
        months=months,
    )
    return _period_draft(kind, what, 1 if first else 13 - months, months, match[4], False, ctx)


def _period_draft(kind, what, first_month, months, year, before, ctx):
    """Return the draft ending a period of `months` months from first_month (or just before)."""
    draft = _Draft(kind)

    def due_for_year(year):
        if before:
            return date(year, first_month, 1) - timedelta(days=1)
        return month_end(year, first_month + months - 1)

    draft.due = _in_year(draft, due_for_year, year, ctx, what)
    if draft.due:
        year = year or ctx.reference.year
        joined = (
            gettext_noop("%(what)s %(year)s")
            if what.endswith("năm")
            else gettext_noop("%(what)s/%(year)s")
        )
        what = Message(joined, what=what, year=year)
    note = (
        gettext_noop("Trước %(what)s: %(until)s")
        if before
        else gettext_noop("Trong %(what)s: %(until)s")
    )
    draft.note = Message(note, what=what, until=_until(draft.due))
    return draft


def _period(s, ctx):
    """Read a named quarter, month or year, or "trong tháng/quý/năm" of the reference date."""
    if match := _QUARTER.search(s):
        number = match[2]
        quarter = _ROMAN.get(number) or (int(number) if number.isdigit() else 0)
        if not 1 <= quarter <= 4:
            raise InvalidDeadline(
                Message(
                    gettext_noop(
                        "Quý «%(quarter)s» không hợp lệ: chỉ có quý I, II, III, IV (hoặc 1–4)."
                    ),
                    quarter=number.upper(),
                )
            )
        what = Message(gettext_noop("quý %(quarter)s"), quarter="I II III IV".split()[quarter - 1])
        return _period_draft("quarter", what, 3 * quarter - 2, 3, match[3], match[1], ctx)
    if match := _MONTH.search(s):
        month = int(match[2])
        if not 1 <= month <= 12:
            raise _bad_month(month)
        what = Message(gettext_noop("tháng %(month)s"), month=month)
        return _period_draft("month", what, month, 1, match[3], match[1], ctx)
    if match := _YEAR_ONLY.search(s):
        return _period_draft("year", Message(gettext_noop("năm")), 1, 12, match[2], match[1], ctx)
    if not (match := _CURRENT_PERIOD.search(s)):
        return None
    kind, months = {"thang": ("month", 1), "quy": ("quarter", 3), "nam": ("year", 12)}[
        _bare(match[1])
    ]
    draft = _Draft(kind)
    if (reference := ctx.reference) is None:
        which = {
            "month": gettext_noop("«%(phrase)s» cần ngày ban hành để biết là tháng nào."),
            "quarter": gettext_noop("«%(phrase)s» cần ngày ban hành để biết là quý nào."),
            "year": gettext_noop("«%(phrase)s» cần ngày ban hành để biết là năm nào."),
        }[kind]
        draft.warn(Message(which, phrase=match[0]))
    else:
        last_month = (reference.month + months - 1) // months * months
        draft.due = month_end(reference.year, last_month)
        draft.year_note = Message(gettext_noop("Kỳ lấy theo ngày %(day)s."), day=_fmt(reference))
    draft.note = Message(
        gettext_noop("%(phrase)s: %(until)s"), phrase=match[0].capitalize(), until=_until(draft.due)
    )
    return draft


def _relative(s, ctx):
    for match in _RELATIVE.finditer(s):
        if draft := _relative_from(match, s, ctx):
            return draft
    return None


def _relative_from(match, s, ctx):
    """Read "15 ngày kể từ ngày nhận", "05 ngày làm việc", "trong 3 tháng"…"""
    count, unit = int(match[1]), match[2]
    units = {"ngay lam viec": "working_days", "tuan": "week", "thang": "month"}
    unit_name = units.get(_bare(unit), "day")
    event = _EVENT.search(s[match.end() :])
    if unit_name == "month" and not (_RELATIVE_LEAD.search(s[: match.start()]) or event):
        return None  # "báo cáo 6 tháng" names a report, not a period
    if count == 0:
        raise InvalidDeadline(
            Message(
                gettext_noop(
                    "«%(phrase)s» không phải là thời hạn: số ngày (tuần, tháng) phải lớn hơn 0."
                ),
                phrase=match[0],
            )
        )
    draft = _Draft("working_days" if unit_name == "working_days" else "relative_days")
    if explicit := _EXPLICIT_BASE.search(s):
        base, base_label = (
            _make_date(*_date_parts(explicit[1]), explicit[1]),
            Message(gettext_noop("ngày")),
        )
    else:
        candidates = [(ctx.received_on, "received"), (ctx.issued_on, "issued")]
        wanted = None
        if _ISSUED.search(s):
            candidates.reverse()
            wanted = "issued"
        elif _RECEIVED.search(s):
            wanted = "received"
        elif event:
            draft.warn(
                Message(
                    gettext_noop(
                        "Mốc «%(event)s» không phải ngày nhận hay ngày ban hành: tạm tính từ ngày nhận (hoặc "
                        "ngày ban hành), cần xác nhận."
                    ),
                    event=event[1],
                )
            )
        base, found = next(((d, label) for d, label in candidates if d), (None, None))
        if base is None:
            draft.warn(Message(gettext_noop("Chưa có ngày nhận hoặc ngày ban hành để tính hạn.")))
            draft.note = Message(
                gettext_noop("%(count)s %(unit)s: chưa tính được hạn vì chưa có mốc"),
                count=count,
                unit=unit,
            )
            return draft
        base_label = _since(found)
        if wanted and found != wanted:
            draft.warn(
                Message(
                    gettext_noop("Chưa có %(wanted)s: tạm tính từ %(base)s %(day)s."),
                    wanted=_since(wanted),
                    base=base_label,
                    day=_fmt(base),
                )
            )
    if unit_name == "working_days":
        draft.due = ctx.calendar.add_working_days(base, count)
        how = Message(gettext_noop("không tính thứ Bảy, Chủ nhật và ngày nghỉ lễ"))
    elif unit_name == "month":
        draft.due = _shift_months(base, count)
        how = Message(gettext_noop("đến ngày tương ứng của tháng cuối"))
    else:
        draft.due = base + timedelta(days=count * (7 if unit_name == "week" else 1))
        how = Message(gettext_noop("ngày sau mốc là ngày thứ nhất"))
    draft.note = Message(
        gettext_noop("%(count)s %(unit)s kể từ %(base)s %(day)s (%(how)s): %(until)s"),
        count=count,
        unit=unit,
        base=base_label,
        day=_fmt(base),
        how=how,
        until=_until(draft.due),
    )
    if unit_name != "working_days" and not ctx.calendar.is_working_day(draft.due):
        following = ctx.calendar.next_working_day(draft.due)
        draft.warn(
            Message(
                gettext_noop(
                    "Ngày %(day)s là ngày nghỉ: theo Bộ luật Dân sự, thời hạn có thể kết thúc vào ngày làm việc "
                    "tiếp theo (%(next)s)."
                ),
                day=_fmt(draft.due),
                next=_fmt(following),
            ),
            flag=False,
        )
    return draft


def _shift_months(day, months):
    """Return the same day `months` later, or that month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def _imprecise(s, ctx):
    if match := _IMPRECISE.search(s):
        raise InvalidDeadline(
            Message(
                gettext_noop(
                    "«%(phrase)s» không chỉ một ngày cụ thể: hãy ghi ngày, ví dụ «chậm nhất ngày 10/09/2023», "
                    "hoặc cả kỳ, ví dụ «trong tháng 9/2023»."
                ),
                phrase=match[0],
            )
        )


def _asap(s, ctx):
    if not (match := _ASAP.search(s)):
        return None
    draft = _Draft("asap")
    base, label = (ctx.issued_on, "issued") if ctx.issued_on else (ctx.received_on, "received")
    if base is None:
        draft.warn(
            Message(
                gettext_noop(
                    "«%(phrase)s» không có ngày cụ thể và chưa có ngày ban hành để tạm tính."
                ),
                phrase=match[0],
            )
        )
        draft.note = Message(gettext_noop("«%(phrase)s»: chưa tính được hạn"), phrase=match[0])
        return draft
    draft.due = base + timedelta(days=ctx.asap_days)
    draft.note = Message(
        gettext_noop(
            "«%(phrase)s»: không có ngày cụ thể, tạm tính %(days)s ngày kể từ %(base)s %(day)s: %(until)s"
        ),
        phrase=match[0],
        days=ctx.asap_days,
        base=_since(label),
        day=_fmt(base),
        until=_until(draft.due),
    )
    draft.warn(
        Message(
            gettext_noop("Thời hạn «%(phrase)s» không có ngày cụ thể: cần xác nhận hạn."),
            phrase=match[0],
        )
    )
    return draft


# The first reader that recognises the phrase wins, so specific forms come before loose ones.
_READERS = (
    _recurring,
    _at_hour,
    _one_day("by_date", _BY_DATE, gettext_noop("Trước ngày %(day)s: %(until)s (theo cấu hình)")),
    _one_day(
        "inclusive",
        _INCLUSIVE,
        gettext_noop("Chậm nhất ngày %(day)s: %(until)s (tính cả ngày này)"),
    ),
    _part_of_year,
    _relative,
    _one_day("date", _ANY_DATE, gettext_noop("Ngày %(day)s: %(until)s")),
    _imprecise,
    _period,
    _asap,
)


def parse_deadline(
    text,
    *,
    issued_on=None,
    received_on=None,
    calendar=None,
    before_means_previous_day=True,
    asap_days=7,
):
    """Read a Vietnamese deadline phrase into a Deadline, or raise InvalidDeadline.

    Dates are always day/month/year. "trước ngày X" ends on X − 1 unless
    before_means_previous_day is False; relative phrases count from received_on, else
    issued_on, on `calendar` (default_calendar() if None) for working days; "ngay",
    "khẩn trương" get issued_on + asap_days and are flagged.
    """
    raw = str(text or "").strip()
    if not (s := _normalise(raw)):
        raise InvalidDeadline(
            Message(
                gettext_noop("Chưa nhập thời hạn. Các dạng được chấp nhận: %(forms)s."),
                forms=ACCEPTED_FORMS,
            )
        )
    calendar = calendar or default_calendar()
    ctx = _Context(issued_on, received_on, calendar, before_means_previous_day, asap_days)
    try:
        draft = next((d for read in _READERS if (d := read(s, ctx)) is not None), None)
    except InvalidDeadline:
        raise
    except (OverflowError, ValueError) as exc:  # date arithmetic past year 1 or 9999
        raise InvalidDeadline(
            Message(gettext_noop("Thời hạn «%(phrase)s» nằm ngoài phạm vi ngày tháng."), phrase=raw)
        ) from exc
    if draft is None:
        raise InvalidDeadline(
            Message(
                gettext_noop(
                    "Không hiểu thời hạn «%(phrase)s». Hãy ghi theo một trong các dạng: %(forms)s."
                ),
                phrase=raw,
                forms=ACCEPTED_FORMS,
            )
        )
    dates = {_date_parts(token) for token in _ALL_FULL_DATES.findall(s)}
    if draft.kind in {"date", "by_date", "inclusive"} and len(dates) > 1:
        draft.warn(
            Message(
                gettext_noop("Câu có %(count)s ngày khác nhau: cần xác nhận ngày nào là thời hạn."),
                count=len(dates),
            )
        )
    if draft.due and ctx.reference and draft.due < ctx.reference:
        draft.warn(
            Message(
                gettext_noop("Hạn %(due)s sớm hơn %(base)s %(day)s: cần xác nhận."),
                due=_fmt(draft.due),
                base=_since("issued" if issued_on else "received"),
                day=_fmt(ctx.reference),
            )
        )
    if draft.year_note:
        note = Message(
            gettext_noop("%(note)s. %(year_note)s"), note=draft.note, year_note=draft.year_note
        )
    else:
        note = Message(gettext_noop("%(note)s."), note=draft.note)
    return Deadline(
        text=raw,
        due=draft.due,
        kind=draft.kind,
        flagged=draft.flagged or (draft.due is None and draft.kind != "recurring"),
        note=note,
        warnings=tuple(draft.warnings),
    )
