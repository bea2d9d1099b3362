"""Template filters for figures on the dashboard: 16.051, 98,63 %, 05/02/2026.

Counts and rates follow the page's language (16,051 and 98.63 % in English); dates stay
dd/mm/yyyy in both. Exports are Vietnamese documents and keep the Vietnamese notation.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from directives.dashboard import format_rate
from units.vietnamese import format_date, format_number

register = template.Library()


@register.filter
def vn_number(value):
    """Write a count with dots between thousands: 16051 → "16.051"."""
    if value in (None, ""):
        return ""
    return _in_page_language(format_number(value))


@register.filter
def vn_rate(value):
    """Write a rate rounded to 2 decimals with a comma: "98,63 %"; "—" when there is none."""
    return _in_page_language(format_rate(value))


def _in_page_language(text: str) -> str:
    """Swap the Vietnamese separators (dot for thousands, comma for decimals) on an English page."""
    if not (get_language() or "vi").startswith("en"):
        return text
    return text.translate(str.maketrans({".": ",", ",": "."}))


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
