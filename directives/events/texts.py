"""The one sentence that tells an event, in the bell and in its mail's subject."""

import datetime

from django.utils.translation import gettext as _

from directives.models import Event
from units.vietnamese import format_date


def _date(value: str) -> str:
    return format_date(datetime.date.fromisoformat(value)) if value else ""


def headline(event: Event) -> str:
    """Return "what happened" for `event`, naming the directive (its symbol only: classified-safe)."""
    symbol = event.directive.symbol if event.directive_id else ""
    data = event.data
    Kind = Event.Kind
    if event.kind == Kind.ASSIGNED:
        return _("Đơn vị được giao nhiệm vụ theo văn bản %(symbol)s") % {"symbol": symbol}
    if event.kind == Kind.REPORT_RETURNED:
        return _("Báo cáo nhiệm vụ theo văn bản %(symbol)s bị trả lại") % {"symbol": symbol}
    if event.kind == Kind.REPORT_ACCEPTED:
        return _("Báo cáo nhiệm vụ theo văn bản %(symbol)s được chấp nhận") % {"symbol": symbol}
    if event.kind == Kind.EXTENSION_APPROVED:
        return _("Đồng ý gia hạn nhiệm vụ theo văn bản %(symbol)s đến %(date)s") % {
            "symbol": symbol,
            "date": _date(data.get("deadline", "")),
        }
    if event.kind == Kind.EXTENSION_REJECTED:
        return _("Không đồng ý gia hạn nhiệm vụ theo văn bản %(symbol)s") % {"symbol": symbol}
    unit = event.assignment.unit.name if event.assignment_id else ""
    if event.kind == Kind.REPORT_SUBMITTED:
        text = (
            _("%(unit)s báo cáo hoàn thành nhiệm vụ theo văn bản %(symbol)s, chờ xem xét")
            if data.get("completion")
            else _("%(unit)s gửi báo cáo tiến độ nhiệm vụ theo văn bản %(symbol)s")
        )
        return text % {"unit": unit, "symbol": symbol}
    if event.kind == Kind.EXTENSION_REQUESTED:
        return _(
            "%(unit)s đề nghị gia hạn nhiệm vụ theo văn bản %(symbol)s đến %(date)s, chờ quyết định"
        ) % {"unit": unit, "symbol": symbol, "date": _date(data.get("deadline", ""))}
    return _("Nhiệm vụ theo văn bản %(symbol)s được điều chỉnh") % {"symbol": symbol}


def details(event: Event) -> list[str]:
    """Return the lines beneath the headline: the deadline, the reason, what changed."""
    data, lines = event.data, []
    if event.kind == Event.Kind.ASSIGNED and data.get("deadline"):
        lines.append(_("Thời hạn: %(date)s") % {"date": _date(data["deadline"])})
    if data.get("reason"):
        lines.append(_("Lý do: %(reason)s") % {"reason": data["reason"]})
    for field, change in (data.get("changes") or {}).items():
        lines.append(f"{field}: {change}")
    return lines
