"""The domain's core rules through the services: identity, deadlines, reports, reviews, timeliness."""

import datetime
import uuid

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, ProgrammingError, transaction

from directives import services
from directives.models import (
    Assignment,
    Directive,
    PartyTerm,
    ProgressReport,
    ReportReview,
    Timeliness,
)

pytestmark = pytest.mark.django_db
TZ = datetime.timezone(datetime.timedelta(hours=7))


def at(day: str, hour: int = 10):
    """Return a moment on a local (Asia/Ho_Chi_Minh) day for the frozen clock."""
    return datetime.datetime.fromisoformat(day).replace(hour=hour, tzinfo=TZ)


@pytest.fixture
def directive(inspector):
    return services.directive_create(
        actor=inspector,
        raw_symbol="31/KH-UBND",
        issued_on=datetime.date(2026, 1, 5),
        summary="Kế hoạch phòng, chống tham nhũng năm 2026",
        issuer_name="UBND thành phố",
    )


def make_task(inspector, directive, unit, deadline_text, coordinating=()):
    return services.task_create(
        actor=inspector,
        directive=directive,
        title="Tự kiểm tra nội bộ",
        lead_unit=unit,
        coordinating_units=list(coordinating),
        deadline_text=deadline_text,
    )


def timeliness(assignment, as_of):
    return Assignment.objects.with_timeliness(as_of=as_of).get(pk=assignment.pk).timeliness


# ------------------------------------------------------------------ identity


def test_same_state_symbol_in_another_year_is_another_directive(inspector, directive):
    again = services.directive_create(
        actor=inspector,
        raw_symbol="31/KH-UBND",
        issued_on=datetime.date(2025, 3, 1),
        summary="Kế hoạch năm 2025",
    )
    assert again.identity_key != directive.identity_key


def test_duplicate_symbol_in_the_same_year_is_refused_with_the_existing_one(inspector, directive):
    with pytest.raises(services.DuplicateDirective) as caught:
        services.directive_create(
            actor=inspector,
            raw_symbol="31/kh-ubnd",
            issued_on=datetime.date(2026, 7, 1),
            summary="trùng",
        )
    assert caught.value.existing == directive
    assert "31/KH-UBND" in caught.value.messages[0]
    assert Directive.objects.count() == 1


def test_party_numbers_restart_each_committee_term(inspector):
    PartyTerm.objects.create(
        issuer_code="TU",
        name="khóa XVII",
        starts_on=datetime.date(2020, 10, 1),
        ends_on=datetime.date(2025, 10, 15),
    )
    PartyTerm.objects.create(
        issuer_code="TU", name="khóa XVIII", starts_on=datetime.date(2025, 10, 16)
    )
    a = services.directive_create(
        actor=inspector,
        raw_symbol="10-CTr/TU",
        issued_on=datetime.date(2021, 3, 17),
        summary="Chương trình 10",
    )
    # A later year of the same term: the same number is the same document.
    with pytest.raises(services.DuplicateDirective):
        services.directive_create(
            actor=inspector,
            raw_symbol="10-CTr/TU",
            issued_on=datetime.date(2023, 3, 17),
            summary="x",
        )
    b = services.directive_create(
        actor=inspector,
        raw_symbol="10-CTr/TU",
        issued_on=datetime.date(2026, 1, 10),
        summary="Chương trình 10 khóa mới",
    )
    assert a.party_term.name == "khóa XVII" and b.party_term.name == "khóa XVIII"


def test_party_document_without_a_known_term_uses_the_year_and_warns(inspector):
    d = services.directive_create(
        actor=inspector,
        raw_symbol="160-KH/TU",
        issued_on=datetime.date(2023, 9, 6),
        summary="Kế hoạch 160",
    )
    assert d.party_term is None
    assert "y2023" in d.identity_key
    assert any("nhiệm kỳ" in w for w in d.parse_warnings)


