"""Seed directives, tasks and assignments in every timeliness state for the dashboard tests.

Rows go straight into the tables (no services) so each test can pin a state, a deadline and a
completion date relative to a fixed "today"; the clock is the only thing the tests mock.
"""

import datetime
import itertools
import re
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

from django.http import QueryDict
from django.test import Client

from directives.models import Assignment, Directive, Task
from units.vietnamese import fold

TODAY = datetime.date(2026, 3, 20)
NOW = datetime.datetime(2026, 3, 20, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
# Seeded rows were assigned long before any day the tests judge (a past day counts only what
# had been assigned by then).
ASSIGNED_AT = datetime.datetime(2024, 12, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
_numbers = itertools.count(1)


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


# state, deadline, completed_on, reported_on — each lands in one timeliness value on TODAY.
KINDS = {
    "completed_on_time": ("completed", days(-10), days(-12), days(-12)),
    "completed_late": ("completed", days(-20), days(-5), days(-5)),
    "in_progress": ("in_progress", days(30), None, None),
    "due_soon": ("assigned", days(3), None, None),
    "overdue": ("in_progress", days(-2), None, None),
    "awaiting_review": ("reported", days(-1), None, days(-3)),
    "no_deadline": ("in_progress", None, None, None),
    "cancelled": ("cancelled", days(-40), None, None),
}


def make_directive(*, track="state", issuer="UBND", doc_type="KH", summary=None, classified=False):
    """Create a directive with a unique symbol of the given track, issuer and type."""
    n = next(_numbers)
    if track == "party":
        symbol = f"{n}-{doc_type}/{issuer}"
    else:
        symbol = f"{n}/{doc_type}-{issuer}" if doc_type else f"{n}/{issuer}-TTTP"
    summary = summary or f"Kế hoạch phòng, chống tham nhũng thử nghiệm số {n}"
    return Directive.objects.create(
        raw_symbol=symbol,
        symbol=symbol,
        symbol_kind="party" if track == "party" else "state",
        number=str(n),
        doc_type=doc_type,
        issuer_code=issuer,
        track=track,
        identity_key=f"test|{symbol}|{n}",
        issued_on=datetime.date(2026, 1, 5),
        summary=summary,
        is_classified=classified,
        search_text=fold(f"{symbol} {summary}"),
    )


def add(
    unit,
    kind,
    *,
    role="lead",
    directive=None,
    task=None,
    deadline=...,
    completed_on=...,
    reported_on=...,
):
    """Create one assignment of `unit` in the timeliness `kind` (a lead gets its own task)."""
    state, default_deadline, default_completed, default_reported = KINDS[kind]
    deadline = default_deadline if deadline is ... else deadline
    if task is None:
        task = Task.objects.create(
            directive=directive or make_directive(),
            title=f"Nhiệm vụ {kind} của {unit.code} #{next(_numbers)}",
        )
    return Assignment.objects.create(
        task=task,
        unit=unit,
        role=role,
        state=state,
        original_deadline=deadline,
        effective_deadline=deadline,
        completed_on=default_completed if completed_on is ... else completed_on,
        reported_on=default_reported if reported_on is ... else reported_on,
        assigned_at=ASSIGNED_AT,
    )


def add_many(unit, **counts):
    """Create counts[kind] lead assignments of `unit` for each timeliness kind."""
    return [add(unit, kind) for kind, number in counts.items() for _ in range(number)]


def dashboard_filter(user, rf, query: str):
    """Return the user's dashboard filter set for `query`, checked valid."""
    from directives.dashboard import dashboard_assignments
    from directives.dashboard_filters import DashboardFilter

    request = rf.get("/")
    request.user = user
    filterset = DashboardFilter(
        QueryDict(query), queryset=dashboard_assignments(user), request=request
    )
    assert filterset.is_valid(), filterset.errors
    return filterset


def client_for(user) -> Client:
    """Return a client logged in as `user`, speaking HTTPS as behind the TLS proxy."""
    client = Client(headers={"X-Forwarded-Proto": "https"})
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


class _CountLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "dash-count" in (attrs.get("class") or "").split():
            self.links.append((attrs["href"], int(attrs["data-count"])))


def count_links(html: str) -> list[tuple[str, int]]:
    """Return (href, shown count) for every number on a dashboard page."""
    parser = _CountLinks()
    parser.feed(html)
    return parser.links


def total_count(html: str) -> int:
    """Return the exact count a drill-down list page states."""
    return int(re.search(r'data-total-count="(\d+)"', html).group(1))


def bulk_lead_assignments(unit, number: int, *, state: str, deadline, completed_on=None) -> None:
    """Insert `number` tasks, each with one lead assignment of `unit`, in one server-side statement.

    Used for the government-scale fixture (16,274 rows), where row-by-row inserts and their audit
    triggers would take most of a minute.
    """
    import pgtrigger
    from django.db import connection

    directive = make_directive()
    with pgtrigger.ignore("directives.Task:insert_insert", "directives.Assignment:insert_insert"):
        with connection.cursor() as cursor:
            cursor.execute(
                """
                WITH task AS (
                    INSERT INTO directives_task (directive_id, position, title, description, created_at)
                    SELECT %s, 1, 'Nhiệm vụ ' || n, '', now() FROM generate_series(1, %s) AS n
                    RETURNING id
                )
                INSERT INTO directives_assignment (
                    task_id, unit_id, role, deadline_text, deadline_kind, deadline_flagged, original_deadline,
                    effective_deadline, state, progress_percent, completed_on, assigned_at
                )
                SELECT id, %s, 'lead', '', '', false, %s, %s, %s, 0, %s, %s FROM task
                """,
                [
                    directive.pk,
                    number,
                    unit.pk,
                    deadline,
                    deadline,
                    state,
                    completed_on,
                    ASSIGNED_AT,
                ],
            )


# ----------------------------------------------------------------------------- row-by-row oracles
# The dashboard counts in one query from the completed tally and a covering index; these count the
# same selection the plain way, one grouped query over the annotated rows, for the tests to compare.


def counts_by_unit(queryset) -> dict:
    """Count the annotated rows per unit and timeliness."""
    return _grouped(queryset, "unit_id")


def monthly_trend(filterset) -> list:
    """Count the selection by month of effective deadline and timeliness over the trend's months."""
    from directives.dashboard import Counts, MonthStart, month_end, trend_months

    months = trend_months(filterset)
    in_window = filterset.qs.filter(
        effective_deadline__gte=months[0], effective_deadline__lte=month_end(months[-1])
    )
    by_month = _grouped(in_window.annotate(month=MonthStart("effective_deadline")), "month")
    return [(month, by_month.get(month, Counts())) for month in months]


def _grouped(queryset, key: str) -> dict:
    from collections import defaultdict

    from django.db.models import Count

    from directives.dashboard import Counts

    result = defaultdict(Counts)
    for value, timeliness, number in (
        queryset.order_by().values_list(key, "timeliness").annotate(n=Count("id"))
    ):
        result[value].count(timeliness, number)
    return result
