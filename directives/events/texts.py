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
    if event.kind in SUBMISSION_KINDS:
        return _submission_headline(event)
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


SUBMISSION_KINDS = (
    Event.Kind.SUBMISSION_SUBMITTED,
    Event.Kind.SUBMISSION_RETURNED,
    Event.Kind.SUBMISSION_ACCEPTED,
    Event.Kind.SUBMISSION_REMINDER,
)


def _submission_headline(event: Event) -> str:
    """Tell a periodic report's event from what its `data` carries (the collection app writes it)."""
    data = event.data
    names = {"report": data.get("report", ""), "unit": data.get("unit", "")}
    Kind = Event.Kind
    if event.kind == Kind.SUBMISSION_SUBMITTED:
        if data.get("nothing_to_report"):
            return _("%(unit)s báo cáo không phát sinh: %(report)s, chờ xem xét") % names
        return _("%(unit)s gửi báo cáo định kỳ %(report)s, chờ xem xét") % names
    if event.kind == Kind.SUBMISSION_RETURNED:
        return _("Báo cáo định kỳ %(report)s bị trả lại") % names
    if event.kind == Kind.SUBMISSION_ACCEPTED:
        return _("Báo cáo định kỳ %(report)s được tiếp nhận") % names
    late = data.get("days_late", 0)
    if late > 0:
        return _("Báo cáo định kỳ %(report)s đã quá hạn %(n)d ngày, chưa gửi") % {
            **names,
            "n": late,
        }
    if late == 0:
        return _("Báo cáo định kỳ %(report)s đến hạn nộp hôm nay") % names
    return _("Báo cáo định kỳ %(report)s còn %(n)d ngày đến hạn nộp") % {**names, "n": -late}


def details(event: Event) -> list[str]:
    """Return the lines beneath the headline: the deadline, the reason, what changed."""
    data, lines = event.data, []
    if event.kind == Event.Kind.ASSIGNED and data.get("deadline"):
        lines.append(_("Thời hạn: %(date)s") % {"date": _date(data["deadline"])})
    if event.kind in SUBMISSION_KINDS and data.get("due_on"):
        lines.append(_("Hạn nộp: %(date)s") % {"date": _date(data["due_on"])})
    if event.kind == Event.Kind.SUBMISSION_REMINDER:
        lines.append(
            _(
                "Điền và gửi báo cáo trên hệ thống, hoặc khai báo “không phát sinh” nếu kỳ này "
                "không có số liệu."
            )
        )
    if data.get("reason"):
        lines.append(_("Lý do: %(reason)s") % {"reason": data["reason"]})
    for field, change in (data.get("changes") or {}).items():
        lines.append(f"{field}: {change}")
    return lines
