"""Reporting periods (DOMAIN.md §5): calendar months, quarters, 6 and 9 months, years, and the
anti-corruption report windows that run from the day after the cut-off in the previous period's
last month to the cut-off day of the period's last month (15/12 → 14/3 by default).
"""

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from units.vietnamese import format_date

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF = "half", _("6 tháng")
    NINE_MONTHS = "nine_months", _("9 tháng đầu năm")
    YEAR = "year", _("Năm")
    REPORT_QUARTER = "report_quarter", _("Quý – kỳ báo cáo PCTN")
    REPORT_HALF = "report_half", _("6 tháng – kỳ báo cáo PCTN")
    REPORT_NINE_MONTHS = "report_nine_months", _("9 tháng – kỳ báo cáo PCTN")
    REPORT_YEAR = "report_year", _("Năm – kỳ báo cáo PCTN")


# How many sub-periods each kind has in a year (None: the kind needs no number).
NUMBERS = {
    PeriodKind.MONTH: 12,
    PeriodKind.QUARTER: 4,
    PeriodKind.HALF: 2,
    PeriodKind.REPORT_QUARTER: 4,
}
# The last month of each cumulative kind (counted from the start of the year or report year).
CUMULATIVE_LAST_MONTH = {
    PeriodKind.NINE_MONTHS: 9,
    PeriodKind.YEAR: 12,
    PeriodKind.REPORT_HALF: 6,
    PeriodKind.REPORT_NINE_MONTHS: 9,
    PeriodKind.REPORT_YEAR: 12,
}
REPORT_KINDS = {
    PeriodKind.REPORT_QUARTER,
    PeriodKind.REPORT_HALF,
    PeriodKind.REPORT_NINE_MONTHS,
    PeriodKind.REPORT_YEAR,
}


@dataclass(frozen=True)
class Period:
    """A closed range of local days with its official name."""

    kind: str
    year: int
    number: int | None
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        """Name the period the way reports do, e.g. "Quý I/2026" or "6 tháng đầu năm 2026"."""
        kind, year, n = self.kind, self.year, self.number
        if kind == PeriodKind.MONTH:
            name = _t("Tháng %(month)02d/%(year)d") % {"month": n, "year": year}
        elif kind in (PeriodKind.QUARTER, PeriodKind.REPORT_QUARTER):
            name = _t("Quý %(quarter)s/%(year)d") % {"quarter": ROMAN[n], "year": year}
        elif kind == PeriodKind.HALF and n == 2:
            name = _t("6 tháng cuối năm %(year)d") % {"year": year}
        elif kind in (PeriodKind.HALF, PeriodKind.REPORT_HALF):
            name = _t("6 tháng đầu năm %(year)d") % {"year": year}
        elif kind in (PeriodKind.NINE_MONTHS, PeriodKind.REPORT_NINE_MONTHS):
            name = _t("9 tháng đầu năm %(year)d") % {"year": year}
        else:
            name = _t("Năm %(year)d") % {"year": year}
        if kind in REPORT_KINDS:
            name += " " + _t("(kỳ báo cáo PCTN %(start)s – %(end)s)") % {
                "start": format_date(self.start),
                "end": format_date(self.end),
            }
        return name

    def as_of(self, today: datetime.date) -> datetime.date:
        """Return the day the period is judged on: its last day, or today if it has not ended."""
        return min(self.end, today)

    def selects(self) -> Q:
        """Select assignments due in the period plus those due before it and still open at its start."""
        due_in = Q(effective_deadline__gte=self.start, effective_deadline__lte=self.end)
        closed_before = Q(state="completed", completed_on__lt=self.start) | Q(state="cancelled")
        carried_over = Q(effective_deadline__lt=self.start) & ~closed_before
        return due_in | carried_over


def month_last_day(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def report_window_end_day() -> int:
    """Return the cut-off day of report windows: 14 by default, 15 for the older 16th → 15th practice."""
    return settings.PCTS_REPORT_WINDOW_END_DAY


def _report_window(
    year: int, first_month: int, last_month: int
) -> tuple[datetime.date, datetime.date]:
    """Return the window from the day after the cut-off in the month before first_month to the cut-off of last_month."""
    cut = report_window_end_day()
    before_year, before_month = (year - 1, 12) if first_month == 1 else (year, first_month - 1)
    start = datetime.date(before_year, before_month, cut) + datetime.timedelta(days=1)
    return start, datetime.date(year, last_month, cut)


def make_period(kind: str, year: int, number: int | None = None) -> Period:
    """Return the period of `kind` in `year` (number = month, quarter or half where needed).

    Raises ValueError with a Vietnamese message when the number is missing or out of range.
    """
    kind = PeriodKind(kind)
    if not 1900 <= year <= 9999:
        raise ValueError(_t("Năm phải từ 1900 đến 9999."))
    top = NUMBERS.get(kind)
    if top is None:
        number = None
    elif number is None or not 1 <= number <= top:
        raise ValueError(_t("Chọn số thứ tự của kỳ từ 1 đến %(top)d.") % {"top": top})

    if kind == PeriodKind.MONTH:
        start, end = datetime.date(year, number, 1), month_last_day(year, number)
    elif kind == PeriodKind.QUARTER:
        start, end = datetime.date(year, 3 * number - 2, 1), month_last_day(year, 3 * number)
    elif kind == PeriodKind.HALF:
        start, end = datetime.date(year, 6 * number - 5, 1), month_last_day(year, 6 * number)
    elif kind == PeriodKind.REPORT_QUARTER:
        start, end = _report_window(year, 3 * number - 2, 3 * number)
    elif kind in REPORT_KINDS:
        start, end = _report_window(year, 1, CUMULATIVE_LAST_MONTH[kind])
    else:
        start, end = datetime.date(year, 1, 1), month_last_day(year, CUMULATIVE_LAST_MONTH[kind])
    return Period(kind=kind.value, year=year, number=number, start=start, end=end)


def default_number(kind: str, today: datetime.date) -> int | None:
    """Return the sub-period containing today (this month, quarter or half) for kinds that need one."""
    kind = PeriodKind(kind)
    if kind == PeriodKind.MONTH:
        return today.month
    if kind in (PeriodKind.QUARTER, PeriodKind.REPORT_QUARTER):
        return (today.month - 1) // 3 + 1
    if kind == PeriodKind.HALF:
        return 1 if today.month <= 6 else 2
    return None
