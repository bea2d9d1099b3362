"""Every write of the periodic app: recurrences, their rolling horizon, skips, moves, "không phát sinh".

Services take keyword-only arguments, run in one transaction, re-check permission and raise
ValidationError with a Vietnamese message; assignments are created and closed through the
directives services, so their triggers, events and history are the ones every task has.
"""

import datetime
import logging

import pghistory
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from directives import confidentiality, services, workflow
from directives.models import Assignment, Directive, ReportReview, Task
from directives.permissions import can_manage, can_report
from directives.services import corrections
from directives.working_days import work_calendar
from periodic.models import NothingToReport, Occurrence, Recurrence
from periodic.recurrence import Cadence, Windows, periods_until
from units.vietnamese import format_date

logger = logging.getLogger(__name__)


def _require_manager(actor):
    if not can_manage(actor):
        raise PermissionDenied(_("Chỉ cán bộ Thanh tra được thực hiện thao tác này."))


def planning_horizon(today: datetime.date) -> datetime.date:
    """Return the last day whose periods are planned today: today + PCTS_PERIODIC_HORIZON_DAYS."""
    return today + datetime.timedelta(days=settings.PCTS_PERIODIC_HORIZON_DAYS)


def check_recurrence(
    *, directive: Directive, cadence: str, windows: str, starts_on, ends_on, today
) -> None:
    """Refuse a recurrence that is incomplete or would create occurrences before the task exists."""
    errors = {}
    if cadence not in Cadence.values:
        errors["cadence"] = _(
            "Chọn định kỳ: thường xuyên, hằng tháng, hằng quý, 6 tháng hoặc hằng năm."
        )
    if windows not in Windows.values:
        errors["windows"] = _("Chọn cách tính kỳ.")
    if starts_on is None:
        errors["starts_on"] = _("Nhập ngày bắt đầu định kỳ.")
    elif starts_on < today:
        errors["starts_on"] = _(
            "Ngày bắt đầu %(start)s trước ngày giao nhiệm vụ (%(today)s): định kỳ sẽ sinh các kỳ "
            "trước khi có nhiệm vụ. Chọn từ ngày %(today)s trở đi."
        ) % {"start": format_date(starts_on), "today": format_date(today)}
    elif starts_on < directive.issued_on:
        errors["starts_on"] = _(
            "Ngày bắt đầu %(start)s trước ngày ban hành văn bản (%(issued)s)."
        ) % {"start": format_date(starts_on), "issued": format_date(directive.issued_on)}
    if ends_on is not None and starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("Ngày kết thúc phải sau ngày bắt đầu.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def recurrence_create(
    *,
    actor,
    directive: Directive,
    title: str,
    description: str = "",
    is_key: bool = False,
    lead_unit,
    coordinating_units=(),
    cadence: str,
    windows: str = Windows.REPORT,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    deadline_working_days: int | None = None,
) -> Recurrence:
    """Create a periodic task (its series) and plan and open its occurrences up to the horizon."""
    _require_manager(actor)
    today = timezone.localdate()
    starts_on = today if starts_on is None else starts_on
    if directive.is_stub:
        raise ValidationError(_("Hãy bổ sung thông tin văn bản trước khi giao nhiệm vụ."))
    if not title.strip():
        raise ValidationError({"title": _("Nhập tên nhiệm vụ.")})
    if lead_unit is None:
        raise ValidationError({"lead_unit": _("Chọn một đơn vị chủ trì.")})
    check_recurrence(
        directive=directive,
        cadence=cadence,
        windows=windows,
        starts_on=starts_on,
        ends_on=ends_on,
        today=today,
    )
    units = [lead_unit, *(u for u in coordinating_units if u.pk != lead_unit.pk)]
    for unit in units:
        if not unit.is_active_on(today):
            raise ValidationError(
                {
                    "lead_unit": _("Đơn vị “%(unit)s” đã giải thể, không thể giao nhiệm vụ mới.")
                    % {"unit": unit}
                }
            )
    position = (
        directive.tasks.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    title, description = confidentiality.task_text(directive, position, title.strip(), description)
    task = Task.objects.create(
        directive=directive,
        position=position,
        title=title,
        description=description.strip(),
        is_key=is_key,
        created_by=actor,
    )
    if deadline_working_days is None:
        deadline_working_days = settings.PCTS_PERIODIC_REPORT_WORKING_DAYS
    recurrence = Recurrence.objects.create(
        task=task,
        cadence=cadence,
        windows=windows,
        starts_on=starts_on,
        ends_on=ends_on,
        deadline_working_days=deadline_working_days,
        lead_unit=lead_unit,
        created_by=actor,
    )
    recurrence.coordinating_units.set(units[1:])
    horizon_extend(recurrence=recurrence, today=today)
    recurrence.refresh_from_db()
    return recurrence


@transaction.atomic
def horizon_extend(*, recurrence: Recurrence, today: datetime.date) -> tuple[int, int]:
    """Plan the periods started by the horizon and open those started by today; return (planned, opened).

    Safe to run twice: a period already planned is kept as it is (skipped or moved included).
    """
    recurrence = Recurrence.objects.select_for_update().get(pk=recurrence.pk)
    horizon = planning_horizon(today)
    known = set(recurrence.occurrences.values_list("period_kind", "period_start", "period_end"))
    calendar = work_calendar()
    planned = 0
    for period in periods_until(recurrence.spec, horizon):
        if (period.kind, period.start, period.end) in known:
            continue
        due = calendar.add_working_days(period.end, recurrence.deadline_working_days)
        with translation.override(settings.LANGUAGE_CODE):
            label = period.label
        Occurrence.objects.create(
            recurrence=recurrence,
            period_kind=period.kind,
            year=period.year,
            number=period.number,
            period_start=period.start,
            period_end=period.end,
            label=label,
            due_on=due,
            planned_due_on=due,
        )
        planned += 1
    if recurrence.planned_until is None or recurrence.planned_until < horizon:
        recurrence.planned_until = horizon
        recurrence.save(update_fields=["planned_until"])
    opened = 0
    due_now = recurrence.occurrences.filter(
        status=Occurrence.Status.PLANNED, period_start__lte=today
    ).order_by("period_end")
    for occurrence in due_now:
        opened += _open(recurrence, occurrence, today)
    return planned, opened


def _open(recurrence: Recurrence, occurrence: Occurrence, today: datetime.date) -> int:
    """Create the occurrence's task and one assignment per active unit; 0 when the lead has gone."""
    series = recurrence.task
    if not recurrence.lead_unit.is_active_on(today):
        logger.warning(
            "occurrence %s not opened: lead unit %s dissolved",
            occurrence.pk,
            recurrence.lead_unit_id,
        )
        return 0
    directive = series.directive
    with translation.override(settings.LANGUAGE_CODE):
        title = f"{series.title} – {occurrence.label}"
        text = _("Báo cáo %(period)s, hạn %(due)s") % {
            "period": occurrence.label,
            "due": format_date(occurrence.due_on),
        }
    title, description = confidentiality.task_text(
        directive, series.position, title[:500], series.description
    )
    task = Task.objects.create(
        directive=directive,
        position=series.position,
        title=title,
        description=description,
        is_key=series.is_key,
        created_by=recurrence.created_by,
    )
    roles = [(recurrence.lead_unit, Assignment.Role.LEAD)] + [
        (unit, Assignment.Role.COORDINATING)
        for unit in recurrence.coordinating_units.order_by("pk")
        if unit.is_active_on(today)
    ]
    for unit, role in roles:
        services.assignment_create_dated(
            actor=recurrence.created_by,
            task=task,
            unit=unit,
            role=role,
            due=occurrence.due_on,
            # A classified directive keeps the date only, as a typed deadline does.
            deadline_text=format_date(occurrence.due_on) if directive.is_classified else text,
        )
    occurrence.task = task
    occurrence.status = Occurrence.Status.OPEN
    occurrence.save(update_fields=["task", "status"])
    return 1


def horizons_extend(today: datetime.date | None = None) -> dict:
    """Extend every recurrence still running to the horizon (the daily beat job); return totals."""
    today = today or timezone.localdate()
    totals = {"recurrences": 0, "planned": 0, "opened": 0}
    running = Recurrence.objects.exclude(ends_on__lt=today - datetime.timedelta(days=366))
    for pk in running.order_by("pk").values_list("pk", flat=True):
        planned, opened = horizon_extend(recurrence=Recurrence(pk=pk), today=today)
        totals["recurrences"] += 1
        totals["planned"] += planned
        totals["opened"] += opened
    return totals


def _reason(reason: str, message: str, subject) -> str:
    reason = confidentiality.free_text(
        subject, (reason or "").strip(), required=bool((reason or "").strip())
    )
    if not reason:
        raise ValidationError({"reason": message})
    return reason


@transaction.atomic
def occurrence_skip(*, actor, occurrence: Occurrence, reason: str) -> Occurrence:
    """Skip one period with a reason: planned, it is never opened; open, its open parts are cancelled."""
    _require_manager(actor)
    occurrence = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
    directive = occurrence.recurrence.task.directive
    reason = _reason(reason, _("Ghi lý do bỏ qua kỳ này."), directive)
    if occurrence.status == Occurrence.Status.SKIPPED:
        raise ValidationError(_("Kỳ này đã được bỏ qua trước đó."))
    if occurrence.task_id:
        parts = list(occurrence.task.assignments.order_by("pk"))
        open_parts = [a for a in parts if a.is_open]
        if not open_parts:
            raise ValidationError(_("Các đơn vị đã hoàn thành kỳ này: không bỏ qua được nữa."))
        for assignment in open_parts:
            services.assignment_cancel(
                actor=actor,
                assignment=assignment,
                reason=_("Bỏ qua kỳ %(period)s: %(reason)s")
                % {"period": occurrence.label, "reason": reason},
            )
    with pghistory.context(periodic="skip", reason=reason):
        occurrence.status = Occurrence.Status.SKIPPED
        occurrence.reason = reason
        occurrence.changed_by = actor
        occurrence.changed_at = timezone.now()
        occurrence.save(update_fields=["status", "reason", "changed_by", "changed_at"])
    return occurrence


@transaction.atomic
def occurrence_reschedule(
    *, actor, occurrence: Occurrence, due_on: datetime.date | None, reason: str
) -> Occurrence:
    """Move one period's report deadline with a reason; an open period's parts move with it."""
    _require_manager(actor)
    occurrence = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
    directive = occurrence.recurrence.task.directive
    if due_on is None:
        raise ValidationError({"due_on": _("Nhập hạn báo cáo mới.")})
    reason = _reason(reason, _("Ghi lý do dời hạn kỳ này."), directive)
    if occurrence.status == Occurrence.Status.SKIPPED:
        raise ValidationError(_("Kỳ này đã được bỏ qua: không dời hạn được."))
    if due_on < occurrence.period_start:
        raise ValidationError(
            {
                "due_on": _("Hạn mới %(due)s trước ngày đầu kỳ (%(start)s).")
                % {"due": format_date(due_on), "start": format_date(occurrence.period_start)}
            }
        )
    if occurrence.task_id:
        corrections.task_correct_deadline(
            actor=actor, task=occurrence.task, deadline_text=format_date(due_on), reason=reason
        )
    with pghistory.context(periodic="reschedule", reason=reason):
        occurrence.due_on = due_on
        occurrence.reason = reason
        occurrence.changed_by = actor
        occurrence.changed_at = timezone.now()
        occurrence.save(update_fields=["due_on", "reason", "changed_by", "changed_at"])
    return occurrence


@transaction.atomic
def nothing_to_report_declare(*, actor, assignment: Assignment, note: str = "") -> NothingToReport:
    """Record the unit's explicit "không phát sinh" for a period: the part is completed on that day.

    It is a report like any other (immutable, on the timeline) accepted at once, because there is
    nothing for the inspectorate to judge; the declaration row tells it apart from a real report.
    """
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if not Occurrence.objects.filter(task_id=assignment.task_id).exists():
        raise ValidationError(
            _(
                "Chỉ nhiệm vụ định kỳ (báo cáo theo kỳ) mới khai báo “không phát sinh”; "
                "nhiệm vụ này hãy báo cáo tiến độ hoặc kết quả như thường lệ."
            ),
            code="not_periodic",
        )
    if not can_report(actor, assignment):
        if assignment.is_closed:
            raise ValidationError(
                _("Nhiệm vụ đã kết thúc (%(state)s), không nhận thêm báo cáo.")
                % {"state": assignment.get_state_display()}
            )
        raise PermissionDenied
    if assignment.state == Assignment.State.REPORTED:
        raise ValidationError(_("Đã có báo cáo hoàn thành đang chờ Thanh tra xem xét."))
    body = _("Không phát sinh.")
    if note.strip():
        body += " " + note.strip()
    report = services.report_submit(
        actor=actor, assignment=assignment, body=body, claims_completion=True
    )
    now = timezone.now()
    review = ReportReview.objects.create(
        report=report,
        decision=ReportReview.Decision.ACCEPT,
        reason=_("Đơn vị khai báo không phát sinh trong kỳ."),
        reviewer=actor,
        decided_at=now,
    )
    assignment.refresh_from_db()
    workflow.transition(assignment=assignment, to=Assignment.State.COMPLETED, actor=actor)
    assignment.completed_on = report.submitted_on
    assignment.progress_percent = 100
    assignment.accepted_at = review.decided_at
    assignment.save(update_fields=["state", "completed_on", "progress_percent", "accepted_at"])
    return NothingToReport.objects.create(
        assignment=assignment, report=report, declared_by=actor, declared_at=now
    )
