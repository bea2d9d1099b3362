"""Every write of report collection: rounds, drafts, sending, "không phát sinh", review.

Keyword-only arguments, one transaction, permission re-checked; a refusal is a ValidationError
whose messages name the field or the cell, and nothing is saved.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from collection.models import FormObligation, Round, RoundStatus, Submission, SubmissionVersion
from collection.notifications import emit_submission_reviewed, emit_submission_sent
from collection.permissions import can_fill, can_review
from collection.validation import check_values, form_fields, label_where
from directives.periods import Period
from directives.working_days import work_calendar
from periodic.recurrence import RecurrenceSpec, periods_until


def _require_reviewer(actor):
    if not can_review(actor):
        raise PermissionDenied(_("Chỉ cán bộ Thanh tra được thực hiện thao tác này."))


def due_on_for(period_end: datetime.date, working_days: int) -> datetime.date:
    """Return the day a report is due: the window's last day + N working days (Tết skipped)."""
    return work_calendar().add_working_days(period_end, working_days)


@transaction.atomic
def round_plan(
    *, form, period: Period, units, due_on=None, working_days=None, obligation=None, today=None
) -> Round:
    """Plan a round of `form` for `period` (open it at once if the period has begun); idempotent."""
    today = today or timezone.localdate()
    if working_days is None:
        working_days = settings.PCTS_PERIODIC_REPORT_WORKING_DAYS
    with translation.override(settings.LANGUAGE_CODE):
        label = period.label
    round_, created = Round.objects.get_or_create(
        form=form,
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        defaults={
            "year": period.year,
            "number": period.number,
            "label": label,
            "due_on": due_on or due_on_for(period.end, working_days),
            "obligation": obligation,
        },
    )
    if created or (obligation is not None and round_.status == RoundStatus.PLANNED):
        round_.units.set(units)  # a planned round follows its obligation's units until it opens
    if round_.status == RoundStatus.PLANNED and period.start <= today:
        round_open(round_=round_)
        round_.refresh_from_db()
    return round_


