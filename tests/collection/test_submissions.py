"""Report collection: the form's checks, each state, versions, "không phát sinh", late, generation."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from collection import services
from collection.demo import load_example_form
from collection.models import FormObligation, Round, Submission
from collection.permissions import visible_submissions
from directives.periods import PeriodKind, make_period
from tests.periodic.helpers import at

pytestmark = pytest.mark.django_db

Q1 = make_period(PeriodKind.REPORT_QUARTER, 2027, 1)  # 15/12/2026 → 14/03/2027
GOOD = {
    "1": 3,
    "2": 5,
    "2.1": 2,
    "2.2": 3,
    "3": 4,
    "4": "1.500.000",
    "5": 0,
    "6": 120,
    "7": 118,
    "8": [{"8.1": "Vụ A", "8.2": 2, "8.3": 1000000}],
}


@pytest.fixture
def round_(inspector, unit_a, unit_b):
    with time_machine.travel(at(datetime.date(2027, 1, 10)), tick=False):
        return services.round_plan(form=load_example_form(), period=Q1, units=[unit_a, unit_b])


def submission_of(round_, unit):
    return Submission.objects.get(round=round_, unit=unit)


def test_round_opens_with_one_draft_per_unit_due_after_working_days(round_, unit_a):
    assert round_.status == "open"
    assert round_.submissions.count() == 2
    assert submission_of(round_, unit_a).state == "draft"
    assert round_.due_on > Q1.end and round_.due_on.weekday() < 5


def test_draft_then_send_then_accept_keeps_the_version(round_, head_a, inspector, unit_a):
    sub = submission_of(round_, unit_a)
    services.submission_save(actor=head_a, submission=sub, values=GOOD, send=False)
    sub.refresh_from_db()
    assert sub.state == "draft" and sub.values["4"] == 1500000
    with time_machine.travel(at(datetime.date(2027, 3, 16)), tick=False):
        services.submission_save(actor=head_a, submission=sub, values=GOOD, send=True)
    sub.refresh_from_db()
    assert sub.state == "submitted" and not sub.is_late
    services.submission_accept(actor=inspector, submission=sub)
    sub.refresh_from_db()
    assert sub.state == "accepted"
    assert [v.values["2"] for v in sub.versions.all()] == [5]


def test_returned_submission_is_sent_again_and_every_version_kept(
    round_, head_a, inspector, unit_a
):
    sub = submission_of(round_, unit_a)
    services.submission_save(actor=head_a, submission=sub, values=GOOD, send=True)
    with pytest.raises(ValidationError):
        services.submission_return(actor=inspector, submission=sub, reason=" ")
    services.submission_return(actor=inspector, submission=sub, reason="Thiếu số liệu mục 8")
    sub.refresh_from_db()
    assert sub.state == "returned" and sub.return_reason == "Thiếu số liệu mục 8"
    fixed = {**GOOD, "1": 4}
    services.submission_save(actor=head_a, submission=sub, values=fixed, send=True)
    assert [v.values["1"] for v in sub.versions.order_by("number")] == [3, 4]


def test_nothing_to_report_is_declared_explicitly(round_, head_a, unit_a):
    sub = submission_of(round_, unit_a)
    services.submission_declare_nothing(actor=head_a, submission=sub)
    sub.refresh_from_db()
    assert sub.state == "submitted" and sub.nothing_to_report
    assert sub.versions.get().nothing_to_report


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"1": "ba"}, "1. Số cuộc thanh tra, kiểm tra về phòng, chống tham nhũng: phải là số"),
        ({"3": -1}, "phải là số nguyên không âm (đã nhập -1)"),
        ({"2": 6}, "bằng 6 nhưng tổng các chỉ tiêu 2.1 + 2.2 là 5"),
        ({"8": [{"8.2": 1}]}, "Dòng 1, cột “Tên vụ việc”: bắt buộc nhập."),
    ],
)
def test_bad_input_is_refused_naming_the_place_and_nothing_saved(
    round_, head_a, unit_a, change, message
):
    sub = submission_of(round_, unit_a)
    with pytest.raises(ValidationError) as refused:
        services.submission_save(actor=head_a, submission=sub, values={**GOOD, **change}, send=True)
    assert any(message in m for m in refused.value.messages), refused.value.messages
    sub.refresh_from_db()
    assert sub.state == "draft" and sub.values == {} and not sub.versions.exists()


def test_submission_after_the_round_closed_is_accepted_and_marked_late(
    round_, head_a, inspector, unit_a
):
    services.round_close(actor=inspector, round_=round_)
    sub = submission_of(round_, unit_a)
    with time_machine.travel(at(round_.due_on + datetime.timedelta(days=1)), tick=False):
        services.submission_save(actor=head_a, submission=sub, values=GOOD, send=True)
    sub.refresh_from_db()
    assert sub.state == "submitted" and sub.is_late and sub.versions.get().is_late


def test_a_unit_outside_the_submission_cannot_fill_or_see_it(round_, head_b, unit_a):
    sub = submission_of(round_, unit_a)
    with pytest.raises(PermissionDenied):
        services.submission_save(actor=head_b, submission=sub, values=GOOD, send=True)
    assert not visible_submissions(head_b).filter(pk=sub.pk).exists()
    assert visible_submissions(head_b).count() == 1


def test_only_the_inspectorate_reviews(round_, head_a, unit_a):
    sub = submission_of(round_, unit_a)
    services.submission_save(actor=head_a, submission=sub, values=GOOD, send=True)
    with pytest.raises(PermissionDenied):
        services.submission_accept(actor=head_a, submission=sub)


def test_obligation_plans_rounds_across_the_year_end_and_a_rerun_adds_none(unit_a, settings):
    settings.PCTS_PERIODIC_HORIZON_DAYS = 120
    obligation = FormObligation.objects.create(
        form=load_example_form(), cadence="quarterly", starts_on=datetime.date(2026, 12, 1)
    )
    obligation.units.set([unit_a])
    day = datetime.date(2026, 12, 20)
    first = services.horizons_extend(today=day)
    again = services.horizons_extend(today=day)
    labels = list(Round.objects.order_by("period_start").values_list("period_start", "status"))
    assert labels == [
        (datetime.date(2026, 9, 15), "open"),
        (datetime.date(2026, 12, 15), "open"),
        (datetime.date(2027, 3, 15), "planned"),
    ]
    assert first["planned"] == 3 and again["planned"] == 0
    assert Submission.objects.filter(round__status="open").count() == 2


def test_planned_rounds_follow_the_obligations_units_and_skip_dissolved_ones(
    unit_a, unit_b, make_unit, city
):
    gone = make_unit("Xã cũ", kind="commune", parent=city, valid_to=datetime.date(2027, 1, 31))
    obligation = FormObligation.objects.create(
        form=load_example_form(), cadence="quarterly", starts_on=datetime.date(2026, 12, 1)
    )
    obligation.units.set([unit_a, gone])
    day = datetime.date(2026, 12, 20)
    services.horizons_extend(today=day)
    open_round = Round.objects.get(period_start=datetime.date(2026, 12, 15))
    planned = Round.objects.get(period_start=datetime.date(2027, 3, 15))
    assert set(open_round.units.all()) == {unit_a}  # "Xã cũ" ends before 14/03/2027
    obligation.units.add(unit_b)
    services.horizons_extend(today=day)
    assert set(planned.units.all()) == {unit_a, unit_b}  # planned: it follows the obligation
    assert set(open_round.units.all()) == {unit_a}  # open: its units were asked already
