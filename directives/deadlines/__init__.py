"""Deadline phrases of Vietnamese directives read into dates (DOMAIN.md §3).

Pure Python (standard library only). A deadline is stored as written and as a date; the date
is the last local day (Asia/Ho_Chi_Minh) on which the work is still on time.
"""

from directives.deadlines.core import (
    ACCEPTED_FORMS,
    KINDS,
    Deadline,
    InvalidDeadline,
    WorkCalendar,
    default_calendar,
    month_end,
    quarter_end,
    vietnam_fixed_holidays,
)
from directives.deadlines.parser import parse_deadline

__all__ = [
    "ACCEPTED_FORMS",
    "KINDS",
    "Deadline",
    "InvalidDeadline",
    "WorkCalendar",
    "default_calendar",
    "month_end",
    "parse_deadline",
    "quarter_end",
    "vietnam_fixed_holidays",
]
