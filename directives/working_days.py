"""Reads of the working-day calendar, and the deadlines typed phrases mean on it."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from directives.deadlines import (
    Deadline,
    InvalidDeadline,
    WorkCalendar,
    parse_deadline,
    vietnam_fixed_holidays,
)
from directives.models import Holiday


def work_calendar(years=None) -> WorkCalendar:
    """Build the working-day calendar from fixed holidays and the editable Holiday table."""
    today = timezone.localdate()
    years = years or range(today.year - 3, today.year + 3)
    holidays = {d for y in years for d in vietnam_fixed_holidays(y)}
    working = set()
    for day, is_working in Holiday.objects.values_list("day", "is_working_day"):
        (working if is_working else holidays).add(day)
    return WorkCalendar(holidays=holidays - working, working_weekends=working)


def resolve_deadline(text: str, *, issued_on: datetime.date) -> Deadline:
    """Turn a typed date or phrase into a deadline using the configured rules and calendar."""
    try:
        return parse_deadline(
            text,
            issued_on=issued_on,
            calendar=work_calendar(),
            before_means_previous_day=settings.PCTS_BEFORE_MEANS_PREVIOUS_DAY,
            asap_days=settings.PCTS_ASAP_DAYS,
        )
    except InvalidDeadline as exc:
        raise ValidationError({"deadline_text": exc.translate(gettext)}) from exc