@transaction.atomic
def round_open(*, round_: Round) -> int:
    """Open a planned round: one draft submission per unit; return how many were created."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status != RoundStatus.PLANNED:
        return 0
    have = set(round_.submissions.values_list("unit_id", flat=True))
    new = [Submission(round=round_, unit=u) for u in round_.units.all() if u.pk not in have]
    Submission.objects.bulk_create(new)
    round_.status = RoundStatus.OPEN
    round_.opened_at = timezone.now()
    round_.save(update_fields=["status", "opened_at"])
    return len(new)


@transaction.atomic
def round_close(*, actor, round_: Round) -> Round:
    """Close an open round: units may still send (after the due day, marked late); it counts as closed."""
    _require_reviewer(actor)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status != RoundStatus.OPEN:
        raise ValidationError(_("Chỉ khóa sổ được đợt đang thu thập."))
    round_.status = RoundStatus.CLOSED
    round_.closed_at = timezone.now()
    round_.save(update_fields=["status", "closed_at"])
    return round_


def _lock_for_filling(actor, submission) -> Submission:
    submission = (
        Submission.objects.select_for_update().select_related("round__form").get(pk=submission.pk)
    )
    if not can_fill(actor, submission):
        raise PermissionDenied(_("Báo cáo này không thể sửa ở trạng thái hiện tại."))
    return submission


def _send(submission, actor, *, file=None, file_name="") -> SubmissionVersion:
    now = timezone.now()
    number = submission.versions.count() + 1
    late = timezone.localdate(now) > submission.round.due_on
    version = SubmissionVersion(
        submission=submission,
        number=number,
        values=submission.values,
        nothing_to_report=submission.nothing_to_report,
        submitted_by=actor,
        submitted_at=now,
        is_late=late,
        file_name=file_name,
    )
    if file is not None:
        version.file.save(file_name or "bao-cao.xlsx", file, save=False)
    version.save()
    submission.state = Submission.State.SUBMITTED
    submission.submitted_at = now
    submission.save(update_fields=["values", "nothing_to_report", "state", "submitted_at"])
    emit_submission_sent(actor=actor, submission=submission, version=version)
    return version


@transaction.atomic
def submission_save(
    *,
    actor,
    submission: Submission,
    values: dict,
    send: bool,
    where=label_where,
    file=None,
    file_name="",
) -> Submission:
    """Check `values` against the form; keep them as the draft, and send them when `send`.

    On any error nothing is saved and a ValidationError lists every place that is wrong.
    """
    submission = _lock_for_filling(actor, submission)
    clean, errors = check_values(form_fields(submission.round.form), values, where)
    if errors:
        raise ValidationError(errors)
    submission.values = clean
    submission.nothing_to_report = False
    if send:
        _send(submission, actor, file=file, file_name=file_name)
    else:
        submission.save(update_fields=["values", "nothing_to_report"])
    return submission


@transaction.atomic
def submission_declare_nothing(*, actor, submission: Submission) -> Submission:
    """Send "không phát sinh": nothing to report this period, told apart from a missing report."""
    submission = _lock_for_filling(actor, submission)
    submission.values = {}
    submission.nothing_to_report = True
    _send(submission, actor)
    return submission


def _lock_for_review(actor, submission) -> Submission:
    _require_reviewer(actor)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.state != Submission.State.SUBMITTED:
        raise ValidationError(_("Chỉ xem xét được báo cáo đã gửi và đang chờ xem xét."))
    return submission


@transaction.atomic
def submission_accept(*, actor, submission: Submission) -> Submission:
    """Accept the sent version; it is what the consolidation counts."""
    submission = _lock_for_review(actor, submission)
    submission.state = Submission.State.ACCEPTED
    submission.reviewed_by, submission.reviewed_at = actor, timezone.now()
    submission.return_reason = ""
    submission.save(update_fields=["state", "reviewed_by", "reviewed_at", "return_reason"])
    emit_submission_reviewed(actor=actor, submission=submission)
    return submission


@transaction.atomic
def submission_return(*, actor, submission: Submission, reason: str) -> Submission:
    """Send a submission back with a reason; the unit corrects and sends a new version."""
    if not reason.strip():
        raise ValidationError({"reason": _("Nhập lý do trả lại.")})
    submission = _lock_for_review(actor, submission)
    submission.state = Submission.State.RETURNED
    submission.reviewed_by, submission.reviewed_at = actor, timezone.now()
    submission.return_reason = reason.strip()
    submission.save(update_fields=["state", "reviewed_by", "reviewed_at", "return_reason"])
    emit_submission_reviewed(actor=actor, submission=submission)
    return submission


def horizons_extend(today: datetime.date | None = None) -> dict:
    """Plan every active obligation's rounds up to the horizon and open those begun by today.

    A rerun plans and opens nothing more: a round is unique per (form, period).
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.PCTS_PERIODIC_HORIZON_DAYS)
    planned = 0
    for obligation in FormObligation.objects.filter(is_active=True).select_related("form"):
        spec = RecurrenceSpec(
            cadence=obligation.cadence,
            windows=obligation.windows,
            starts_on=obligation.starts_on,
            ends_on=obligation.ends_on,
        )
        units = list(obligation.units.all())
        for period in periods_until(spec, horizon):
            before = Round.objects.count()
            round_plan(
                form=obligation.form,
                period=period,
                # A unit dissolved by the period's end (merged in the 2025 reform) is not asked.
                units=[u for u in units if u.is_active_on(period.end)],
                working_days=obligation.deadline_working_days,
                obligation=obligation,
                today=today,
            )
            planned += Round.objects.count() - before
        FormObligation.objects.filter(pk=obligation.pk).update(planned_until=horizon)
    opened = 0
    for round_ in Round.objects.filter(status=RoundStatus.PLANNED, period_start__lte=today):
        round_open(round_=round_)
        opened += 1
    return {"planned": planned, "opened": opened}


def submission_upload(*, actor, submission: Submission, upload) -> Submission:
    """Check the uploaded file (content, size), read the filled template and send its values.

    A template of another form, an older version or another unit is refused; a wrong cell is
    named ("Ô D12 (…)"); nothing is saved on any error.
    """
    from collection.excel import read_template
    from directives.uploads import validate_upload

    if not can_fill(actor, submission):  # before reading a byte of the file
        raise PermissionDenied(_("Báo cáo này không thể sửa ở trạng thái hiện tại."))
    checked = validate_upload(upload)
    if not checked.name.lower().endswith(".xlsx"):
        raise ValidationError(_("Hãy tải lên biểu mẫu Excel (.xlsx) đã điền."))
    upload.seek(0)
    data = upload.read()
    raw, where = read_template(data, submission)
    upload.seek(0)
    return submission_save(
        actor=actor,
        submission=submission,
        values=raw,
        send=True,
        where=where,
        file=upload,
        file_name=checked.name,
    )
