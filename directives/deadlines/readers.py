"""The readers: each recognises one form of deadline phrase and drafts its date."""

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, timedelta

from directives.deadlines.core import InvalidDeadline, WorkCalendar, _bad_month, _fmt, month_end
from directives.deadlines.matching import (
    _ANY_DATE,
    _ASAP,
    _AT_HOUR,
    _BY_DATE,
    _CURRENT_PERIOD,
    _EVENT,
    _EXPLICIT_BASE,
    _IMPRECISE,
    _INCLUSIVE,
    _ISSUED,
    _MONTH,
    _PART_OF_YEAR,
    _QUARTER,
    _RECEIVED,
    _RECURRING,
    _RELATIVE,
    _RELATIVE_LEAD,
    _ROMAN,
    _YEAR_ONLY,
    _bad_day_month,
    _bare,
    _date_parts,
    _make_date,
)
from directives.messages import Capitalized, Message, gettext_noop


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
    base = _since("issued" if ctx.issued_on else "received")
    due = due_for_year(ctx.reference.year)
    if due < ctx.reference:  # "trước 15/1" typed in December: the coming January
        due = due_for_year(ctx.reference.year + 1)
        draft.year_note = Message(
            gettext_noop(
                "%(what)s đã qua trong năm của %(base)s %(day)s nên lấy năm sau, %(year)s."
            ),
            what=Capitalized(what),
            base=base,
            day=_fmt(ctx.reference),
            year=due.year,
        )
        return due
    draft.year_note = Message(
        gettext_noop("Năm lấy theo %(base)s %(day)s."), base=base, day=_fmt(ctx.reference)
    )
    return due


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
    if draft.due:  # the period's own year: the reference's, or the next one when that had passed
        year = year or (draft.due + timedelta(days=1 if before else 0)).year
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


_AMOUNTS = {
    "working_days": gettext_noop("%(count)s ngày làm việc"),
    "week": gettext_noop("%(count)s tuần"),
    "month": gettext_noop("%(count)s tháng"),
    "day": gettext_noop("%(count)s ngày"),
}


def _relative_from(match, s, ctx):
    """Read "15 ngày kể từ ngày nhận", "05 ngày làm việc", "trong 3 tháng"…"""
    count, unit = int(match[1]), match[2]
    units = {"ngay lam viec": "working_days", "tuan": "week", "thang": "month"}
    unit_name = units.get(_bare(unit), "day")
    # The amount in the note is worded from the unit read, not copied from the text, so an English
    # page says "10 working days" rather than the Vietnamese words typed.
    amount = Message(_AMOUNTS[unit_name], count=count)
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
                gettext_noop("%(amount)s: chưa tính được hạn vì chưa có mốc"), amount=amount
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
        gettext_noop("%(amount)s kể từ %(base)s %(day)s (%(how)s): %(until)s"),
        amount=amount,
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
