"""Template filters for an assignment's deadline, timeliness badge and days left or late.

Built in Python: a list shows fifty rows and an included template per cell costs more than the
query behind the page. Rows come decorated by `views.assignments._decorate`.
"""

from html import escape

from django import template
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directives.models.workflow import CLOSED_STATES
from units.vietnamese import format_date

register = template.Library()


@register.filter
def deadline_html(a):
    """Show the effective deadline, the original one struck through when it was extended."""
    if not a.effective_deadline:
        text = _("Không thời hạn")
        return mark_safe(f'<span class="text-muted">{escape(text)}</span>')
    html = f'<span class="deadline">{format_date(a.effective_deadline)}</span>'
    if a.deadline_flagged and a.state not in CLOSED_STATES:
        flag = _("cần xác nhận")
        html += f' <span class="badge text-bg-warning">{escape(flag)}</span>'
    if a.extended:
        title = _("Hạn ban đầu")
        html += (
            f' <del class="text-muted small" title="{escape(title)}">'
            f"{format_date(a.original_deadline)}</del>"
        )
    return mark_safe(html)


@register.filter
def timeliness_badge(a):
    """Show the timeliness as a coloured badge."""
    return mark_safe(
        f'<span class="badge t-{escape(a.timeliness)}">{escape(str(a.timeliness_label))}</span>'
    )


@register.filter
def days_html(a):
    """Say how late or how long is left, or when it was completed or reported."""
    if a.days_late:
        text = ngettext("quá hạn %(n)s ngày", "quá hạn %(n)s ngày", a.days_late)
        return mark_safe(
            f'<span class="text-danger fw-semibold">{escape(text % {"n": localize(a.days_late)})}</span>'
        )
    if a.days_left == 0:
        text = _("đến hạn hôm nay")
        return mark_safe(f'<span class="text-danger">{escape(text)}</span>')
    if a.days_left:
        text = ngettext("còn %(n)s ngày", "còn %(n)s ngày", a.days_left)
        return mark_safe(escape(text % {"n": localize(a.days_left)}))
    if a.state == "completed":
        text = _("hoàn thành %(day)s") % {"day": format_date(a.completed_on)}
        return mark_safe(f'<span class="text-success">{escape(text)}</span>')
    if a.state == "reported":
        return mark_safe(escape(_("đã báo cáo %(day)s") % {"day": format_date(a.reported_on)}))
    return mark_safe('<span class="text-muted">—</span>')