def test_unparseable_symbol_is_refused_with_a_message_and_nothing_saved(inspector):
    with pytest.raises(ValidationError) as caught:
        services.directive_create(
            actor=inspector,
            raw_symbol="Số: /HC-TH",
            issued_on=datetime.date(2026, 1, 5),
            summary="x",
        )
    assert "raw_symbol" in caught.value.message_dict
    assert Directive.objects.count() == 0


def test_normative_symbol_year_must_match_the_issue_date(inspector):
    with pytest.raises(ValidationError) as caught:
        services.directive_create(
            actor=inspector,
            raw_symbol="06/2024/QĐ-UBND",
            issued_on=datetime.date(2025, 1, 5),
            summary="x",
        )
    assert "issued_on" in caught.value.message_dict


def test_classified_directive_keeps_no_body(inspector):
    with pytest.raises(ValidationError):
        services.directive_create(
            actor=inspector,
            raw_symbol="12-CV/TU",
            issued_on=datetime.date(2026, 1, 5),
            summary="x",
            body="nội dung mật",
            is_classified=True,
        )
    d = services.directive_create(
        actor=inspector,
        raw_symbol="12-CV/TU",
        issued_on=datetime.date(2026, 1, 5),
        summary="",
        is_classified=True,
    )
    assert d.body == "" and d.display_summary == "Văn bản mật – hồ sơ giấy"
    with pytest.raises(IntegrityError), transaction.atomic():
        Directive.objects.filter(pk=d.pk).update(body="lọt nội dung")


def test_unit_user_cannot_register_a_directive(head_a):
    with pytest.raises(PermissionDenied):
        services.directive_create(
            actor=head_a, raw_symbol="1/KH-UBND", issued_on=datetime.date(2026, 1, 5), summary="x"
        )


def test_registering_with_links_refuses_a_unit_user_and_saves_nothing_on_a_bad_link(
    inspector, head_a
):
    fields = {"raw_symbol": "2/KH-UBND", "issued_on": datetime.date(2026, 1, 5), "summary": "x"}
    with pytest.raises(PermissionDenied):
        services.directive_register(actor=head_a, **fields)
    with pytest.raises(ValidationError) as refused:
        services.directive_register(
            actor=inspector, **fields, links=[("126/NQ-CP", "no-such-kind", None)]
        )
    assert "126/NQ-CP" in refused.value.messages[0]
    assert not Directive.objects.exists()
    directive = services.directive_register(
        actor=inspector, **fields, links=[("126/NQ-CP", "implements", datetime.date(2017, 11, 29))]
    )
    assert [link.target.symbol for link in directive.links_out.all()] == ["126/NQ-CP"]


def test_citing_an_unregistered_directive_creates_a_stub_to_complete(inspector, directive):
    link = services.directive_link_add(
        actor=inspector,
        source=directive,
        target="126/NQ-CP",
        kind="implements",
        issued_on=datetime.date(2017, 11, 29),
    )
    assert link.target.is_stub and link.target.symbol == "126/NQ-CP"
    again = services.directive_link_add(
        actor=inspector,
        source=directive,
        target="126/NQ-CP",
        kind="based_on",
        issued_on=datetime.date(2017, 11, 29),
    )
    assert again.target == link.target


# ------------------------------------------------------------------ deadlines & assignments


def test_deadline_phrase_is_stored_as_written_and_as_a_date(inspector, directive, unit_a):
    task = make_task(inspector, directive, unit_a, "trong quý III/2026")
    a = task.assignments.get()
    assert a.deadline_text == "trong quý III/2026"
    assert a.original_deadline == a.effective_deadline == datetime.date(2026, 9, 30)


def test_before_date_means_the_end_of_the_previous_day(inspector, directive, unit_a):
    a = make_task(inspector, directive, unit_a, "trước ngày 15/10/2026").assignments.get()
    assert a.effective_deadline == datetime.date(2026, 10, 14)


def test_urgent_phrase_gets_issue_date_plus_seven_days_and_a_flag(inspector, directive, unit_a):
    a = make_task(inspector, directive, unit_a, "khẩn trương").assignments.get()
    assert a.effective_deadline == datetime.date(2026, 1, 12)
    assert a.deadline_flagged


