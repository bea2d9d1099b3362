"""The assignment timeline: audit events, reports, reviews and extensions merged, newest first."""

import datetime
import uuid

import pghistory
import pytest
from django.urls import reverse
from django.utils import timezone

from directives import services, timeline
from directives.models import Assignment
from directives.timeline import TimelineEntry, build_timeline
from tests.directives.assignment_helpers import assign, client_for, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def texts(entries):
    return [entry.text for entry in entries]


def test_timeline_tells_the_whole_story_newest_first_with_who_did_it(inspector, unit_a, focal_a):
    assignment = assign(inspector, unit_a, deadline="31/12/2026")
    services.report_submit(
        actor=focal_a, assignment=assignment, body="Đã rà soát", percent=40, files=[pdf()]
    )
    request = services.extension_request(
        actor=focal_a,
        assignment=assignment,
        requested_deadline=datetime.date(2027, 2, 28),
        reason="Chờ kiểm toán",
    )
    services.extension_decide(actor=inspector, request=request, approve=True, note="Đồng ý")
    claim = services.report_submit(
        actor=focal_a, assignment=assignment, body="Đã hoàn thành", claims_completion=True
    )
    services.report_review(actor=inspector, report=claim, decision="accept")

    # The story of the work; the notifications telling it are checked on their own below.
    entries = [e for e in build_timeline(assignment) if e.kind != "notification"]

    assert [(e.kind, e.actor) for e in entries] == [
        ("review", inspector),
        ("report", focal_a),
        ("extension_decision", inspector),
        ("extension", focal_a),
        ("report", focal_a),
        ("assigned", inspector),
    ]
    assert texts(entries) == [
        f"Chấp nhận báo cáo hoàn thành ngày {timezone.localdate():%d/%m/%Y}: nhiệm vụ hoàn thành.",
        "Gửi báo cáo hoàn thành nhiệm vụ.",
        "Đồng ý gia hạn đến 28/02/2027. Ý kiến: Đồng ý",
        "Đề nghị gia hạn từ 31/12/2026 đến 28/02/2027. Lý do: Chờ kiểm toán",
        "Gửi báo cáo tiến độ: 40%. Kèm 1 tệp.",
        "Giao nhiệm vụ cho Sở Nội vụ (Chủ trì), hạn 31/12/2026. Thời hạn theo văn bản: “31/12/2026”.",
    ]


def test_an_approved_extension_is_told_once_not_again_as_a_deadline_change(
    inspector, unit_a, focal_a
):
    assignment = assign(inspector, unit_a, deadline="31/12/2026")
    request = services.extension_request(
        actor=focal_a,
        assignment=assignment,
        requested_deadline=datetime.date(2027, 1, 31),
        reason="Thiếu nhân lực",
    )
    services.extension_decide(actor=inspector, request=request, approve=True)

    told = texts(build_timeline(assignment))

    assert "Đồng ý gia hạn đến 31/01/2027." in told
    assert not any(text.startswith("Điều chỉnh thời hạn") for text in told)


# Each service commits on its own here: the audit trigger stamps events with the transaction's start.
@pytest.mark.django_db(transaction=True)
def test_history_events_take_their_actor_from_the_pghistory_context(inspector, admin_user, unit_a):
    assignment = assign(
        inspector, unit_a, deadline="ngay"
    )  # no date in the text: computed and flagged
    assert Assignment.objects.get(pk=assignment.pk).deadline_flagged

    with pghistory.context(user=admin_user.pk, url="/quan-tri/"):
        services.assignment_confirm_deadline(actor=admin_user, assignment=assignment)
    with pghistory.context(user=inspector.pk):
        services.assignment_cancel(actor=inspector, assignment=assignment, reason="Giao nhầm")

    entries = build_timeline(assignment)

    assert [(e.text.split(" ")[0], e.actor) for e in entries[:2]] == [
        ("Hủy", inspector),
        ("Xác", admin_user),
    ]
    assert entries[1].text == f"Xác nhận thời hạn {assignment.effective_deadline:%d/%m/%Y}."


def test_a_change_made_outside_any_request_has_no_actor(inspector, unit_a):
    assignment = assign(inspector, unit_a)

    services.assignment_cancel(actor=inspector, assignment=assignment, reason="Giao nhầm")

    (cancelled,) = [entry for entry in build_timeline(assignment) if entry.kind == "cancelled"]
    assert cancelled.text == "Hủy giao nhiệm vụ. Lý do: Giao nhầm" and cancelled.actor is None


def test_the_middleware_records_who_posted_a_report_in_the_audit_trail(inspector, unit_a, focal_a):
    assignment = assign(inspector, unit_a)

    client_for(focal_a).post(
        reverse("directives:report-submit", args=[assignment.pk]),
        {"body": "Đang triển khai", "percent": "20", "submission_token": str(uuid.uuid4())},
    )

    update = assignment.events.filter(pgh_label="update").select_related("pgh_context").get()
    assert timeline._context_user_id(update) == focal_a.pk


def test_a_returned_report_is_told_with_the_reason(inspector, unit_a, focal_a):
    assignment = assign(inspector, unit_a)
    claim = services.report_submit(
        actor=focal_a, assignment=assignment, body="Xong", claims_completion=True
    )

    services.report_review(
        actor=inspector, report=claim, decision="return", reason="Thiếu biên bản"
    )

    work = [e for e in build_timeline(assignment) if e.kind != "notification"]
    assert work[0].text == f"Trả lại báo cáo ngày {timezone.localdate():%d/%m/%Y}: Thiếu biên bản"


def test_a_new_source_is_just_a_function(inspector, unit_a):
    assignment = assign(inspector, unit_a)

    def reminders(a):
        yield TimelineEntry(
            at=timezone.now() + datetime.timedelta(days=1),
            text=f"Đôn đốc {a.unit}",
            actor_id=inspector.pk,
        )

    entries = build_timeline(assignment, sources=[*timeline.SOURCES, reminders])

    assert (entries[0].text, entries[0].actor) == ("Đôn đốc Sở Nội vụ", inspector)
    assert entries[-1].kind == "assigned"


def test_the_assignment_page_shows_the_timeline_in_local_time(inspector, unit_a, focal_a):
    assignment = assign(inspector, unit_a)
    report = services.report_submit(
        actor=focal_a, assignment=assignment, body="Đang làm", percent=10
    )

    html = client_for(focal_a).get(assignment.get_absolute_url()).content.decode()

    local = timezone.localtime(report.submitted_at)
    assert f"{local:%H:%M %d/%m/%Y}</time> · {focal_a}" in html
    assert "Gửi báo cáo tiến độ: 10%." in html


def test_the_timeline_lists_every_notification_about_the_assignment(
    inspector, unit_a, head_a, focal_a
):
    assignment = assign(inspector, unit_a)
    entries = [e for e in build_timeline(assignment) if e.kind == "notification"]
    assert len(entries) == 1
    assert entries[0].text.startswith("Thông báo «Đơn vị được giao nhiệm vụ theo văn bản")
    assert f"{head_a.full_name} (chờ gửi)" in entries[0].text
    assert f"{focal_a.full_name} (chờ gửi)" in entries[0].text
