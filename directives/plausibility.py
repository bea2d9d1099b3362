"""Plausibility of typed input: text lengths and deadlines no real directive has.

A typo such as 31/12/2062 for 31/12/2026 parses, and a pasted book fits a text column; the
services refuse both with a message that says what to fix, and the forms show the limits.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from units.vietnamese import format_date, format_number

# A deadline (or an extension) more than this many years after the directive's issue date is a typo.
MAX_YEARS_AFTER_ISSUE = 10


def latest_deadline(issued_on: datetime.date) -> datetime.date:
    """Return the last day a deadline of a directive issued on `issued_on` may fall on."""
    year = min(issued_on.year + MAX_YEARS_AFTER_ISSUE, datetime.MAXYEAR)
    day = 28 if (issued_on.month, issued_on.day) == (2, 29) else issued_on.day
    return issued_on.replace(year=year, day=day)


def deadline_problem(due: datetime.date, issued_on: datetime.date) -> str | None:
    """Return why `due` cannot be a deadline of a directive issued on `issued_on`, or None."""
    values = {"due": format_date(due), "issued": format_date(issued_on)}
    if due < issued_on:
        return (
            _("Thời hạn %(due)s trước ngày ban hành văn bản %(issued)s: kiểm tra lại ngày, tháng.")
            % values
        )
    if due > latest_deadline(issued_on):
        return _(
            "Thời hạn %(due)s muộn hơn %(years)d năm sau ngày ban hành văn bản %(issued)s: "
            "kiểm tra lại năm."
        ) % {**values, "years": MAX_YEARS_AFTER_ISSUE}
    return None


def check_deadline(due: datetime.date, issued_on: datetime.date, *, field: str) -> None:
    """Refuse, on `field`, a deadline before the issue date or too many years after it."""
    if problem := deadline_problem(due, issued_on):
        raise ValidationError({field: problem}, code="implausible_deadline")


def _length(text: str) -> int:
    # A browser sends a textarea's line breaks as CR LF but counts them as one character.
    return len(text.replace("\r\n", "\n"))


def summary_limit() -> int:
    return settings.PCTS_SUMMARY_MAX_CHARS


def report_limit() -> int:
    return settings.PCTS_REPORT_MAX_CHARS


def limit_help(limit: int) -> str:
    """Say a text field's limit the way the forms show it."""
    return _("Tối đa %(limit)s ký tự.") % {"limit": format_number(limit)}


def check_summary(summary: str) -> None:
    """Refuse a directive summary (trích yếu) longer than PCTS_SUMMARY_MAX_CHARS."""
    limit, length = summary_limit(), _length(summary)
    if length > limit:
        raise ValidationError(
            {
                "summary": _(
                    "Trích yếu dài %(length)s ký tự, quá mức tối đa %(limit)s ký tự: hãy rút gọn."
                )
                % {"length": format_number(length), "limit": format_number(limit)}
            },
            code="too_long",
        )


def check_report_body(body: str) -> None:
    """Refuse a report body longer than PCTS_REPORT_MAX_CHARS."""
    limit, length = report_limit(), _length(body)
    if length > limit:
        raise ValidationError(
            {
                "body": _(
                    "Nội dung báo cáo dài %(length)s ký tự, quá mức tối đa %(limit)s ký tự: "
                    "hãy tóm tắt và đính kèm tệp cho phần chi tiết."
                )
                % {"length": format_number(length), "limit": format_number(limit)}
            },
            code="too_long",
        )
