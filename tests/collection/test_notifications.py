"""Periodic reports tell people as assignments do: bell, mail, reminders once per stage, the log."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from collection import reminders, services, tasks
from collection.demo import load_example_form
from collection.models import Submission, SubmissionReminder
from directives.models import Event, EventDelivery, Notification
from directives.periods import PeriodKind, make_period
from directives.reminders import texts as reminder_texts
from directives.tasks import events_send
from tests.collection.test_submissions import GOOD
from tests.directives.assignment_helpers import client_for
from tests.directives.reminder_helpers import text_part
from tests.periodic.helpers import at

pytestmark = pytest.mark.django_db

Q1 = make_period(PeriodKind.REPORT_QUARTER, 2027, 1)  # 15/12/2026 → 14/03/2027
Kind = Event.Kind


@pytest.fixture
def round_(inspector, unit_a, unit_b, head_a, focal_a, head_b):
    with time_machine.travel(at(datetime.date(2027, 1, 10)), tick=False):
        return services.round_plan(form=load_example_form(), period=Q1, units=[unit_a, unit_b])


@pytest.fixture
def reviewer(make_user, inspectorate_unit):
    """The inspectorate's focal point for collection: told of reports sent before any review."""
    return make_user(
        "daumoi.tt", groups=["inspectorate"], unit=inspectorate_unit, role="focal_point"
    )


def submission_of(round_, unit) -> Submission:
    return Submission.objects.get(round=round_, unit=unit)


def told(sink, kind) -> dict[str, list]:
    """Return {address: [mail, ...]} of the mails about events of `kind`."""
    ids = {str(pk) for pk in Event.objects.filter(kind=kind).values_list("pk", flat=True)}
    by_to: dict[str, list] = {}
    for mail in sink.events:
        if mail["message"]["X-PCTS-Event"].split(":")[1] in ids:
            by_to.setdefault(mail["to"][0], []).append(mail)
    return by_to


def day_of(round_, offset: int, hour: int = 9):
    return time_machine.travel(
        at(round_.due_on + datetime.timedelta(days=offset), hour), tick=False
    )


def sent_by_unit(round_, unit, head):
    """Declare "không phát sinh" for `unit` now (before the due day; the outbox sends what is due now)."""
    return services.submission_declare_nothing(actor=head, submission=submission_of(round_, unit))


def test_a_returned_report_tells_the_head_the_reason_and_the_link(
    round_, unit_a, head_a, focal_a, inspector, sink
):
    submission = sent_by_unit(round_, unit_a, head_a)
    services.submission_return(actor=inspector, submission=submission, reason="Thiếu số liệu mục 2")
    assert events_send()["failed"] == 0
    mails = told(sink, Kind.SUBMISSION_RETURNED)
    assert set(mails) == {head_a.email, focal_a.email}
    head_mail = mails[head_a.email][0]
    body = text_part(head_mail["message"])
    assert "01/PCTN" in head_mail["subject"] and "bị trả lại" in head_mail["subject"]
    assert "Lý do: Thiếu số liệu mục 2" in body
    assert settings.SITE_URL + f"/bao-cao-dinh-ky/{submission.pk}/" in body
    assert "Sở Nội vụ" in body
    assert "đồng gửi" in mails[focal_a.email][0]["subject"]
    bell = Notification.objects.get(user=head_a, event__kind=Kind.SUBMISSION_RETURNED)
    assert bell.get_absolute_url() == f"/bao-cao-dinh-ky/{submission.pk}/"
    assert "Lý do: Thiếu số liệu mục 2" in reminder_texts.notification_text(bell)
    page = client_for(head_a).get(reverse("directives:notification-list"))
    assert "Thiếu số liệu mục 2" in page.text
    opened = client_for(head_a).post(reverse("directives:notification-detail", args=[bell.pk]))
    assert opened.status_code == 302 and opened.url == f"/bao-cao-dinh-ky/{submission.pk}/"


def test_an_accepted_report_tells_the_unit(round_, unit_a, head_a, focal_a, inspector, sink):
    submission = sent_by_unit(round_, unit_a, head_a)
    services.submission_accept(actor=inspector, submission=submission)
    events_send()
    mails = told(sink, Kind.SUBMISSION_ACCEPTED)
    assert set(mails) == {head_a.email, focal_a.email}
    assert "được tiếp nhận" in mails[head_a.email][0]["subject"]


def test_a_sent_report_tells_the_inspectorate_focal_point_then_who_returned_it(
    round_, unit_a, head_a, inspector, reviewer, sink
):
    submission = sent_by_unit(round_, unit_a, head_a)
    events_send()
    first = told(sink, Kind.SUBMISSION_SUBMITTED)
    assert set(first) == {reviewer.email}
    assert "không phát sinh" in first[reviewer.email][0]["subject"]
    assert f"/thu-thap-bao-cao/{round_.pk}/" in text_part(first[reviewer.email][0]["message"])
    services.submission_return(actor=inspector, submission=submission, reason="Xem lại")
    sink.events.clear()
    services.submission_save(
        actor=head_a, submission=submission_of(round_, unit_a), values=GOOD, send=True
    )
    events_send()
    again = told(sink, Kind.SUBMISSION_SUBMITTED)
    assert set(again) == {inspector.email}  # back to who returned it
    assert "gửi báo cáo định kỳ" in again[inspector.email][0]["subject"]


