"""A past day's figures as they stood at the end of that day, read back from the history.

As of day D (the end of local day D, Asia/Ho_Chi_Minh) an assignment counts when it was
assigned on or before D and not cancelled by then, with the deadline in force on D and the state
it had on D:

- assigned: `assigned_at` before the end of D; cancelled: `cancelled_at` before it;
- the deadline: the latest of the approved extensions decided before the end of D
  (`ExtensionRequest.decided_at`) and the row's history events written before it (pghistory:
  corrections, with their reason, and every other change), else the original deadline;
- completed: the accepting review was decided before the end of D (the completion date stays
  the accepted report's submission date); awaiting review: a completion report submitted on or
  before D that no review had decided by the end of D; otherwise open, judged against the
  deadline in force on D.

Rows untouched since D are, today, exactly what they were on D, so only the assignments that
changed after D (`changed_since`: the trigger-kept `changed_at`, in the covering index) are read
back, from their milestones (`accepted_at`, `returned_at`, `cancelled_at`, `reported_on`);
only those revised after D (`revised_at`: a deadline or role moved, a second return) read their
extensions, reports and history events. The rest are counted from the current rows and the
completed tally as for today.
"""

import datetime

from django.conf import settings
from django.db.models import Case, CharField, DateField, F, Q, When
from django.db.models.expressions import RawSQL

from directives.dashboard.scope import in_dashboard_scope
from directives.models import local_today, timeliness_case
from directives.permissions import visible_assignments
from units.vietnamese import VIETNAM_TZ

T = '"directives_assignment"'


def day_end(day: datetime.date) -> datetime.datetime:
    """Return the first moment after local day `day`."""
    return datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time.min, tzinfo=VIETNAM_TZ
    )


def is_past(day: datetime.date) -> bool:
    """Say whether `day` is over, so its figures are read back from the history."""
    return day < local_today()


def changed_since(day: datetime.date) -> Q:
    """Select the assignments whose figures changed after `day`.

    `changed_at` is stamped by a trigger on the database's clock whenever anything a figure
    reads changes (never earlier than the change itself); a row without it counts as changed.
    """
    return Q(changed_at__gte=day_end(day)) | Q(changed_at__isnull=True)


def unchanged_since(day: datetime.date) -> Q:
    """Select the assignments that are today exactly what they were at the end of `day`."""
    return Q(changed_at__lt=day_end(day))


def _state_sql(day: datetime.date) -> tuple[str, list]:
    """Return the state an assignment had at the end of `day`: NULL (not yet assigned), or a word.

    From the row's milestones (accepted, returned, cancelled: the application's clock); a row
    whose history the milestones cannot tell (`revised_at`: a second return, an edited state)
    reads its reports and reviews.
    """
    end = day_end(day)
    sql = f"""CASE
      WHEN {T}.assigned_at >= %s THEN NULL
      WHEN {T}.cancelled_at < %s OR ({T}.state = 'cancelled' AND {T}.cancelled_at IS NULL)
        THEN 'cancelled'
      WHEN {T}.state = 'completed' AND COALESCE({T}.accepted_at < %s, {T}.completed_on <= %s)
        THEN 'completed'
      WHEN {T}.revised_at >= %s THEN CASE
        WHEN EXISTS (SELECT 1 FROM directives_progressreport r
               LEFT JOIN directives_reportreview v ON v.report_id = r.id
              WHERE r.assignment_id = {T}.id AND r.claims_completion AND r.submitted_on <= %s
                AND (v.id IS NULL OR v.decided_at >= %s))
          OR ({T}.state = 'reported' AND {T}.reported_on <= %s AND NOT EXISTS (
               SELECT 1 FROM directives_progressreport r
                WHERE r.assignment_id = {T}.id AND r.claims_completion))
          THEN 'reported' ELSE 'open' END
      WHEN {T}.state IN ('reported', 'completed', 'cancelled') AND {T}.reported_on <= %s
        THEN 'reported'
      WHEN {T}.returned_claim_on <= %s AND {T}.returned_at >= %s THEN 'reported'
      ELSE 'open' END"""
    return sql, [end, end, end, day, end, day, end, day, day, day, end]


def _deadline_sql(day: datetime.date) -> tuple[str, list]:
    """Return the deadline in force at the end of `day`: today's, unless revised after the day.

    A revised row takes the latest approved extension decided before the end of the day or
    history event written before it, else its original deadline.
    """
    end = day_end(day)
    sql = f"""CASE WHEN {T}.assigned_at >= %s THEN NULL
      WHEN {T}.revised_at IS NULL OR {T}.revised_at < %s THEN {T}.effective_deadline
      ELSE (
      SELECT c.deadline FROM (
        SELECT x.decided_at AS at, x.decided_deadline AS deadline FROM directives_extensionrequest x
         WHERE x.assignment_id = {T}.id AND x.state = 'approved' AND x.decided_at < %s
        UNION ALL
        SELECT e.pgh_created_at, e.effective_deadline FROM directives_assignmentevent e
         WHERE e.pgh_obj_id = {T}.id AND e.pgh_created_at < %s
        UNION ALL
        SELECT '-infinity'::timestamptz, {T}.original_deadline
      ) c ORDER BY c.at DESC LIMIT 1) END"""
    return sql, [end, end, end, end]


