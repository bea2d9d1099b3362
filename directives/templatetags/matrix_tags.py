"""Template filter for the directive page's task × unit matrix."""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from units.vietnamese import format_date

register = template.Library()

# Where the timeliness says more than the state ("Đã giao" + "Quá hạn"), a cell shows both; a
# completed part shows only its timeliness ("Hoàn thành đúng hạn"), a cancelled or awaiting one
# only its state, so no label repeats another.
_OPEN_TIMELINESS = frozenset({"overdue", "due_soon", "in_progress", "no_deadline"})


def _labels(cell) -> str:
    if cell.timeliness.startswith("completed"):
        return f'<div class="small">{escape(cell.timeliness_label)}</div>'
    state = f'<div class="small">{escape(cell.state_label)}</div>'
    if cell.timeliness in _OPEN_TIMELINESS:
        return f'{state}<div class="small text-muted">{escape(cell.timeliness_label)}</div>'
    return state


@register.filter
def matrix_cells(cells):
    """Render a task's row of the matrix as table cells, empty where the unit has no part.

    Built in Python with plain string formatting from `selectors.MatrixCell`: a plan shows a
    thousand cells, and per-cell template tags (or format_html's lazy-aware escaping) cost more
    than the query behind them.
    """
    open_ended = escape(_("thường xuyên"))
    extended, flagged = escape(_("gia hạn")), escape(_("cần xác nhận"))
    extended = f' <span class="small text-muted">({extended})</span>'
    flagged = f'<span class="badge text-bg-warning">{flagged}</span>'
    return mark_safe(
        "".join(
            f'<td class="t-{escape(cell.timeliness)}"><a href="{escape(cell.url)}" '
            f'class="fw-semibold" title="{escape(cell.role_label)}">{"CT" if cell.is_lead else "PH"}</a> '
            f'<span class="visually-hidden">{escape(cell.role_label)}</span>'
            f"<div>{format_date(cell.deadline) if cell.deadline else open_ended}"
            f"{extended if cell.extended else ''}</div>{flagged if cell.flagged else ''}"
            f"{_labels(cell)}</td>"
            if cell
            else "<td></td>"
            for cell in cells
        )
    )