def sweep(round_, offset: int):
    with day_of(round_, offset):
        result = reminders.submissions_remind()
        events_send()
    return result


def test_reminders_before_due_and_overdue_go_once_per_stage(
    round_, unit_a, head_a, focal_a, head_b, sink
):
    assert sweep(round_, -3) == {"reminded": 2, "skipped": 0}  # unit A and unit B
    assert sweep(round_, -3) == {"reminded": 0, "skipped": 0}  # the sweep run twice
    assert sweep(round_, -2)["reminded"] == 0  # still the 3-day point
    mails = told(sink, Kind.SUBMISSION_REMINDER)
    assert {to: len(m) for to, m in mails.items()} == {
        head_a.email: 1,
        focal_a.email: 1,
        head_b.email: 1,
    }
    assert "còn 3 ngày đến hạn nộp" in mails[head_a.email][0]["subject"]
    body = text_part(mails[head_a.email][0]["message"])
    assert f"Hạn nộp: {round_.due_on:%d/%m/%Y}" in body and "“không phát sinh”" in body
    assert f"/bao-cao-dinh-ky/{submission_of(round_, unit_a).pk}/" in body
    sink.events.clear()
    sweep(round_, 7)
    sweep(round_, 7)
    mails = told(sink, Kind.SUBMISSION_REMINDER)
    assert [m["subject"] for m in mails[head_a.email]] == [
        f"[PCTS] Báo cáo định kỳ 01/PCTN – {round_.label} đã quá hạn 7 ngày, chưa gửi"
    ]
    stages = SubmissionReminder.objects.filter(submission__unit=unit_a)
    assert sorted(stages.values_list("stage", flat=True)) == ["before-3", "overdue-7"]
    assert (
        Notification.objects.filter(user=head_a, event__kind=Kind.SUBMISSION_REMINDER).count() == 2
    )


def test_sent_accepted_or_nothing_to_report_gets_no_reminder_nor_does_a_unit_outside(
    round_, unit_a, unit_b, head_a, head_b, inspector, make_unit, make_user, city, sink
):
    outside = make_user("gd.c", unit=make_unit("Sở Xây dựng", parent=city), role="head")
    sent_by_unit(round_, unit_a, head_a)  # "không phát sinh"
    accepted = sent_by_unit(round_, unit_b, head_b)
    services.submission_accept(actor=inspector, submission=accepted)
    for offset in (-7, -1, 0, 7, 30):
        assert sweep(round_, offset)["reminded"] == 0
    assert not told(sink, Kind.SUBMISSION_REMINDER)
    assert not Notification.objects.filter(user=outside).exists()
    assert not EventDelivery.objects.filter(recipient=outside).exists()


def test_a_closed_round_still_unsent_is_reminded_and_a_returned_one_too(
    round_, unit_a, unit_b, head_a, head_b, inspector, sink
):
    services.round_close(actor=inspector, round_=round_)
    returned = sent_by_unit(round_, unit_b, head_b)
    services.submission_return(actor=inspector, submission=returned, reason="Sai mục 4")
    assert sweep(round_, 1)["reminded"] == 2
    mails = told(sink, Kind.SUBMISSION_REMINDER)
    assert set(mails) >= {head_a.email, head_b.email}


def test_the_beat_task_waits_for_the_reminder_hour(round_, sink):
    with day_of(round_, -1, hour=settings.PCTS_REMINDER_HOUR - 1):
        assert tasks.submissions_remind() == {"reminded": 0, "skipped": 0}
    with day_of(round_, -1, hour=settings.PCTS_REMINDER_HOUR):
        assert tasks.submissions_remind()["reminded"] == 2


def test_a_unit_without_a_head_is_skipped_until_one_is_appointed(round_, unit_a, head_a):
    head_a.memberships.update(valid_to=datetime.date(2027, 1, 31))
    assert sweep(round_, -1)["skipped"] == 1
    assert not SubmissionReminder.objects.filter(submission__unit=unit_a).exists()


def test_the_delivery_log_shows_submission_events(
    round_, unit_a, head_a, inspector, admin_user, sink
):
    submission = sent_by_unit(round_, unit_a, head_a)
    services.submission_return(actor=inspector, submission=submission, reason="Thiếu số liệu")
    sweep(round_, 1)
    page = client_for(admin_user).get(reverse("admin:directives_eventdelivery_changelist"))
    assert page.status_code == 200
    assert f"Báo cáo định kỳ 01/PCTN – {round_.label} bị trả lại" in page.text
    assert "đến hạn nộp hôm nay" not in page.text  # one day late: told as overdue
    assert "đã quá hạn 1 ngày, chưa gửi" in page.text
    assert "Sở Nội vụ" in page.text and "Đã gửi" in page.text
    ledger = client_for(admin_user).get(reverse("admin:collection_submissionreminder_changelist"))
    assert ledger.status_code == 200 and '<td class="field-stage">due</td>' in ledger.text