def test_deadline_before_the_issue_date_is_refused(inspector, directive, unit_a):
    with pytest.raises(ValidationError) as caught:
        make_task(inspector, directive, unit_a, "31/12/2025")
    assert "deadline_text" in caught.value.message_dict
    assert directive.tasks.count() == 0


def test_a_task_has_one_lead_and_any_number_of_coordinating_units(
    inspector, directive, unit_a, unit_b, make_unit
):
    c = make_unit("Sở Tư pháp")
    task = make_task(inspector, directive, unit_a, "30/06/2026", coordinating=[unit_b, c])
    assert sorted(task.assignments.values_list("role", flat=True)) == [
        "coordinating",
        "coordinating",
        "lead",
    ]
    with pytest.raises(ValidationError):
        services.assignment_add(actor=inspector, task=task, unit=make_unit("Sở Y tế"), role="lead")
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.filter(task=task, unit=unit_b).update(role="lead")


def test_dissolved_unit_cannot_receive_new_tasks(inspector, directive, make_unit):
    district = make_unit(
        "UBND quận Hoàn Kiếm", kind="district", valid_to=datetime.date(2025, 6, 30)
    )
    with pytest.raises(ValidationError):
        make_task(inspector, directive, district, "30/06/2026")


# ------------------------------------------------------------------ reports, reviews, timeliness


@pytest.fixture
def assignment(inspector, directive, unit_a):
    return make_task(inspector, directive, unit_a, "31/03/2026").assignments.get()


def test_report_double_submit_with_one_token_creates_one_report(head_a, assignment):
    token = uuid.uuid4()
    first = services.report_submit(
        actor=head_a,
        assignment=assignment,
        body="Đã triển khai",
        percent=30,
        submission_token=token,
    )
    second = services.report_submit(
        actor=head_a,
        assignment=assignment,
        body="Đã triển khai",
        percent=30,
        submission_token=token,
    )
    assert first.pk == second.pk
    assert ProgressReport.objects.count() == 1


def test_submitted_report_cannot_be_edited_in_the_database(head_a, assignment):
    report = services.report_submit(actor=head_a, assignment=assignment, body="Bản gốc")
    with (
        pytest.raises(ProgrammingError, match="Cannot update or delete rows"),
        transaction.atomic(),
    ):
        ProgressReport.objects.filter(pk=report.pk).update(body="Sửa lén")
    report.refresh_from_db()
    assert report.body == "Bản gốc"


def test_another_units_head_cannot_report(head_b, assignment):
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=head_b, assignment=assignment, body="x")


def test_slow_review_never_makes_a_unit_late(inspector, head_a, assignment):
    with time_machine.travel(at("2026-03-30"), tick=False):
        report = services.report_submit(
            actor=head_a, assignment=assignment, body="Hoàn thành", claims_completion=True
        )
    # Awaiting review after the deadline: neither overdue nor completed.
    assert timeliness(assignment, datetime.date(2026, 4, 10)) == Timeliness.AWAITING_REVIEW
    with time_machine.travel(at("2026-04-20"), tick=False):
        services.report_review(actor=inspector, report=report, decision="accept")
    assignment.refresh_from_db()
    assert assignment.completed_on == datetime.date(2026, 3, 30)
    assert timeliness(assignment, datetime.date(2026, 4, 20)) == Timeliness.COMPLETED_ON_TIME


def test_returned_report_reopens_the_item_against_its_deadline(inspector, head_a, assignment):
    with time_machine.travel(at("2026-03-28"), tick=False):
        report = services.report_submit(
            actor=head_a, assignment=assignment, body="Xong", claims_completion=True
        )
    with time_machine.travel(at("2026-04-02"), tick=False):
        services.report_review(
            actor=inspector, report=report, decision="return", reason="Thiếu số liệu"
        )
    assignment.refresh_from_db()
    assert assignment.state == "returned"
    assert timeliness(assignment, datetime.date(2026, 4, 2)) == Timeliness.OVERDUE


