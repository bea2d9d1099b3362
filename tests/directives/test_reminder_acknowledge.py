"""A unit head confirms a reminder ("đã nhận"): the mail's link, one POST, recorded once."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from directives.models import Assignment, ReminderDelivery
from directives.reminders import acknowledge, ledger, sending
from tests.directives.assignment_helpers import assign, client_for
from tests.directives.reminder_helpers import text_part

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivery(inspector, unit_a, head_a, focal_a, sink):
    late = assign(inspector, unit_a, deadline="01/11/2026")
    [row] = ledger.manual_reminder_send(
        actor=inspector, assignments=Assignment.objects.filter(pk=late.pk), note="Báo cáo ngay"
    )
    sending.send_due()
    return ReminderDelivery.objects.get(pk=row.pk)


def link_in(sink) -> str:
    [mail] = sink.messages
    [path] = re.findall(
        r"https?://[^/\s]+(/thong-bao/da-nhan/[^/\s]+/)", text_part(mail["message"])
    )
    return path


def test_the_mail_link_shows_a_button_and_only_the_post_records(delivery, head_a, sink):
    path = link_in(sink)
    client = client_for(head_a)
    page = client.get(path)
    assert page.status_code == 200 and "Xác nhận đã nhận" in page.content.decode()
    assert client.get(path).status_code == 200
    delivery.refresh_from_db()
    assert delivery.acknowledged_at is None  # opening the link changes nothing
    response = client.post(path, follow=True)
    assert "Đã xác nhận đã nhận thư đôn đốc" in response.content.decode()
    delivery.refresh_from_db()
    assert delivery.acknowledged_at is not None
    assert 'id="ack-done"' in response.content.decode()


def test_a_reused_link_records_nothing_more(delivery, head_a, sink):
    path = link_in(sink)
    client = client_for(head_a)
    client.post(path)
    first = ReminderDelivery.objects.get(pk=delivery.pk).acknowledged_at
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=10)):
        response = client.post(path, follow=True)
    assert "đã được xác nhận trước đó" in response.content.decode()
    assert ReminderDelivery.objects.get(pk=delivery.pk).acknowledged_at == first


def test_an_expired_link_is_refused(delivery, head_a, sink, settings):
    path = link_in(sink)
    later = timezone.now() + datetime.timedelta(days=settings.PCTS_ACK_MAX_AGE_DAYS + 1)
    with time_machine.travel(later):
        response = client_for(head_a).post(path)
    assert response.status_code == 410 and "đã hết hạn" in response.content.decode()
    assert ReminderDelivery.objects.get(pk=delivery.pk).acknowledged_at is None


def test_someone_else_cannot_confirm_and_nothing_is_recorded(delivery, focal_a, head_b, sink):
    path = link_in(sink)
    for other in (focal_a, head_b):  # in copy of the mail, or another unit's head
        response = client_for(other).post(path)
        assert response.status_code == 404 and "gửi cho người khác" in response.content.decode()
    assert ReminderDelivery.objects.get(pk=delivery.pk).acknowledged_at is None


def test_a_tampered_link_is_refused(delivery, head_a, sink):
    path = link_in(sink)
    response = client_for(head_a).post(path[:-5] + "xxxx/")
    assert response.status_code == 400 and "không hợp lệ" in response.content.decode()
    assert ReminderDelivery.objects.get(pk=delivery.pk).acknowledged_at is None


def test_a_signed_out_visitor_is_sent_to_sign_in_and_csrf_is_required(delivery, head_a, sink):
    path = link_in(sink)
    response = client_for(None).get(path)
    assert response.status_code == 302 and reverse("accounts:login") in response.url
    assert client_for(head_a, enforce_csrf_checks=True).post(path).status_code == 403
    assert ReminderDelivery.objects.get(pk=delivery.pk).acknowledged_at is None


def test_the_bell_offers_the_same_confirmation_and_the_log_shows_it(
    delivery, head_a, admin_user, sink
):
    notification = delivery.notifications.get(user=head_a)
    client = client_for(head_a)
    html = client.get(notification.get_absolute_url()).content.decode()
    assert 'id="ack-button"' in html and acknowledge.url_for(delivery)[:40] in html
    form_action = re.search(r'action="(/thong-bao/da-nhan/[^"]+)"', html)[1]
    client.post(form_action)
    html = client.get(notification.get_absolute_url()).content.decode()
    assert 'id="ack-button"' not in html and 'id="ack-done"' in html
    log = client_for(admin_user).get(reverse("admin:directives_reminderdelivery_changelist"))
    acknowledged = timezone.localtime(ReminderDelivery.objects.get(pk=delivery.pk).acknowledged_at)
    assert acknowledged.strftime("%d/%m/%Y") in log.content.decode()
