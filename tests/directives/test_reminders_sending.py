"""Sending: atomic claims with a lease, one SMTP connection, backoff on transient failures, failure after K tries."""

import datetime

import pytest
import time_machine
from django.contrib.admin.sites import site
from django.test import RequestFactory

from directives import reminders
from directives.admin import ReminderDeliveryAdmin
from directives.models import Assignment, ReminderDelivery, ReminderPolicy
from directives.reminders import ledger, sending
from tests.directives.reminder_helpers import (
    assign,
    free_port,
    html_part,
    morning,
    ran_on,
    smtp_mailers,
    text_part,
)
from units.vietnamese import format_date

DAY = datetime.date(2026, 3, 2)
State = ReminderDelivery.State


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture
def clock():
    with time_machine.travel(morning(DAY), tick=False) as traveller:
        yield traveller


@pytest.fixture
def three_digests(clock, inspector, make_unit, make_user, city):
    ran_on(DAY - days(1))
    for n in range(3):
        unit = make_unit(parent=city)
        make_user(f"head{n}", unit=unit, role="head")
        assign(inspector, unit, DAY + days(3))
    ledger.plan_day(DAY)
    return list(ReminderDelivery.objects.order_by("id"))


def test_every_digest_goes_out_once_over_one_smtp_connection(three_digests, sink):
    result = sending.send_due()
    assert result.sent == 3
    assert sink.sessions == 1
    assert sorted(sink.keys().values()) == [1, 1, 1]
    assert set(ReminderDelivery.objects.values_list("state", flat=True)) == {State.SENT}
    message = sink.messages[0]["message"]
    assert "Còn 3 ngày" in text_part(message) and "<table" in html_part(message)
    assert sending.send_due().sent == 0
    assert len(sink.messages) == 3


def test_the_message_id_comes_from_the_ledger_key(three_digests, sink):
    sending.send_due()
    for row in ReminderDelivery.objects.all():
        [received] = [m for m in sink.messages if m["key"] == row.key]
        assert (
            received["message_id"] == row.message_id == f"<{row.key.replace(':', '.')}@localhost>"
        )


def test_two_claims_never_share_a_row(three_digests):
    first_token, first = sending.claim(limit=2)
    second_token, second = sending.claim(limit=2)
    assert len(first) == 2 and len(second) == 1
    assert not {r.pk for r in first} & {r.pk for r in second}
    assert sending.claim(limit=5)[1] == []
    assert first_token != second_token


def test_a_row_whose_lease_ran_out_returns_to_the_queue(three_digests, clock, sink, settings):
    _token, rows = sending.claim(limit=3)  # a worker claims and dies
    assert sending.send_due().sent == 0
    clock.shift(datetime.timedelta(seconds=settings.PCTS_REMINDER_LEASE_SECONDS + 1))
    assert sending.send_due().sent == 3
    assert ReminderDelivery.objects.filter(attempts=2).count() == 3


def test_smtp_down_puts_rows_back_with_backoff_without_counting_untried_ones(
    three_digests, clock, settings
):
    settings.MAILERS = smtp_mailers(free_port(), timeout=2)  # nothing listens there
    result = sending.send_due()
    assert result.sent == 0 and result.retrying == 1 and "ConnectionRefusedError" in result.error
    rows = list(ReminderDelivery.objects.order_by("id"))
    assert [r.state for r in rows] == [State.PENDING] * 3
    assert [r.attempts for r in rows] == [1, 0, 0]
    assert all(r.next_attempt_at == morning(DAY) + datetime.timedelta(seconds=60) for r in rows)
    assert "ConnectionRefusedError" in rows[0].last_error
    assert sending.next_retry_in() == 60


def test_transient_refusals_back_off_then_fail_after_the_last_attempt(
    three_digests, clock, sink, settings
):
    settings.PCTS_REMINDER_MAX_ATTEMPTS = 3
    sink.reply = "451 4.3.0 Thử lại sau"
    waits = []
    for _ in range(3):
        sending.send_due(ids=[three_digests[0].pk])
        row = ReminderDelivery.objects.get(pk=three_digests[0].pk)
        waits.append(
            (row.next_attempt_at - morning(DAY)).total_seconds()
            if row.state == State.PENDING
            else None
        )
        clock.shift(datetime.timedelta(hours=1))
    assert waits[:2] == [60, 3600 + 120]
    assert row.state == State.FAILED and row.attempts == 3 and "451" in row.last_error


def test_a_permanent_refusal_fails_at_once_and_the_others_still_go(three_digests, sink):
    sink.reply = "550 5.1.1 Không có hộp thư này"
    sending.send_due(ids=[three_digests[0].pk])
    sink.reply = None
    result = sending.send_due()
    assert ReminderDelivery.objects.get(pk=three_digests[0].pk).state == State.FAILED
    assert result.sent == 2


