"""Completion and on-time rates as government reports compute them (DOMAIN.md §4)."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from directives.dashboard import (
    Counts,
    completion_rate,
    format_rate,
    on_time_rate,
    rank_rows,
    rounded_rate,
    truncated_rate,
)
from tests.directives.dashboard_data import NOW, add_many, bulk_lead_assignments, client_for, days


@pytest.fixture
def pm_working_group_2017():
    """The Prime Minister's working group, 2017: 16,051 tasks completed, 223 overdue."""
    return Counts(total=16_051 + 223, completed_on_time=16_051, overdue=223)


def test_the_2017_government_figures_give_98_63_rounded(pm_working_group_2017):
    rate = pm_working_group_2017.completion_rate
    assert rounded_rate(rate) == Decimal("98.63")
    assert format_rate(rate) == "98,63 %"


def test_truncating_the_2017_figures_gives_the_98_62_printed_in_the_report(pm_working_group_2017):
    assert truncated_rate(pm_working_group_2017.completion_rate) == Decimal("98.62")


def test_tasks_still_within_deadline_are_left_out_of_the_rates():
    counts = Counts(
        completed_on_time=3,
        completed_late=1,
        overdue=1,
        in_progress=50,
        due_soon=7,
        awaiting_review=4,
    )
    assert counts.completion_rate == Decimal(80)
    assert counts.on_time_rate == Decimal(60)


def test_the_strict_rate_counts_only_completions_on_time():
    assert on_time_rate(completed_on_time=1, completed=4, overdue=0) == Decimal(25)
    assert completion_rate(completed=4, overdue=0) == Decimal(100)


def test_nothing_completed_and_nothing_overdue_has_no_rate():
    assert completion_rate(0, 0) is None
    assert format_rate(None) == "—"


def test_rounding_is_half_up_at_the_second_decimal():
    assert rounded_rate(Decimal("98.625")) == Decimal("98.63")
    assert truncated_rate(Decimal("98.629")) == Decimal("98.62")


def test_units_rank_by_completion_rate_then_on_time_rate_and_equal_rates_share_a_rank(make_unit):
    class Row:
        def __init__(self, name, **counts):
            self.unit = make_unit(name)
            self.counts = Counts(**counts)
            self.rank = None

    best = Row("Sở A", completed_on_time=4)
    tied_1 = Row("Sở B", completed_on_time=2, completed_late=1, overdue=1)
    tied_2 = Row("Sở C", completed_on_time=2, completed_late=1, overdue=1)
    late = Row("Sở D", completed_late=3, overdue=1)
    unrated = Row("Sở E", in_progress=5)

    ranked = rank_rows([unrated, late, tied_2, best, tied_1])

    assert [r.unit.name for r in ranked] == ["Sở A", "Sở B", "Sở C", "Sở D", "Sở E"]
    assert [r.rank for r in ranked] == [1, 2, 2, 4, None]


@pytest.mark.django_db
def test_the_dashboard_shows_98_63_for_the_2017_figures(leader, unit_a):
    """Seed 16,274 lead assignments (the 2017 figures) and read the rate off the page."""
    bulk_lead_assignments(
        unit_a, 16_051, state="completed", deadline=days(-5), completed_on=days(-6)
    )
    bulk_lead_assignments(unit_a, 223, state="in_progress", deadline=days(-5))

    with time_machine.travel(NOW, tick=False):
        html = client_for(leader).get("/tong-hop/").content.decode()

    assert 'data-rate="completion">98,63 %<' in html
    assert 'data-count="16274">16.274<' in html


@pytest.mark.django_db
def test_the_page_shows_rates_of_each_unit_in_its_row(leader, unit_a, unit_b):
    add_many(unit_a, completed_on_time=1, completed_late=1, overdue=1, in_progress=3)
    add_many(unit_b, completed_on_time=2)

    with time_machine.travel(NOW, tick=False):
        html = client_for(leader).get("/tong-hop/").content.decode()

    assert "66,67 %" in html and "33,33 %" in html and "100,00 %" in html


def test_the_government_office_shares_of_2025_are_80_3_16_47_and_3_23_per_cent():
    counts = Counts(
        completed_on_time=7_000,
        completed_late=894,
        in_progress=1_500,
        awaiting_review=119,
        overdue=318,
    )
    assert counts.completed + counts.still_open + counts.overdue == 9_831
    assert [
        rounded_rate(r) for r in (counts.done_share, counts.within_share, counts.overdue_share)
    ] == [
        Decimal("80.30"),
        Decimal("16.47"),
        Decimal("3.23"),
    ]


def test_a_key_task_flag_follows_the_task_onto_its_assignments_and_the_tally(
    inspector, unit_a, unit_b
):
    from directives import services, tally
    from directives.models import Assignment, CompletedTally
    from directives.services import corrections
    from tests.directives.assignment_helpers import make_directive

    task = services.task_create(
        actor=inspector,
        directive=make_directive(inspector),
        title="Kiểm tra kê khai tài sản",
        is_key=True,
        lead_unit=unit_a,
        coordinating_units=[unit_b],
        deadline_text="31/12/2026",
    )
    assert set(Assignment.objects.filter(task=task).values_list("is_key", flat=True)) == {True}
    coordinating = Assignment.objects.filter(task=task, unit=unit_b)
    coordinating.update(state="reported", reported_on="2026-03-01")
    coordinating.update(state="completed", completed_on="2026-03-01")
    assert CompletedTally.objects.get(unit=unit_b).is_key is True
    corrections.task_correct_text(
        actor=inspector, task=task, title=task.title, description="", is_key=False
    )
    assert set(Assignment.objects.filter(task=task).values_list("is_key", flat=True)) == {False}
    assert tally.drift() == []
    assert CompletedTally.objects.filter(unit=unit_b, is_key=True, n__gt=0).count() == 0


def test_a_unit_dissolved_before_the_day_takes_no_rank_and_comes_last(make_unit):
    class Row:
        def __init__(self, name, valid_to=None, **counts):
            self.unit = make_unit(name, valid_to=valid_to)
            self.counts = Counts(**counts)
            self.rank = None

    district = Row("UBND quận Hoàn Kiếm", valid_to=datetime.date(2025, 6, 30), completed_on_time=9)
    ward = Row("UBND phường Hoàn Kiếm", completed_on_time=1, overdue=1)

    ranked = [(r.unit.name, r.rank) for r in rank_rows([district, ward], datetime.date(2026, 1, 1))]
    before = [(r.unit.name, r.rank) for r in rank_rows([district, ward], datetime.date(2025, 6, 1))]

    assert ranked == [("UBND phường Hoàn Kiếm", 1), ("UBND quận Hoàn Kiếm", None)]
    assert before == [("UBND quận Hoàn Kiếm", 1), ("UBND phường Hoàn Kiếm", 2)]
