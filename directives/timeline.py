"""Tell what happened to one assignment as a list of dated sentences, newest first.

A timeline is merged from *sources*: functions that take an assignment and yield
`TimelineEntry` items. To add one, write such a function and append it to `SOURCES`, or pass
your own list to `build_timeline`. Sources read the audit trail
(pghistory events, written by database triggers) and the immutable report, review and
extension rows; they never write.
"""

import datetime
from collections.abc import Callable, Iterable

from django.contrib.auth import get_user_model
from django.db.models import Count, DateField, F, Func, IntegerField, Prefetch, TextField, Value
from django.utils.translation import gettext as _

from directives.events import texts as event_texts
from directives.models import (
    Assignment,
    Event,
    EventDelivery,
    ExtensionRequest,
    ProgressReport,
    ReminderDelivery,
    ReminderLine,
    ReportReview,
)
from directives.reminders import texts
from directives.reminders.selectors import ITEM_FIELDS
from directives.timeline_entry import TimelineEntry
from units.vietnamese import format_date

Source = Callable[[Assignment], Iterable[TimelineEntry]]


def _deadline(day: datetime.date | None) -> str:
    return format_date(day) if day else _("không có thời hạn")


def _context_user_id(event) -> int | None:
    """Return the acting user that pghistory's HistoryMiddleware stored with the event, if any."""
    context = event.pgh_context
    if context is None:
        return None
    user_id = (context.metadata or {}).get("user")
    return int(user_id) if user_id not in (None, "") else None


def _context_value(event, key: str):
    """Return what a correction stored in the event's pghistory context (its kind, its reason)."""
    context = event.pgh_context
    return (context.metadata or {}).get(key) if context is not None else None


def assignment_history(assignment: Assignment) -> Iterable[TimelineEntry]:
    """Tell the assignment's own changes: assigned, deadline confirmed or moved, cancelled.

    State changes caused by reports, reviews and extension decisions are told by those sources,
    so they are skipped here to avoid saying the same thing twice.
    """
    events = list(assignment.events.select_related("pgh_context").order_by("pgh_id"))
    approved = set(
        assignment.extension_requests.filter(state=ExtensionRequest.State.APPROVED).values_list(
            "decided_deadline", flat=True
        )
    )
    previous = None
    for event in events:
        actor_id = _context_user_id(event)
        if previous is None or event.pgh_label == "insert":
            text = _("Giao nhiệm vụ cho %(unit)s (%(role)s), hạn %(deadline)s.") % {
                "unit": assignment.unit,
                "role": Assignment.Role(event.role).label,
                "deadline": _deadline(event.effective_deadline),
            }
            if event.deadline_text:
                text += " " + _("Thời hạn theo văn bản: “%(text)s”.") % {
                    "text": event.deadline_text
                }
            yield TimelineEntry(
                at=event.assigned_at or event.pgh_created_at,
                text=text,
                actor_id=actor_id or event.assigned_by_id,
                kind="assigned",
                icon="bi-send",
            )
        else:
            if previous.deadline_flagged and not event.deadline_flagged:
                yield TimelineEntry(
                    at=event.pgh_created_at,
                    actor_id=actor_id,
                    kind="deadline",
                    icon="bi-calendar-check",
                    text=_("Xác nhận thời hạn %(deadline)s.")
                    % {"deadline": _deadline(event.effective_deadline)},
                )
            moved = previous.effective_deadline != event.effective_deadline
            if moved and event.effective_deadline not in approved:
                text = _("Điều chỉnh thời hạn từ %(old)s thành %(new)s.") % {
                    "old": _deadline(previous.effective_deadline),
                    "new": _deadline(event.effective_deadline),
                }
                reason = _context_value(event, "reason")
                if reason and _context_value(event, "correction") == "deadline":
                    text += " " + _("Lý do: %(reason)s") % {"reason": reason}
                yield TimelineEntry(
                    at=event.pgh_created_at,
                    actor_id=actor_id,
                    kind="deadline",
                    icon="bi-calendar-event",
                    text=text,
                )
            if previous.role != event.role:
                yield TimelineEntry(
                    at=event.pgh_created_at,
                    actor_id=actor_id,
                    kind="role",
                    icon="bi-people",
                    text=_("Đổi vai trò của %(unit)s từ %(old)s thành %(new)s.")
                    % {
                        "unit": assignment.unit,
                        "old": Assignment.Role(previous.role).label,
                        "new": Assignment.Role(event.role).label,
                    },
                )
            if event.state == Assignment.State.CANCELLED and previous.state != event.state:
                yield TimelineEntry(
                    at=event.pgh_created_at,
                    actor_id=actor_id,
                    kind="cancelled",
                    icon="bi-x-circle",
                    text=_("Hủy giao nhiệm vụ. Lý do: %(reason)s") % {"reason": event.cancel_reason}
                    if event.cancel_reason
                    else _("Hủy giao nhiệm vụ."),
                    rank=5,
                )
        previous = event


