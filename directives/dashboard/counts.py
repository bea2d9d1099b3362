"""What a dashboard counts: the categories, the rates and their rounding, a row's or tile's counts."""

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.db.models import DateField, Func
from django.utils.translation import gettext_lazy as _

from directives.models import Timeliness
from units.vietnamese import format_number

T = Timeliness
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Category:
    """A counted column: its key, heading and the timeliness values its drill-down lists."""

    key: str
    label: str
    timeliness: tuple[str, ...]


CATEGORIES = [
    Category("total", _("Tổng số"), ()),
    Category("completed_on_time", _("Hoàn thành đúng hạn"), (T.COMPLETED_ON_TIME,)),
    Category("completed_late", _("Hoàn thành quá hạn"), (T.COMPLETED_LATE,)),
    Category("within_deadline", _("Đang thực hiện trong hạn"), (T.IN_PROGRESS, T.DUE_SOON)),
    Category("due_soon", _("Trong đó: sắp đến hạn"), (T.DUE_SOON,)),
    Category("overdue", _("Quá hạn"), (T.OVERDUE,)),
    Category("awaiting_review", _("Đã báo cáo, chờ xem xét"), (T.AWAITING_REVIEW,)),
    Category("no_deadline", _("Thường xuyên / không thời hạn"), (T.NO_DEADLINE,)),
]
CATEGORY_KEYS = [c.key for c in CATEGORIES]

# The timeliness values a dashboard counts (cancelled assignments are outside its scope).
_COUNTED = [
    T.COMPLETED_ON_TIME,
    T.COMPLETED_LATE,
    T.IN_PROGRESS,
    T.DUE_SOON,
    T.OVERDUE,
    T.AWAITING_REVIEW,
    T.NO_DEADLINE,
]
_COUNTED_NAMES = frozenset(str(value) for value in _COUNTED)


class MonthStart(Func):
    """Truncate a date column to the first of its month without a time-zone round trip.

    Django's TruncMonth casts a date to timestamptz first, which costs more than the count.
    """

    template = "date_trunc('month', %(expressions)s::timestamp)::date"
    output_field = DateField()


# --------------------------------------------------------------------------- rates


def percent(numerator: int, denominator: int) -> Decimal | None:
    """Return numerator ÷ denominator in per cent, unrounded, or None when nothing is counted."""
    if not denominator:
        return None
    return Decimal(numerator * 100) / Decimal(denominator)


def completion_rate(completed: int, overdue: int) -> Decimal | None:
    """Return completed ÷ (completed + overdue) in per cent, as government reports compute it.

    Tasks still within their deadline are left out (DOMAIN.md §4).
    """
    return percent(completed, completed + overdue)


def on_time_rate(completed_on_time: int, completed: int, overdue: int) -> Decimal | None:
    """Return completed on time ÷ (completed + overdue) in per cent: the strict rate."""
    return percent(completed_on_time, completed + overdue)


def shares(done: int, within: int, overdue: int) -> tuple[Decimal | None, ...]:
    """Return done, within deadline and overdue as shares of all three, in per cent.

    The Government Office's current convention (2025: 80.3 % done, 16.47 % within deadline,
    3.23 % overdue of 9,831 tasks): every assigned task with a deadline is in the denominator.
    """
    total = done + within + overdue
    return percent(done, total), percent(within, total), percent(overdue, total)


def rounded_rate(rate: Decimal | None) -> Decimal | None:
    """Round a rate half-up to 2 decimals, as the dashboard shows it (98.6297 → 98.63)."""
    return None if rate is None else rate.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def truncated_rate(rate: Decimal | None) -> Decimal | None:
    """Cut a rate to 2 decimals, as some printed reports do (98.6297 → 98.62)."""
    return None if rate is None else rate.quantize(TWO_PLACES, rounding=ROUND_DOWN)


def format_rate(rate: Decimal | None) -> str:
    """Write a rate the Vietnamese way, rounded: "98,63 %"; "—" when there is nothing to rate."""
    return "—" if rate is None else f"{format_number(rate, 2)} %"


@dataclass
class Counts:
    """Counts of one unit (or of everything) by timeliness, with the derived columns and rates."""

    total: int = 0
    completed_on_time: int = 0
    completed_late: int = 0
    in_progress: int = 0
    due_soon: int = 0
    overdue: int = 0
    awaiting_review: int = 0
    no_deadline: int = 0

    def count(self, timeliness: str, number: int) -> None:
        """Add `number` assignments of one timeliness value (values outside the dashboard are ignored)."""
        if timeliness in _COUNTED_NAMES:
            values = self.__dict__
            values[timeliness] += number
            values["total"] += number

    @property
    def completed(self) -> int:
        return self.completed_on_time + self.completed_late

    @property
    def within_deadline(self) -> int:
        return self.in_progress + self.due_soon

    @property
    def completion_rate(self) -> Decimal | None:
        return completion_rate(self.completed, self.overdue)

    @property
    def on_time_rate(self) -> Decimal | None:
        return on_time_rate(self.completed_on_time, self.completed, self.overdue)

    @property
    def still_open(self) -> int:
        """Return the tasks not yet done and not overdue: within deadline or awaiting review."""
        return self.within_deadline + self.awaiting_review

    @property
    def done_share(self) -> Decimal | None:
        return shares(self.completed, self.still_open, self.overdue)[0]

    @property
    def within_share(self) -> Decimal | None:
        return shares(self.completed, self.still_open, self.overdue)[1]

    @property
    def overdue_share(self) -> Decimal | None:
        return shares(self.completed, self.still_open, self.overdue)[2]

    def value(self, key: str) -> int:
        return getattr(self, key)
