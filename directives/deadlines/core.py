"""What a deadline is, the error a bad phrase raises, and the working-day calendar."""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from directives.messages import Message, gettext_noop, translated

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