def progress_reports(assignment: Assignment) -> Iterable[TimelineEntry]:
    """Tell each report the unit submitted."""
    reports = ProgressReport.objects.filter(assignment=assignment).annotate(
        file_count=Count("attachments")
    )
    for report in reports:
        if report.claims_completion:
            text = _("Gửi báo cáo hoàn thành nhiệm vụ.")
        elif report.percent is not None:
            text = _("Gửi báo cáo tiến độ: %(percent)d%%.") % {"percent": report.percent}
        else:
            text = _("Gửi báo cáo tiến độ.")
        if report.milestone:
            text += " " + _("Mốc: %(milestone)s.") % {"milestone": report.milestone}
        if report.file_count:
            text += " " + _("Kèm %(n)d tệp.") % {"n": report.file_count}
        yield TimelineEntry(
            at=report.submitted_at,
            text=text,
            actor_id=report.submitted_by_id,
            kind="report",
            icon="bi-file-earmark-text",
            rank=2,
        )


def report_reviews(assignment: Assignment) -> Iterable[TimelineEntry]:
    """Tell how the inspectorate judged each report."""
    reviews = ReportReview.objects.filter(report__assignment=assignment).select_related("report")
    for review in reviews:
        values = {"date": format_date(review.report.submitted_on), "reason": review.reason}
        if review.decision == ReportReview.Decision.RETURN:
            text = _("Trả lại báo cáo ngày %(date)s: %(reason)s") % values
            icon = "bi-arrow-return-left"
        elif review.decision == ReportReview.Decision.CLOSED:
            # Closed with the assignment, which its own entry tells; only an unjudged claim is news.
            if not review.report.claims_completion:
                continue
            text = (
                _("Đóng báo cáo hoàn thành ngày %(date)s, không xem xét: nhiệm vụ đã kết thúc.")
                % values
            )
            icon = "bi-archive"
        elif review.report.claims_completion:
            text = _("Chấp nhận báo cáo hoàn thành ngày %(date)s: nhiệm vụ hoàn thành.") % values
            icon = "bi-check2-circle"
        else:
            text = _("Ghi nhận báo cáo ngày %(date)s.") % values
            icon = "bi-check2"
        if review.decision == ReportReview.Decision.ACCEPT and review.reason:
            text += " " + _("Ý kiến: %(reason)s") % values
        yield TimelineEntry(
            at=review.decided_at,
            text=text,
            actor_id=review.reviewer_id,
            kind="review",
            icon=icon,
            rank=3,
        )


def extension_requests(assignment: Assignment) -> Iterable[TimelineEntry]:
    """Tell each extension request and, once decided, its decision."""
    for request in ExtensionRequest.objects.filter(assignment=assignment):
        yield TimelineEntry(
            at=request.requested_at,
            actor_id=request.requested_by_id,
            kind="extension",
            icon="bi-hourglass-split",
            rank=1,
            text=_("Đề nghị gia hạn từ %(old)s đến %(new)s. Lý do: %(reason)s")
            % {
                "old": _deadline(request.current_deadline),
                "new": format_date(request.requested_deadline),
                "reason": request.reason,
            },
        )
        if request.state == ExtensionRequest.State.PENDING or request.decided_at is None:
            continue
        if request.state == ExtensionRequest.State.APPROVED:
            text = _("Đồng ý gia hạn đến %(date)s.") % {
                "date": format_date(request.decided_deadline)
            }
            icon = "bi-calendar-plus"
        elif request.state == ExtensionRequest.State.CLOSED:
            text = _("Đóng đề nghị gia hạn đến %(date)s: nhiệm vụ đã kết thúc.") % {
                "date": format_date(request.requested_deadline)
            }
            icon = "bi-archive"
        else:
            text = _("Không đồng ý gia hạn đến %(date)s.") % {
                "date": format_date(request.requested_deadline)
            }
            icon = "bi-calendar-x"
        if request.decision_note:
            text += " " + _("Ý kiến: %(note)s") % {"note": request.decision_note}
        yield TimelineEntry(
            at=request.decided_at,
            text=text,
            actor_id=request.decided_by_id,
            kind="extension_decision",
            icon=icon,
            rank=4,
        )


class _Element(Func):
    """array[index], the index an expression (PostgreSQL arrays count from 1)."""

    template = "(%(expressions)s]"
    arg_joiner = ")["


