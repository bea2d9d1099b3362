"""Results cannot be rewritten after the fact: the state machine, checked by services, enforced by PostgreSQL."""

import datetime
import threading

import pgtrigger
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from directives import services, workflow
from directives.models import (
    EXTENSION_TRANSITIONS,
    TRANSITIONS,
    Assignment,
    CompletedTally,
    ExtensionRequest,
    ReportReview,
    Timeliness,
    forbidden_transitions,
)
from tests.directives.assignment_helpers import assign, client_for

pytestmark = pytest.mark.django_db
VIETNAM = datetime.timezone(datetime.timedelta(hours=7))


def on(day: str):
    """Travel to 9 a.m. Vietnam time on `day` (only the clock is mocked)."""
    moment = datetime.datetime.fromisoformat(day).replace(hour=9, tzinfo=VIETNAM)
    return time_machine.travel(moment, tick=False)


def label(state: str) -> str:
    return str(Assignment.State(state).label)


def state_of(assignment) -> str:
    return Assignment.objects.values_list("state", flat=True).get(pk=assignment.pk)


def timeliness(assignment, day: str) -> str:
    as_of = datetime.date.fromisoformat(day)
    return Assignment.objects.with_timeliness(as_of=as_of).get(pk=assignment.pk).timeliness


def claim(actor, assignment, body="Đã hoàn thành"):
    return services.report_submit(
        actor=actor, assignment=assignment, body=body, claims_completion=True
    )


@pytest.fixture
def reach(inspector, head_a, unit_a):
    """Return a function that brings a new assignment to a state through the services only."""

    def make(state: str) -> Assignment:
        assignment = assign(inspector, unit_a, deadline="30/06/2026")
        if state == "in_progress":
            services.report_submit(actor=head_a, assignment=assignment, body="Đang làm", percent=40)
        if state in ("reported", "returned", "completed"):
            report = claim(head_a, assignment)
            if state == "returned":
                services.report_review(
                    actor=inspector, report=report, decision="return", reason="Thiếu số liệu"
                )
            if state == "completed":
                services.report_review(actor=inspector, report=report, decision="accept")
        if state == "cancelled":
            services.assignment_cancel(actor=inspector, assignment=assignment, reason="Giao nhầm")
        assignment.refresh_from_db()
        assert assignment.state == state
        return assignment

    return make


# --------------------------------------------------------------------------- the machine


def test_the_machine_names_every_state_of_an_assignment():
    assert set(TRANSITIONS) == set(Assignment.State.values)
    assert set(EXTENSION_TRANSITIONS) == set(ExtensionRequest.State.values)


@pytest.mark.parametrize(("state", "target"), forbidden_transitions(TRANSITIONS))
def test_a_forbidden_move_is_refused_by_the_service_and_by_the_database(
    reach, inspector, state, target
):
    assignment = reach(state)
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    with pytest.raises(ValidationError) as refused:
        workflow.transition(assignment=locked, to=target, actor=inspector)
    if state in ("completed", "cancelled"):
        expected = (
            f"Nhiệm vụ đã kết thúc ({label(state)}): kết quả đã ghi nhận không thể thay đổi, "
            f"không chuyển sang “{label(target)}” được."
        )
    else:
        expected = f"Nhiệm vụ đang ở trạng thái “{label(state)}”, không chuyển sang “{label(target)}” được."
    assert refused.value.messages == [expected]
    raw = {"state": target, "completed_on": datetime.date(2026, 6, 1)}
    with (
        pytest.raises(IntegrityError, match=f"{state} -> {target} is not an allowed transition"),
        transaction.atomic(),
    ):
        Assignment.objects.filter(pk=assignment.pk).update(**raw)
    assert state_of(assignment) == state


@pytest.mark.parametrize(
    ("state", "target"),
    [(state, target) for state, targets in TRANSITIONS.items() for target in sorted(targets)],
)
def test_an_allowed_move_passes_the_database(reach, state, target):
    assignment = reach(state)
    Assignment.objects.filter(pk=assignment.pk).update(
        state=target, completed_on=datetime.date(2026, 6, 1)
    )
    assert state_of(assignment) == target


