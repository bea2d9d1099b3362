"""Events tell the unit what happened: bell and mail, exactly once, retried after an SMTP failure."""

import datetime
import re
from collections import Counter

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from directives import events, services
from directives.events import sending
from directives.models import Event, EventDelivery, Notification, ReportReview
from directives.tasks import events_send
from tests.directives.assignment_helpers import assign, client_for
from tests.directives.reminder_helpers import text_part

pytestmark = pytest.mark.django_db
State = EventDelivery.State


def mails(sink) -> Counter:
    return Counter((m["to"][0], m["message"]["X-PCTS-Event"]) for m in sink.events)


@pytest.fixture
def assignment(inspector, head_a, focal_a, sink):
    return assign(inspector, head_a.memberships.get().unit)


def test_assignment_tells_the_head_with_the_focal_point_in_copy_once(
    assignment, head_a, focal_a, sink
):
    event = Event.objects.get(kind=Event.Kind.ASSIGNED, assignment=assignment)
    assert events_send() == {"sent": 2, "failed": 0, "retrying": 0}
    assert events_send() == {"sent": 0, "failed": 0, "retrying": 0}  # the task run twice
    assert sorted(m["to"][0] for m in sink.events) == [focal_a.email, head_a.email]
    assert set(mails(sink).values()) == {1}
    by_to = {m["to"][0]: m for m in sink.events}
    assert "đồng gửi" in by_to[focal_a.email]["subject"]
    assert "đồng gửi" not in by_to[head_a.email]["subject"]
    assert assignment.task.directive.symbol in by_to[head_a.email]["subject"]
    assert "31/12/2026" in text_part(by_to[head_a.email]["message"])
    assert set(Notification.objects.filter(event=event).values_list("user", flat=True)) == {
        head_a.pk,
        focal_a.pk,
    }
    assert set(EventDelivery.objects.values_list("state", flat=True)) == {State.SENT}


def test_the_mail_is_sent_after_the_commit(
    inspector, unit_a, head_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assign(inspector, unit_a)
    assert len(callbacks) == 1
    assert EventDelivery.objects.get().state == State.PENDING


def _review(inspector, head_a, assignment, decision, reason=""):
    report = services.report_submit(
        actor=head_a, assignment=assignment, body="Đã hoàn thành", claims_completion=True
    )
    return services.report_review(actor=inspector, report=report, decision=decision, reason=reason)


def test_a_returned_report_tells_the_reason(inspector, head_a, assignment, sink):
    events_send()
    sink.events.clear()
    _review(inspector, head_a, assignment, ReportReview.Decision.RETURN, "Thiếu số liệu quý III")
    events_send()
    events_send()
    returned = Event.objects.get(kind=Event.Kind.REPORT_RETURNED)
    told = [
        m for m in sink.events if m["message"]["X-PCTS-Event"].startswith(f"event:{returned.pk}:")
    ]
    body = {m["to"][0]: text_part(m["message"]) for m in told}
    assert len(told) == 2 and set(body) == {
        head_a.email,
        assignment.unit.memberships.exclude(user=head_a).get().user.email,
    }
    assert "bị trả lại" in told[0]["subject"]
    assert "Thiếu số liệu quý III" in body[head_a.email]


def test_an_accepted_report_is_told(inspector, head_a, assignment, sink):
    _review(inspector, head_a, assignment, ReportReview.Decision.ACCEPT)
    assert Event.objects.filter(kind=Event.Kind.REPORT_ACCEPTED, assignment=assignment).count() == 1
    events_send()
    subjects = Counter(m["subject"] for m in sink.events if m["to"][0] == head_a.email)
    assert sum(1 for s in subjects if "được chấp nhận" in s) == 1


@pytest.mark.parametrize("approve", [True, False])
def test_an_extension_decision_is_told_with_its_date_or_reason(
    inspector, head_a, assignment, sink, approve
):
    request = services.extension_request(
        actor=head_a,
        assignment=assignment,
        requested_deadline=datetime.date(2027, 1, 29),
        reason="Chờ số liệu",
    )
    services.extension_decide(
        actor=inspector, request=request, approve=approve, note="" if approve else "Không có căn cứ"
    )
    kind = Event.Kind.EXTENSION_APPROVED if approve else Event.Kind.EXTENSION_REJECTED
    event = Event.objects.get(kind=kind)
    events_send()
    [mail] = [
        m
        for m in sink.events
        if m["message"]["X-PCTS-Event"].startswith(f"event:{event.pk}:")
        and m["to"][0] == head_a.email
    ]
    expected = "29/01/2027" if approve else "Không có căn cứ"
    assert expected in mail["subject"] + text_part(mail["message"])


def test_task_changed_can_be_emitted_by_another_service(inspector, head_a, assignment, sink):
    events.emit_task_changed(
        actor=inspector, assignment=assignment, changes={"Thời hạn": "31/12/2026 → 15/01/2027"}
    )
    events_send()
    [mail] = [
        m for m in sink.events if "được điều chỉnh" in m["subject"] and m["to"][0] == head_a.email
    ]
    assert "15/01/2027" in text_part(mail["message"])
    bell = Notification.objects.get(user=head_a, event__kind=Event.Kind.TASK_CHANGED)
    assert "15/01/2027" in bell_text(bell)


def bell_text(notification) -> str:
    from directives.reminders import texts

    return texts.notification_text(notification)


def test_an_smtp_failure_is_retried_then_sent_once(inspector, unit_a, head_a, sink, settings):
    settings.PCTS_REMINDER_RETRY_SECONDS = 60
    assign(inspector, unit_a)
    sink.reply = "451 Thử lại sau"
    assert sending.send_due() == sending.Sent(retrying=1)
    row = EventDelivery.objects.get()
    assert (row.state, row.attempts) == (State.PENDING, 1) and "451" in row.last_error
    sink.reply = None
    assert sending.send_due() == sending.Sent()  # not due before its backoff
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=61)):
        assert sending.send_due() == sending.Sent(sent=1)
        assert sending.send_due() == sending.Sent()
    assert len(sink.events) == 1
    assert EventDelivery.objects.get().state == State.SENT


