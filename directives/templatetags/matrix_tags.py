"""Template filter for the directive page's task × unit matrix."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from units.vietnamese import format_date

register = template.Library()


@register.filter
def matrix_cells(cells):
    """Render a task's row of the matrix as table cells, empty where the unit has no part.

    Built in Python from `selectors.MatrixCell`: a plan shows a thousand cells and per-cell
    template tags cost more than the query behind them.
    """
    open_ended = _("thường xuyên")
    extended = format_html(' <span class="small text-muted">({})</span>', _("gia hạn"))
    flagged = format_html('<span class="badge text-bg-warning">{}</span>', _("cần xác nhận"))
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html(
                    '<td class="t-{}"><a href="{}" class="fw-semibold" title="{}">{}</a> '
                    '<span class="visually-hidden">{}</span><div>{}{}</div>{}'
                    '<div class="small">{}</div><div class="small text-muted">{}</div></td>',
                    cell.timeliness,
                    cell.url,
                    cell.role_label,
                    "CT" if cell.is_lead else "PH",
                    cell.role_label,
                    format_date(cell.deadline) if cell.deadline else open_ended,
                    extended if cell.extended else "",
                    flagged if cell.flagged else "",
                    cell.state_label,
                    cell.timeliness_label,
                )
                if cell
                else mark_safe("<td></td>"),
            )
            for cell in cells
        ),
    )
