"""Vietnam's public holidays from the `holidays` package, seeded into the editable calendar.

The package (python-holidays, maintained, with Vietnam's lunar holidays: Tết, Giỗ Tổ Hùng
Vương, and the compensatory days and swapped Saturdays the government announces) supplies each
year's days; `seed_year` copies them into the Holiday table, where admins add or correct
compensatory days and working weekends. A row already in the table is never overwritten: what
an admin entered wins. `ensure_years` rolls the calendar forward (the daily beat task keeps
last year to two years ahead seeded), and `library_days` answers for a year not seeded yet, so a
deadline counted before the first seeding still skips Tết.
"""

import datetime
from dataclasses import dataclass
from functools import lru_cache

import holidays as holidays_lib
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directives.models import Holiday

COUNTRY = holidays_lib.VN
AHEAD_YEARS = 2  # the years kept seeded: last year to this many years ahead


class UnsupportedYear(ValueError):
    """The package has no calendar for the year; say so, manual entry stays possible."""


@dataclass(frozen=True)
class Seeded:
    year: int
    added: int
    kept: int  # days already in the table (entered by an admin or seeded before), left as they are


def _check(year: int) -> None:
    first, last = COUNTRY.start_year, COUNTRY.end_year
    if not first <= year <= last:
        raise UnsupportedYear(
            _(
                "Thư viện ngày lễ không có lịch năm %(year)s (chỉ có %(first)s–%(last)s). "
                "Hãy nhập tay các ngày nghỉ của năm này trong Lịch ngày nghỉ."
            )
            % {"year": year, "first": first, "last": last}
        )


@lru_cache(maxsize=64)
def library_days(year: int) -> tuple[tuple[datetime.date, str, bool], ...]:
    """(day, Vietnamese name, is_working_day) of the year: days off, then swapped working days."""
    _check(year)
    calendar = holidays_lib.country_holidays("VN", years=year, language="vi")
    days = [(day, name, False) for day, name in sorted(calendar.items())]
    swapped = sorted(d for d in getattr(calendar, "weekend_workdays", ()) if d.year == year)
    days += [(day, _("Ngày làm bù"), True) for day in swapped]
    return tuple(days)


def seed_year(year: int) -> Seeded:
    """Copy the year's holidays into the table; days already there are kept as they are."""
    rows = library_days(year)
    with transaction.atomic():
        existing = set(
            Holiday.objects.filter(day__in=[day for day, _name, _working in rows]).values_list(
                "day", flat=True
            )
        )
        Holiday.objects.bulk_create(
            [
                Holiday(day=day, name=name, is_working_day=working, source=Holiday.Source.LIBRARY)
                for day, name, working in rows
                if day not in existing
            ],
            ignore_conflicts=True,  # a concurrent seeding of the same year
        )
    return Seeded(year=year, added=len(rows) - len(existing), kept=len(existing))


def seeded_years() -> set[int]:
    days = Holiday.objects.filter(source=Holiday.Source.LIBRARY).values_list("day", flat=True)
    return {day.year for day in days}


def years_in_use(today: datetime.date | None = None) -> range:
    today = today or timezone.localdate()
    return range(today.year - 1, today.year + AHEAD_YEARS + 1)


def ensure_years(years=None) -> list[Seeded]:
    """Seed every year of `years` (default: the years in use) not seeded yet; skip unsupported."""
    done = seeded_years()
    seeded = []
    for year in years or years_in_use():
        if year in done:
            continue
        try:
            seeded.append(seed_year(year))
        except UnsupportedYear:
            continue
    return seeded