@pytest.mark.parametrize("state", ["completed", "cancelled"])
def test_a_closed_assignment_keeps_its_deadline_and_completion_date(reach, state):
    assignment = reach(state)
    changes = [
        {"effective_deadline": datetime.date(2027, 6, 30)},
        {"completed_on": datetime.date(2026, 1, 2)},
    ]
    for change in changes:
        with pytest.raises(IntegrityError, match="keeps its deadline"), transaction.atomic():
            Assignment.objects.filter(pk=assignment.pk).update(**change)
    # What is not a result may still change (the unit's name, a flag).
    Assignment.objects.filter(pk=assignment.pk).update(deadline_flagged=True)


@pytest.mark.parametrize(("state", "target"), forbidden_transitions(EXTENSION_TRANSITIONS))
def test_an_extension_request_is_decided_once(head_a, reach, state, target):
    assignment = reach("in_progress")
    request = services.extension_request(
        actor=head_a,
        assignment=assignment,
        requested_deadline=datetime.date(2026, 9, 30),
        reason="Chờ kết quả kiểm toán",
    )
    ExtensionRequest.objects.filter(pk=request.pk).update(state=state)
    with pytest.raises(IntegrityError, match="not an allowed transition"), transaction.atomic():
        ExtensionRequest.objects.filter(pk=request.pk).update(state=target)


# --------------------------------------------------------------------------- the two findings


