"""Reads of the working-day calendar, and the deadlines typed phrases mean on it."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from directives import public_holidays
from directives.batching import remembered
from directives.deadlines import (
    Deadline,
    InvalidDeadline,
    WorkCalendar,
    parse_deadline,
    vietnam_fixed_holidays,
)
from directives.models import Holiday


def work_calendar() -> WorkCalendar:
    """Build the working-day calendar: the editable Holiday table, seeded from Vietnam's holidays.

    A year not seeded yet (directives.public_holidays) takes the library's days off as they are,
    and a year the library lacks the fixed solar holidays, so Tết is skipped before any seeding;
    a day an admin entered wins over both.
    """
    holidays, working, seeded = set(), set(), set()
    for day, is_working, source in Holiday.objects.values_list("day", "is_working_day", "source"):
        (working if is_working else holidays).add(day)
        if source == Holiday.Source.LIBRARY:
            seeded.add(day.year)
    listed = holidays | working

    def unseeded_year(year):
        if year in seeded:
            return ()
        try:
            days = [day for day, _name, works in public_holidays.library_days(year) if not works]
        except public_holidays.UnsupportedYear:
            days = vietnam_fixed_holidays(year)
        return [day for day in days if day not in listed]

    return WorkCalendar(
        holidays=holidays - working, working_weekends=working, yearly_holidays=unseeded_year
    )


def days_off_between(calendar: WorkCalendar, start: datetime.date, end: datetime.date) -> list:
    """The holidays (weekends aside) after `start` up to `end`, with their names, for a preview."""
    names = dict(Holiday.objects.filter(day__gt=start, day__lte=end).values_list("day", "name"))
    for year in range(start.year, end.year + 1):
        try:
            for day, name, _working in public_holidays.library_days(year):
                names.setdefault(day, name)
        except public_holidays.UnsupportedYear:
            pass
    day, found = start, []
    while day < end:
        day += datetime.timedelta(days=1)
        if calendar.is_holiday(day):
            found.append((day, names.get(day, "")))
    return found


def resolve_deadline(text: str, *, issued_on: datetime.date) -> Deadline:
    """Turn a typed date or phrase into a deadline using the configured rules and calendar."""
    try:
        return parse_deadline(
            text,
            issued_on=issued_on,
            calendar=remembered("work_calendar", work_calendar),
            before_means_previous_day=settings.PCTS_BEFORE_MEANS_PREVIOUS_DAY,
            asap_days=settings.PCTS_ASAP_DAYS,
        )
    except InvalidDeadline as exc:
        raise ValidationError({"deadline_text": exc.translate(gettext)}) from exc