def test_return_without_a_reason_is_refused(inspector, head_a, assignment):
    report = services.report_submit(
        actor=head_a, assignment=assignment, body="Xong", claims_completion=True
    )
    with pytest.raises(ValidationError):
        services.report_review(actor=inspector, report=report, decision="return", reason=" ")
    assert not ReportReview.objects.filter(report=report).exists()
    assert Assignment.objects.get(pk=assignment.pk).state == "reported"


def test_completion_after_the_deadline_is_completed_late(inspector, head_a, assignment):
    with time_machine.travel(at("2026-04-03"), tick=False):
        report = services.report_submit(
            actor=head_a, assignment=assignment, body="Xong", claims_completion=True
        )
        services.report_review(actor=inspector, report=report, decision="accept")
    assert timeliness(assignment, datetime.date(2026, 4, 3)) == Timeliness.COMPLETED_LATE


@pytest.mark.parametrize(
    "as_of,expected",
    [
        ("2026-03-01", Timeliness.IN_PROGRESS),
        ("2026-03-24", Timeliness.DUE_SOON),
        ("2026-03-31", Timeliness.DUE_SOON),  # the deadline ends at the end of its local day
        ("2026-04-01", Timeliness.OVERDUE),
    ],
)
def test_open_item_timeliness_follows_the_local_day(assignment, as_of, expected):
    assert timeliness(assignment, datetime.date.fromisoformat(as_of)) == expected


def test_approved_extension_moves_the_effective_deadline_and_keeps_the_original(
    inspector, head_a, assignment
):
    request = services.extension_request(
        actor=head_a,
        assignment=assignment,
        requested_deadline=datetime.date(2026, 5, 15),
        reason="Chờ kết luận thanh tra",
    )
    services.extension_decide(actor=inspector, request=request, approve=True)
    assignment.refresh_from_db()
    assert assignment.original_deadline == datetime.date(2026, 3, 31)
    assert assignment.effective_deadline == datetime.date(2026, 5, 15)
    assert timeliness(assignment, datetime.date(2026, 4, 10)) == Timeliness.IN_PROGRESS


def test_extension_to_an_earlier_date_is_refused(head_a, assignment):
    with pytest.raises(ValidationError) as caught:
        services.extension_request(
            actor=head_a,
            assignment=assignment,
            requested_deadline=datetime.date(2026, 3, 1),
            reason="x",
        )
    assert "requested_deadline" in caught.value.message_dict


def test_recurring_task_has_no_deadline_and_stays_out_of_rates(inspector, directive, unit_a):
    a = make_task(inspector, directive, unit_a, "thường xuyên").assignments.get()
    assert a.effective_deadline is None
    assert timeliness(a, datetime.date(2030, 1, 1)) == Timeliness.NO_DEADLINE


def test_every_write_is_recorded_by_database_triggers(inspector, head_a, assignment):
    from pghistory.models import Events

    services.report_submit(actor=head_a, assignment=assignment, body="Đang làm", percent=20)
    Assignment.objects.filter(pk=assignment.pk).update(progress_percent=25)  # bulk updates too
    labels = list(Events.objects.tracks(assignment).values_list("pgh_label", flat=True))
    assert labels.count("update") >= 2 and "insert" in labels


def test_directive_search_matches_every_word_without_diacritics(inspector):
    services.directive_create(
        actor=inspector,
        raw_symbol="45/KH-UBND",
        issued_on=datetime.date(2026, 1, 5),
        summary="Kế hoạch phòng, chống tham nhũng, tiêu cực năm 2026",
    )
    assert Directive.objects.search("ke hoach tham nhung").count() == 1
    assert Directive.objects.search("ke hoach lang phi").count() == 0


def test_parser_warnings_are_kept_on_the_directive_as_vietnamese_text(inspector):
    d = services.directive_create(
        actor=inspector,
        raw_symbol="5046/UBND",
        issued_on=datetime.date(2026, 1, 5),
        summary="Công văn",
    )
    d.refresh_from_db()
    assert d.parse_warnings[0].startswith("Công văn «5046/UBND» thiếu đơn vị soạn thảo")
    assert type(d.parse_warnings[0]) is str