def test_a_cancelled_assignment_cannot_be_completed_by_accepting_its_earlier_claim(
    inspector, head_a, unit_a
):
    assignment = assign(inspector, unit_a, deadline="30/06/2026")
    report = claim(head_a, assignment)
    services.assignment_cancel(
        actor=inspector, assignment=assignment, reason="Nhiệm vụ chuyển cho Sở Tài chính"
    )
    response = client_for(inspector).post(
        reverse("directives:report-review", args=[report.pk]), {"decision": "accept"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Nhiệm vụ đã kết thúc (Đã hủy): báo cáo không còn chờ xem xét."
    ]
    assignment.refresh_from_db()
    assert (assignment.state, assignment.completed_on) == ("cancelled", None)
    assert assignment.cancel_reason == "Nhiệm vụ chuyển cho Sở Tài chính"
    assert ReportReview.objects.get(report=report).decision == ReportReview.Decision.CLOSED
    # Straight to the database, an accepted review of it is refused as well.
    with pytest.raises(IntegrityError, match="nothing is left to review"), transaction.atomic():
        ReportReview.objects.filter(report=report).delete()
        ReportReview.objects.create(report=report, decision="accept", reviewer=inspector)


def test_approving_a_pending_extension_after_a_late_completion_leaves_it_completed_late(
    inspector, head_a, unit_a
):
    assignment = assign(inspector, unit_a, deadline="30/06/2026")
    with on("2026-07-10"):  # overdue: the unit asks for more time, then reports completion
        request = services.extension_request(
            actor=head_a,
            assignment=assignment,
            requested_deadline=datetime.date(2026, 9, 30),
            reason="Chờ kết quả kiểm toán",
        )
        report = claim(head_a, assignment)
    with on("2026-07-15"):
        services.report_review(actor=inspector, report=report, decision="accept")
    tally = list(CompletedTally.objects.values_list("on_time", "n"))
    assert timeliness(assignment, "2026-07-15") == Timeliness.COMPLETED_LATE
    request.refresh_from_db()
    assert request.state == ExtensionRequest.State.CLOSED  # closed with the assignment

    with on("2026-07-16"):
        response = client_for(inspector).post(
            reverse("directives:extension-decide", args=[request.pk]),
            {"decision": "approve"},
            follow=True,
        )
    assert [str(m) for m in response.context["messages"]] == [
        "Nhiệm vụ đã kết thúc (Hoàn thành): đề nghị gia hạn đã đóng, không còn quyết định."
    ]
    assignment.refresh_from_db()
    assert assignment.effective_deadline == datetime.date(2026, 6, 30)
    assert timeliness(assignment, "2026-07-16") == Timeliness.COMPLETED_LATE
    assert list(CompletedTally.objects.values_list("on_time", "n")) == tally == [(False, 1)]
    # A request still pending on a completed assignment (written before this rule) is refused too.
    with pgtrigger.ignore("directives.ExtensionRequest:extension_request_state_machine"):
        ExtensionRequest.objects.filter(pk=request.pk).update(state="pending")
    with pytest.raises(ValidationError, match="đề nghị gia hạn đã đóng"):
        services.extension_decide(actor=inspector, request=request, approve=True)
    with pytest.raises(IntegrityError, match="its assignment is closed"), transaction.atomic():
        ExtensionRequest.objects.filter(pk=request.pk).update(state="approved")


# --------------------------------------------------------------------------- closing what is pending


def test_cancelling_closes_the_pending_extension_and_the_unreviewed_reports(
    inspector, head_a, unit_a
):
    assignment = assign(inspector, unit_a, deadline="30/06/2026")
    progress = services.report_submit(
        actor=head_a, assignment=assignment, body="Đang làm", percent=40
    )
    request = services.extension_request(
        actor=head_a,
        assignment=assignment,
        requested_deadline=datetime.date(2026, 9, 30),
        reason="Chờ kết quả kiểm toán",
    )
    report = claim(head_a, assignment)
    services.assignment_cancel(actor=inspector, assignment=assignment, reason="Giao nhầm")

    request.refresh_from_db()
    assert (request.state, request.decided_by) == (ExtensionRequest.State.CLOSED, inspector)
    closed = ReportReview.objects.filter(decision=ReportReview.Decision.CLOSED)
    assert sorted(closed.values_list("report", flat=True)) == sorted([progress.pk, report.pk])
    queue = client_for(inspector).get(reverse("directives:review-queue"))
    assert list(queue.context["reports"]) == [] and list(queue.context["extensions"]) == []
    page = client_for(head_a).get(assignment.get_absolute_url()).content.decode()
    assert "Đã đóng (nhiệm vụ đã kết thúc)" in page
    assert "Đóng, không xem xét (nhiệm vụ đã kết thúc)" in page


def test_accepting_a_completion_closes_the_other_unreviewed_reports_and_tells_the_claim_only_once(
    inspector, head_a, unit_a
):
    from directives.timeline import build_timeline

    assignment = assign(inspector, unit_a, deadline="30/06/2026")
    progress = services.report_submit(
        actor=head_a, assignment=assignment, body="Đang làm", percent=40
    )
    report = claim(head_a, assignment)
    services.report_review(actor=inspector, report=report, decision="accept")
    assert ReportReview.objects.get(report=progress).decision == ReportReview.Decision.CLOSED
    assert ReportReview.objects.get(report=report).decision == ReportReview.Decision.ACCEPT
    # The closed progress report adds nothing to the story: the completion tells it.
    assert [e.kind for e in build_timeline(assignment)].count("review") == 1


def test_a_cancelled_claim_is_told_in_the_timeline(inspector, head_a, unit_a):
    from directives.timeline import build_timeline

    assignment = assign(inspector, unit_a, deadline="30/06/2026")
    with on("2026-05-04"):
        claim(head_a, assignment)
    services.assignment_cancel(actor=inspector, assignment=assignment, reason="Giao nhầm")
    texts = [e.text for e in build_timeline(assignment)]
    assert "Đóng báo cáo hoàn thành ngày 04/05/2026, không xem xét: nhiệm vụ đã kết thúc." in texts
    assert "Hủy giao nhiệm vụ. Lý do: Giao nhầm" in texts


def test_the_review_form_offers_no_closing_decision(inspector, head_a, unit_a):
    report = claim(head_a, assign(inspector, unit_a))
    response = client_for(inspector).post(
        reverse("directives:report-review", args=[report.pk]), {"decision": "closed"}, follow=True
    )
    assert "Chọn chấp nhận hoặc trả lại." in [str(m) for m in response.context["messages"]]
    assert not ReportReview.objects.exists()
    assert state_of(report.assignment) == "reported"


# --------------------------------------------------------------------------- decisions queue up


@pytest.mark.django_db(transaction=True)
def test_an_accept_waiting_on_a_cancel_sees_it_and_is_refused(inspector, head_a, unit_a):
    assignment = assign(inspector, unit_a, deadline="30/06/2026")
    report = claim(head_a, assignment)
    outcome = {}

    def accept():
        try:
            services.report_review(actor=inspector, report=report, decision="accept")
        except ValidationError as exc:
            outcome["refused"] = exc.messages
        finally:
            connection.close()

    with transaction.atomic():
        services.assignment_cancel(actor=inspector, assignment=assignment, reason="Giao nhầm")
        reviewer = threading.Thread(target=accept)
        reviewer.start()
        reviewer.join(timeout=0.5)
        assert reviewer.is_alive()  # waiting on the assignment's row lock
    reviewer.join(timeout=10)
    assert outcome == {"refused": ["Nhiệm vụ đã kết thúc (Đã hủy): báo cáo không còn chờ xem xét."]}
    assert state_of(assignment) == "cancelled"
