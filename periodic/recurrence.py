"""Which reporting periods a recurring obligation has: a pure function of (recurrence, horizon).

No database here, so the same generator serves the occurrences of periodic tasks (this app) and
the rounds of periodic report forms (issue 17). A cadence names how often; the windows say whose
calendar: the anti-corruption report windows of DOMAIN.md §5 (15/12 → 14/3 …, the cut-off day a
setting read by directives.periods) or calendar months, quarters, halves and years.

- "thường xuyên" (ongoing, no end) is reported on in every quarterly report;
- "hằng quý": the four quarterly windows (Q1 = 15/12 → 14/3 …);
- "6 tháng": the 6-month report and the annual report (the second half is covered by the annual
  report in the PCTN regime); with calendar windows the two calendar halves;
- "hằng năm": the annual window 15/12 → 14/12 (calendar: the year);
- "hằng tháng": calendar months (there is no monthly PCTN window).
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from directives.periods import Period, PeriodKind, make_period


class Cadence(models.TextChoices):
    REGULAR = "regular", _("Thường xuyên (báo cáo hằng quý)")
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    HALF_YEARLY = "half_yearly", _("6 tháng")
    YEARLY = "yearly", _("Hằng năm")


class Windows(models.TextChoices):
    REPORT = "report", _("Kỳ báo cáo PCTN (15 tháng trước – 14 tháng cuối kỳ)")
    CALENDAR = "calendar", _("Theo tháng, quý, năm dương lịch")


# (kind, number) of every period of one year, in order, for each cadence and windows.
_YEAR_PLAN = {
    (Cadence.MONTHLY, Windows.REPORT): [(PeriodKind.MONTH, n) for n in range(1, 13)],
    (Cadence.MONTHLY, Windows.CALENDAR): [(PeriodKind.MONTH, n) for n in range(1, 13)],
    (Cadence.REGULAR, Windows.REPORT): [(PeriodKind.REPORT_QUARTER, n) for n in range(1, 5)],
    (Cadence.REGULAR, Windows.CALENDAR): [(PeriodKind.QUARTER, n) for n in range(1, 5)],
    (Cadence.QUARTERLY, Windows.REPORT): [(PeriodKind.REPORT_QUARTER, n) for n in range(1, 5)],
    (Cadence.QUARTERLY, Windows.CALENDAR): [(PeriodKind.QUARTER, n) for n in range(1, 5)],
    (Cadence.HALF_YEARLY, Windows.REPORT): [
        (PeriodKind.REPORT_HALF, None),
        (PeriodKind.REPORT_YEAR, None),
    ],
    (Cadence.HALF_YEARLY, Windows.CALENDAR): [(PeriodKind.HALF, 1), (PeriodKind.HALF, 2)],
    (Cadence.YEARLY, Windows.REPORT): [(PeriodKind.REPORT_YEAR, None)],
    (Cadence.YEARLY, Windows.CALENDAR): [(PeriodKind.YEAR, None)],
}


@dataclass(frozen=True)
class RecurrenceSpec:
    """What the generator needs of a recurrence: how often, whose windows, from when, until when."""

    cadence: str
    windows: str
    starts_on: datetime.date
    ends_on: datetime.date | None = None


def periods_until(spec: RecurrenceSpec, horizon: datetime.date) -> list[Period]:
    """Return the periods of `spec` that have started by `horizon`, in order.

    The first is the period that contains (or follows) `starts_on`: an obligation begun mid-quarter
    reports on that quarter; a period that ended before `starts_on` is never returned. With
    `ends_on`, no period starting after it. Years roll over without end: a horizon in 2040
    gives 2040's periods.
    """
    plan = _YEAR_PLAN[(Cadence(spec.cadence), Windows(spec.windows))]
    last_start = min(horizon, spec.ends_on) if spec.ends_on else horizon
    found = []
    # A report year starts in the December before it, so begin one year early.
    for year in range(spec.starts_on.year - 1, last_start.year + 2):
        for kind, number in plan:
            period = make_period(kind, year, number)
            if period.end < spec.starts_on or period.start > last_start:
                continue
            found.append(period)
    return sorted(found, key=lambda period: (period.end, period.start))