def test_run_for_day_reports_sent_and_failed(three_digests, sink):
    sink.reply = "550 5.7.1 Từ chối"
    summary = reminders.run_for_day(DAY)
    assert not summary.planned
    assert (summary.sent, summary.failed) == (0, 3)


def test_the_admin_retry_action_requeues_failed_deliveries(three_digests, sink, admin_user):
    ReminderDelivery.objects.update(state=State.FAILED, attempts=8, last_error="SMTPDataError: 554")
    request = RequestFactory().post("/")
    request.user = admin_user
    request._messages = type("M", (), {"add": lambda *a, **k: None})()
    ReminderDeliveryAdmin(ReminderDelivery, site).retry(request, ReminderDelivery.objects.all())
    assert set(ReminderDelivery.objects.values_list("state", "attempts")) == {(State.PENDING, 0)}
    assert sending.send_due().sent == 3


def test_the_admin_delivery_log_shows_recipient_state_and_error(three_digests, admin_user, client):
    ReminderDelivery.objects.filter(pk=three_digests[0].pk).update(
        state=State.FAILED, last_error="SMTPDataError: 554 từ chối"
    )
    client.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/admin/directives/reminderdelivery/", secure=True)
    assert response.status_code == 200
    assert "SMTPDataError: 554 từ chối" in response.text
    assert three_digests[1].to_email in response.text


def test_admins_edit_the_reminder_points_and_read_runs_and_notifications(
    three_digests, admin_user, client
):
    client.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        "/admin/directives/reminderpolicy/add/",
        {
            "days_before": "10,5,1",
            "overdue_every_days": 5,
            "escalate_to_parent_after_days": 10,
            "escalate_to_inspectorate_after_days": 20,
            "briefing_after_urges": 4,
        },
        secure=True,
    )
    assert response.status_code == 302
    assert ReminderPolicy.current().days_before == [10, 5, 1]
    assert ReminderPolicy.current().briefing_after_urges == 4
    assert client.get("/admin/directives/reminderpolicy/add/", secure=True).status_code == 403
    for page in ("reminderrun", "notification", "reminderdelivery"):
        assert client.get(f"/admin/directives/{page}/", secure=True).status_code == 200
    delivery = three_digests[0]
    assert (
        client.get(
            f"/admin/directives/reminderdelivery/{delivery.pk}/change/", secure=True
        ).status_code
        == 200
    )


def test_the_admin_delivery_page_lists_the_mails_item_lines(three_digests, admin_user, client):
    delivery = three_digests[0]
    [entry] = delivery.entries()
    assignment = Assignment.objects.select_related("task__directive", "unit").get(
        pk=entry.assignment_id
    )
    client.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(f"/admin/directives/reminderdelivery/{delivery.pk}/change/", secure=True)
    assert response.status_code == 200
    assert f"{assignment.task.directive.symbol} – {assignment.task.title}" in response.text
    assert assignment.unit.name in response.text
    assert "Còn 3 ngày" in response.text and format_date(DAY + days(3)) in response.text


def test_a_connection_lost_mid_chunk_puts_the_rest_back_without_counting_untried_ones(
    three_digests, sink
):
    def refuse_after_the_first():
        if len(sink.messages) == 1:
            sink.reply = "421 4.3.2 Dịch vụ tạm ngừng"

    sink.on_data = refuse_after_the_first
    result = sending.send_due()
    assert (result.sent, result.retrying) == (1, 1) and "421" in result.error
    rows = list(ReminderDelivery.objects.order_by("next_attempt_at", "id"))
    assert [(r.state, r.attempts) for r in rows] == [
        (State.SENT, 1),
        (State.PENDING, 1),
        (State.PENDING, 0),
    ]


def test_a_mail_the_backend_did_not_send_is_never_marked_sent(three_digests, settings):
    settings.MAILERS = smtp_mailers(free_port(), timeout=2)  # nothing listens there
    settings.MAILERS["default"]["OPTIONS"]["fail_silently"] = True  # the backend returns 0 sent
    result = sending.send_due()
    assert result.sent == 0 and result.retrying == 1
    assert not ReminderDelivery.objects.filter(state=State.SENT).exists()
    assert list(ReminderDelivery.objects.order_by("id").values_list("attempts", flat=True)) == [
        1,
        0,
        0,
    ]


def test_a_recipient_refused_for_now_is_retried_not_failed(three_digests, sink):
    sink.refuse_recipients = "450 4.2.0 Hộp thư tạm thời không nhận"
    result = sending.send_due(ids=[three_digests[0].pk])
    row = ReminderDelivery.objects.get(pk=three_digests[0].pk)
    assert result.retrying == 1 and row.state == State.PENDING and "450" in row.last_error