def reminder_timeline(assignment: Assignment):
    """Tell every reminder sent (or that failed) about `assignment`, read from its line of each mail."""
    # Only the assignment's own line of each mail is read: an escalation digest lists thousands.
    at = Func(
        F("item_assignments"),
        Value(assignment.pk),
        function="array_position",
        output_field=IntegerField(),
    )
    deliveries = (
        ReminderDelivery.objects.filter(
            item_assignments__contains=[assignment.pk],
            state__in=[ReminderDelivery.State.SENT, ReminderDelivery.State.FAILED],
        )
        .defer(*ITEM_FIELDS)
        .annotate(
            line_at=at,
            line_reason=_Element(F("item_reasons"), at, output_field=TextField()),
            line_level=_Element(F("item_levels"), at, output_field=IntegerField()),
            line_deadline=_Element(F("item_deadlines"), at, output_field=DateField()),
            line_days_late=_Element(F("item_days_late"), at, output_field=IntegerField()),
        )
        .select_related("recipient")
        .order_by("sent_at", "id")
    )
    for delivery in deliveries:
        item = ReminderLine(
            position=delivery.line_at - 1,
            assignment_id=assignment.pk,
            reason=delivery.line_reason,
            escalation_level=delivery.line_level,
            deadline=delivery.line_deadline,
            days_late=delivery.line_days_late,
        )
        values = {
            "recipient": delivery.recipient,
            "status": texts.status_text(item).lower(),
        }
        if delivery.kind == ReminderDelivery.Kind.MANUAL:
            text = _("Thanh tra đôn đốc: gửi thư tới %(recipient)s (%(status)s).") % values
        elif item.escalation_level:
            text = _("Báo cáo cấp trên: gửi thư nhắc tới %(recipient)s (%(status)s).") % values
        elif item.triggered:
            text = _("Gửi thư nhắc việc tới %(recipient)s (%(status)s).") % values
        else:
            text = _("Nêu trong thư nhắc việc gửi %(recipient)s (%(status)s).") % values
        if delivery.state == ReminderDelivery.State.FAILED:
            text += " " + _("Gửi không thành công: %(error)s") % {
                "error": delivery.last_error[:200]
            }
        yield TimelineEntry(
            at=delivery.sent_at or delivery.created_at,
            text=text,
            actor_id=delivery.requested_by_id,
            kind="reminder",
            icon="bi-bell" if delivery.state == ReminderDelivery.State.SENT else "bi-bell-slash",
        )


def task_history(assignment: Assignment) -> Iterable[TimelineEntry]:
    """Tell the corrections of the task itself: its title or content changed."""
    previous = None
    for event in assignment.task.events.select_related("pgh_context").order_by("pgh_id"):
        if previous is not None and (
            previous.title != event.title or previous.description != event.description
        ):
            yield TimelineEntry(
                at=event.pgh_created_at,
                actor_id=_context_user_id(event),
                kind="task",
                icon="bi-pencil",
                text=_("Sửa nội dung nhiệm vụ: “%(old)s” thành “%(new)s”.")
                % {"old": previous.title, "new": event.title}
                if previous.title != event.title
                else _("Sửa nội dung chi tiết của nhiệm vụ."),
            )
        previous = event


def event_notifications(assignment: Assignment) -> Iterable[TimelineEntry]:
    """Tell every notification sent about `assignment`: what, to whom, and whether the mail left."""
    events = (
        Event.objects.filter(assignment=assignment)
        .select_related("directive", "assignment__unit")
        .prefetch_related(
            Prefetch(
                "deliveries",
                queryset=EventDelivery.objects.select_related("recipient").order_by("copy", "pk"),
            )
        )
        .order_by("created_at", "pk")
    )
    for event in events:
        people = [
            _("%(name)s (%(state)s)")
            % {
                "name": row.recipient.full_name or row.recipient.username,
                "state": row.get_state_display().lower(),
            }
            for row in event.deliveries.all()
        ]
        if not people:
            continue
        yield TimelineEntry(
            at=event.created_at,
            actor_id=None,
            kind="notification",
            icon="bi-envelope",
            rank=1,  # after the change it tells of, written in the same transaction
            text=_("Thông báo «%(headline)s» tới %(people)s.")
            % {"headline": event_texts.headline(event), "people": ", ".join(people)},
        )


SOURCES: list[Source] = [
    assignment_history,
    task_history,
    progress_reports,
    report_reviews,
    extension_requests,
    reminder_timeline,
    event_notifications,
]


def build_timeline(
    assignment: Assignment, sources: Iterable[Source] | None = None
) -> list[TimelineEntry]:
    """Merge every source's entries for `assignment`, newest first, with actors fetched in one query."""
    entries = [
        entry
        for source in (SOURCES if sources is None else sources)
        for entry in source(assignment)
    ]
    actor_ids = {entry.actor_id for entry in entries if entry.actor_id}
    users = get_user_model().objects.in_bulk(actor_ids) if actor_ids else {}
    for entry in entries:
        entry.actor = users.get(entry.actor_id)
    entries.sort(key=lambda entry: (entry.at, entry.rank), reverse=True)
    return entries
