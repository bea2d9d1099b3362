"""Timeliness as plain conditions (for filters and indexes) says exactly what the annotation says."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directives.models import Assignment, Task, Timeliness
from tests.directives.assignment_helpers import make_directive

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2026, 3, 31)
DAYS = [datetime.date(2026, 3, d) for d in (1, 20, 24, 31)] + [
    datetime.date(2026, 4, d) for d in (1, 5, 10)
]


@pytest.fixture
def every_kind_of_assignment(inspector, unit_a):
    """One assignment per state × deadline × completion day × report day (as far as allowed)."""
    directive = make_directive(inspector)
    combos = [
        (state, deadline, completed_on, reported_on)
        for state, deadline, completed_on, reported_on in itertools.product(
            Assignment.State.values,
            [None, DEADLINE],
            [None, datetime.date(2026, 3, 20), DEADLINE, datetime.date(2026, 4, 5)],
            [None, datetime.date(2026, 3, 20), datetime.date(2026, 4, 5)],
        )
        if not (state == Assignment.State.COMPLETED and completed_on is None)
    ]
    tasks = Task.objects.bulk_create(
        Task(directive=directive, position=n, title=f"Việc {n}") for n in range(len(combos))
    )
    return Assignment.objects.bulk_create(
        Assignment(
            task=task,
            unit=unit_a,
            role=Assignment.Role.COORDINATING,
            state=state,
            original_deadline=deadline,
            effective_deadline=deadline,
            completed_on=completed_on,
            reported_on=reported_on,
        )
        for task, (state, deadline, completed_on, reported_on) in zip(tasks, combos, strict=True)
    )


@pytest.mark.parametrize("as_of", DAYS, ids=str)
def test_each_condition_selects_exactly_the_rows_annotated_with_its_value(
    every_kind_of_assignment, as_of
):
    annotated = dict(
        Assignment.objects.with_timeliness(as_of=as_of).values_list("pk", "timeliness")
    )

    for value in Timeliness.values:
        selected = set(
            Assignment.objects.in_timeliness([value], as_of=as_of).values_list("pk", flat=True)
        )
        assert selected == {pk for pk, t in annotated.items() if t == value}, value


def test_several_values_select_their_union(every_kind_of_assignment):
    as_of = datetime.date(2026, 3, 24)
    annotated = dict(
        Assignment.objects.with_timeliness(as_of=as_of).values_list("pk", "timeliness")
    )
    wanted = [Timeliness.OVERDUE, Timeliness.DUE_SOON, Timeliness.AWAITING_REVIEW]

    selected = set(
        Assignment.objects.in_timeliness(wanted, as_of=as_of).values_list("pk", flat=True)
    )

    assert selected == {pk for pk, t in annotated.items() if t in wanted}


def test_overdue_filter_is_plain_conditions_not_the_case_expression(every_kind_of_assignment):
    with CaptureQueriesContext(connection) as captured:
        list(Assignment.objects.in_timeliness([Timeliness.OVERDUE]).values_list("pk"))

    assert "CASE" not in captured.captured_queries[0]["sql"]