def _role_sql(day: datetime.date) -> tuple[str, list]:
    """Return the role at the end of `day`: today's, unless revised after it (then its history's)."""
    end = day_end(day)
    sql = f"""CASE WHEN {T}.revised_at IS NULL OR {T}.revised_at < %s THEN {T}.role
      ELSE COALESCE((SELECT e.role FROM directives_assignmentevent e
         WHERE e.pgh_obj_id = {T}.id AND e.pgh_created_at < %s
         ORDER BY e.pgh_created_at DESC, e.pgh_id DESC LIMIT 1), {T}.role) END"""
    return sql, [end, end]


def _classify_sql(day: datetime.date) -> tuple[str, list]:
    """Classify a history row `h` as `AssignmentQuerySet.with_timeliness` classifies a current one."""
    soon = day + datetime.timedelta(days=settings.PCTS_DUE_SOON_DAYS)
    sql = """CASE WHEN h.h_deadline IS NULL THEN 'no_deadline'
      WHEN h.h_state = 'completed' AND h.completed_on <= h.h_deadline THEN 'completed_on_time'
      WHEN h.h_state = 'completed' THEN 'completed_late'
      WHEN h.h_state = 'reported' THEN 'awaiting_review'
      WHEN h.h_deadline < %s THEN 'overdue'
      WHEN h.h_deadline <= %s THEN 'due_soon'
      ELSE 'in_progress' END"""
    return sql, [day, soon]


def history_rows(filterset) -> tuple[str, list]:
    """Return SQL for the changed assignments of a selection as of its day.

    Its columns: id, unit_id, is_key, deadline (in force on the day) and timeliness.

    The selection's filters narrow them, the period and the role judged on the day's values.
    """
    day = filterset.judged_on
    user = filterset.request.user
    rows = filterset.narrow_history(in_dashboard_scope(visible_assignments(user), user))
    state, deadline, role = _state_sql(day), _deadline_sql(day), _role_sql(day)
    rows = (
        rows.order_by()
        .filter(changed_since(day))
        # Assigned after the day: not counted, and not worth reading back.
        .filter(assigned_at__lt=day_end(day))
        .annotate(
            h_state=RawSQL(*state, output_field=CharField()),
            h_deadline=RawSQL(*deadline, output_field=DateField()),
            h_role=RawSQL(*role, output_field=CharField()),
        )
        .values("id", "unit_id", "is_key", "completed_on", "h_state", "h_deadline", "h_role")
    )
    inner, inner_params = rows.query.sql_with_params()
    classify, classify_params = _classify_sql(day)
    where, where_params = ["h.h_state IN ('completed', 'reported', 'open')"], []
    role_chosen = filterset.history_role()
    if role_chosen:
        where.append("h.h_role = %s")
        where_params.append(role_chosen)
    window = filterset.window
    if window is not None:
        where.append(
            "((h.h_deadline BETWEEN %s AND %s) OR (h.h_deadline < %s"
            " AND NOT (h.h_state = 'completed' AND h.completed_on < %s)))"
        )
        where_params += [window.start, window.end, window.start, window.start]
    sql = (
        f"SELECT h.id, h.unit_id, h.is_key, h.h_deadline AS deadline, {classify} AS timeliness"
        # OFFSET 0 keeps the read-back columns computed once per row: a subquery pulled up
        # into the outer query would repeat their sub-selects at every mention.
        f" FROM ({inner} OFFSET 0) h WHERE {' AND '.join(where)}"
    )
    return sql, [*classify_params, *inner_params, *where_params]


def history_ids(filterset, values) -> tuple[str, list]:
    """Return SQL of the ids of the changed assignments whose timeliness as of the day is in `values`."""
    sql, params = history_rows(filterset)
    if not values:
        return f"SELECT s.id FROM ({sql}) s", params
    marks = ", ".join(["%s"] * len(values))
    return f"SELECT s.id FROM ({sql}) s WHERE s.timeliness IN ({marks})", [*params, *values]


def judged_columns(queryset, day: datetime.date):
    """Annotate `judged_deadline` and `timeliness` as of `day` on the rows of a list or export.

    Today's rows are already annotated (the filter set's `with_timeliness`); a past day's
    combined selection is annotated here: the changed rows read back, the others as they are.
    """
    if not is_past(day):
        return queryset.annotate(judged_deadline=F("effective_deadline"))
    changed = changed_since(day)
    deadline = RawSQL(*_deadline_sql(day), output_field=DateField())
    state_sql, state_params = _state_sql(day)
    deadline_sql, deadline_params = _deadline_sql(day)
    classify, classify_params = _classify_sql(day)
    # The same classification as history_rows, on one row (h = its own state and deadline).
    one = (
        f"(SELECT {classify} FROM (SELECT ({state_sql}) AS h_state, ({deadline_sql}) AS h_deadline,"
        f" {T}.completed_on AS completed_on OFFSET 0) h)"
    )
    return queryset.annotate(
        judged_deadline=Case(
            When(changed, then=deadline), default=F("effective_deadline"), output_field=DateField()
        ),
        timeliness=Case(
            When(
                changed,
                then=RawSQL(one, [*classify_params, *state_params, *deadline_params], CharField()),
            ),
            default=timeliness_case(day),
            output_field=CharField(),
        ),
    )


def combined(filterset, live):
    """Return one queryset of the selection as of a past day: unchanged rows from `live`, the rest read back."""
    day = filterset.judged_on
    user = filterset.request.user
    unchanged = live.filter(unchanged_since(day)).values("pk")
    values = filterset.form.cleaned_data.get("timeliness") or []
    ids_sql, ids_params = history_ids(filterset, values)
    scope = in_dashboard_scope(visible_assignments(user), user)
    return scope.filter(Q(pk__in=unchanged) | Q(pk__in=RawSQL(ids_sql, ids_params)))
