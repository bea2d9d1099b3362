"""Template filters for Vietnamese figures on the dashboard: 16.051, 98,63 %, 05/02/2026."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from directives.dashboard import format_rate
from units.vietnamese import format_date, format_number

register = template.Library()


@register.filter
def vn_number(value):
    """Write a count with dots between thousands: 16051 → "16.051"."""
    return format_number(value) if value not in (None, "") else ""


@register.filter
def vn_rate(value):
    """Write a rate rounded to 2 decimals with a comma: "98,63 %"; "—" when there is none."""
    return format_rate(value)


@register.filter
def vn_date(value):
    """Write a date as dd/mm/yyyy."""
    return format_date(value)


@register.filter
def timeliness_label(value):
    """Name a timeliness value in words ("overdue" → "Quá hạn")."""
    from directives.models import Timeliness

    return dict(Timeliness.choices).get(value, value)


@register.filter
def can_view_dashboard(user):
    """Tell whether the user has a dashboard (leaders, inspectorate, admins, unit heads)."""
    from directives.dashboard import can_view_dashboard as allowed

    return allowed(user)


@register.filter
def count_cells(cells):
    """Render a row of counted numbers as table cells, each linking to the list it counts.

    Built in Python with plain string formatting: a ranking page shows hundreds of them, and
    per-cell template tags (or format_html's lazy-aware escaping) cost more than the query.
    """
    return mark_safe(
        "".join(
            f'<td class="text-end"><a class="dash-count{" text-muted" if not cell.value else ""}" '
            f'href="{escape(cell.link)}" data-count="{cell.value:d}">{format_number(cell.value)}</a></td>'
            for cell in cells
        )
    )