@pytest.mark.parametrize(
    ("where", "answer", "state"),
    [
        ("refuse_recipients", "550 5.1.1 Không có hộp thư này", State.FAILED),
        ("reply", "554 5.6.0 Thư bị từ chối", State.FAILED),
        ("refuse_recipients", "450 4.2.1 Hộp thư tạm đầy", State.PENDING),
    ],
)
def test_a_refusal_for_good_fails_at_once_and_a_transient_one_waits(
    inspector, unit_a, head_a, sink, where, answer, state
):
    """One classification (directives.outbox.mail_refused_for_good) for events and reminders."""
    assign(inspector, unit_a)
    setattr(sink, where, answer)
    sending.send_due()
    row = EventDelivery.objects.get()
    assert (row.state, row.attempts) == (state, 1) and answer[:3] in row.last_error


def test_a_person_without_an_address_gets_the_bell_but_no_mail(inspector, unit_a, make_user, sink):
    head = make_user("khongthu", unit=unit_a, role="head")
    head.email = ""
    head.save(update_fields=["email"])
    assign(inspector, unit_a)
    assert EventDelivery.objects.get(recipient=head).state == State.SKIPPED
    assert Notification.objects.filter(user=head, event__isnull=False).count() == 1
    assert events_send()["sent"] == 0 and not sink.events


def test_an_smtp_outage_stops_the_pass_instead_of_timing_out_each_row(
    inspector, unit_a, head_a, focal_a, sink
):
    assign(inspector, unit_a)
    sink.reply = "451 Thử lại sau"
    assert sending.send_due() == sending.Sent(retrying=1)
    rows = list(EventDelivery.objects.order_by("attempts"))
    assert [(r.state, r.attempts) for r in rows] == [(State.PENDING, 0), (State.PENDING, 1)]
    assert rows[0].next_attempt_at > timezone.now()  # waits with the tried row


# --------------------------------------------------------------------------- for the inspectorate


def test_a_completion_report_tells_the_tracking_officer_with_a_link_to_the_queue(
    inspector, make_user, inspectorate_unit, head_a, focal_a, assignment, sink
):
    officer = make_user("canbo", unit=inspectorate_unit, groups=["inspectorate"])
    directive = assignment.task.directive
    directive.tracking_officer = officer
    directive.save(update_fields=["tracking_officer"])
    events_send()
    sink.events.clear()
    services.report_submit(
        actor=focal_a, assignment=assignment, body="Đã hoàn thành", claims_completion=True
    )
    events_send()
    [mail] = sink.events
    assert mail["to"] == [officer.email]
    assert "báo cáo hoàn thành" in mail["subject"] and "chờ xem xét" in mail["subject"]
    assert reverse("directives:review-queue") in text_part(mail["message"])
    event = Event.objects.get(kind=Event.Kind.REPORT_SUBMITTED)
    assert Notification.objects.filter(user=officer, event=event).count() == 1
    assert not Notification.objects.filter(user=inspector, event=event).exists()


def test_without_a_tracking_officer_the_registering_officer_is_told_of_an_extension_request(
    inspector, head_a, assignment, sink
):
    events_send()
    sink.events.clear()
    services.extension_request(
        actor=head_a,
        assignment=assignment,
        requested_deadline=datetime.date(2027, 1, 29),
        reason="Chờ số liệu",
    )
    events_send()
    [mail] = sink.events
    assert mail["to"] == [inspector.email]
    assert "đề nghị gia hạn" in mail["subject"] and "29/01/2027" in mail["subject"]


def test_the_review_badge_counts_what_waits(inspector, head_a, focal_a, assignment, unit_a):
    client = client_for(inspector)
    assert 'id="review-count"' not in client.get(reverse("directives:inbox")).content.decode()
    services.report_submit(actor=focal_a, assignment=assignment, body="Tiến độ 50%", percent=50)
    services.extension_request(
        actor=head_a,
        assignment=assignment,
        requested_deadline=datetime.date(2027, 1, 29),
        reason="Chờ số liệu",
    )
    html = client.get(reverse("directives:inbox")).content.decode()
    assert '<span class="badge text-bg-primary" id="review-count"' in html
    assert re.search(r'id="review-count"[^>]*>2</span>', html)
    assert (
        'id="review-count"'
        not in client_for(head_a).get(reverse("directives:inbox")).content.decode()
    )
