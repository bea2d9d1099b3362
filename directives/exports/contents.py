"""What is exported: the per-unit ranking table and drill-down lists, as columns and rows."""

import datetime
from collections.abc import Iterator

from django.utils.translation import gettext as _t

from directives.exports.base import Column, rows_in_chunks


def table_columns() -> list[Column]:
    """Return the columns of the per-unit ranking table."""
    from directives.dashboard import CATEGORIES

    counted = [Column(str(c.label), "int", 13, 17) for c in CATEGORIES]
    return [
        Column(_t("Xếp hạng"), "int", 9, 13),
        Column(_t("Đơn vị"), "text", 40, 60),
        *counted,
        Column(_t("Tỷ lệ hoàn thành"), "rate", 13, 19),
        Column(_t("Tỷ lệ hoàn thành đúng hạn"), "rate", 13, 19),
    ]


def _counts_row(counts) -> list:
    from directives.dashboard import CATEGORY_KEYS, rounded_rate

    values = [counts.value(key) for key in CATEGORY_KEYS]
    return [*values, rounded_rate(counts.completion_rate), rounded_rate(counts.on_time_rate)]


def table_rows(summary) -> Iterator[list]:
    """Yield one row per ranked unit: rank, name, counts, rates rounded as the dashboard shows them."""
    for row in summary.rows:
        yield [row.rank, row.unit.name, *_counts_row(row.counts)]


def table_total_row(summary) -> list:
    return [None, _t("Tổng cộng"), *_counts_row(summary.totals)]


def list_columns() -> list[Column]:
    """Return the columns of a drill-down list export."""
    return [
        Column(_t("STT"), "int", 7, 10),
        Column(_t("Số, ký hiệu"), "text", 16, 24),
        Column(_t("Ngày ban hành"), "date", 12, 20),
        Column(_t("Nhiệm vụ"), "text", 50, 70),
        Column(_t("Đơn vị"), "text", 30, 40),
        Column(_t("Vai trò"), "text", 10, 16),
        Column(_t("Hạn hiện hành"), "date", 12, 20),
        Column(_t("Ngày hoàn thành"), "date", 12, 20),
        Column(_t("Tình hình thực hiện"), "text", 22, 30),
        Column(_t("Số ngày quá hạn"), "int", 10, 15),
    ]


def list_rows(queryset, as_of: datetime.date) -> Iterator[list]:
    """Yield one row per assignment, read from the database in chunks."""
    from directives.models import Timeliness, days_late

    labels = dict(Timeliness.choices)
    completed = (Timeliness.COMPLETED_ON_TIME, Timeliness.COMPLETED_LATE)
    for number, a in enumerate(rows_in_chunks(queryset), start=1):
        directive = a.task.directive
        late_days = (
            days_late(a.judged_deadline, as_of) if a.timeliness == Timeliness.OVERDUE else None
        )
        yield [
            number,
            directive.symbol,
            directive.issued_on,
            a.task.title,
            a.unit.name,
            a.get_role_display(),
            a.judged_deadline,
            a.completed_on if a.timeliness in completed else None,
            str(labels[a.timeliness]),
            late_days,
        ]
