"""Manual đôn đốc, the bell, the notifications page and the timeline, as users see them."""

import datetime
import uuid

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from directives import timeline
from directives.models import Notification, ReminderDelivery
from directives.reminders import ledger
from tests.directives.reminder_helpers import (
    assign,
    celery_app,
    free_port,
    make_directive,
    morning,
    ran_on,
)

DAY = datetime.date(2026, 3, 2)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def client_for(user, **kwargs) -> Client:
    client = Client(headers={"X-Forwarded-Proto": "https"}, **kwargs)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(morning(DAY), tick=False) as traveller:
        yield traveller


@pytest.fixture
def eager_celery():
    with celery_app(eager=True) as app:
        yield app


@pytest.fixture
def late(inspector, unit_a, head_a, focal_a):
    assignment = assign(inspector, unit_a, DAY - days(9), title="Rà soát quy trình mua sắm công")
    forget_events()
    return assignment


def forget_events():
    """These tests are about reminders' notifications: drop the assignments' event ones (tests/directives/test_events.py)."""
    Notification.objects.filter(event__isnull=False).delete()


def remind(user, assignment, capture, **data):
    with capture(execute=True):
        return client_for(user).post(
            reverse("directives:assignment-remind", args=[assignment.pk]), data
        )


def test_an_inspector_sends_a_manual_reminder_that_goes_out_at_once(
    inspector, late, head_a, focal_a, eager_celery, mailoutbox, django_capture_on_commit_callbacks
):
    response = remind(
        inspector, late, django_capture_on_commit_callbacks, note="Đề nghị báo cáo trước 05/03/2026"
    )
    assert response.status_code == 302 and response.url == late.get_absolute_url()
    [mail] = mailoutbox
    assert mail.to == [head_a.email] and mail.cc == [focal_a.email]
    assert (
        mail.subject == f"[PCTS] Thanh tra đôn đốc thực hiện nhiệm vụ: {late.task.directive.symbol}"
    )
    assert "Đề nghị báo cáo trước 05/03/2026" in mail.body and "Quá hạn 9 ngày" in mail.body
    delivery = ReminderDelivery.objects.get()
    assert (delivery.kind, delivery.state, delivery.requested_by) == ("manual", "sent", inspector)
    assert mail.extra_headers["Message-ID"] == delivery.message_id


def test_a_double_click_sends_one_reminder(
    inspector, late, eager_celery, mailoutbox, django_capture_on_commit_callbacks
):
    token = str(uuid.uuid4())
    remind(inspector, late, django_capture_on_commit_callbacks, request_token=token)
    remind(inspector, late, django_capture_on_commit_callbacks, request_token=token)
    assert len(mailoutbox) == 1 and ReminderDelivery.objects.count() == 1


def test_a_second_don_doc_the_same_day_warns_and_is_sent_only_when_confirmed(
    inspector, late, eager_celery, mailoutbox, django_capture_on_commit_callbacks
):
    remind(inspector, late, django_capture_on_commit_callbacks)
    response = remind(inspector, late, django_capture_on_commit_callbacks, note="Lần hai")
    html = response.content.decode()
    assert response.status_code == 200 and 'id="urged-today"' in html
    assert f"{late.unit.name} lúc" in html and "Chưa gửi." in html
    assert "Lần hai" in html  # the note typed is kept on the page
    assert ReminderDelivery.objects.filter(kind="manual").count() == 1 and len(mailoutbox) == 1
    remind(inspector, late, django_capture_on_commit_callbacks, send_anyway="on")
    assert ReminderDelivery.objects.filter(kind="manual").count() == 2 and len(mailoutbox) == 2


def test_the_preview_shows_who_receives_what_and_sends_nothing(
    inspector, late, head_a, focal_a, mailoutbox
):
    url = reverse("directives:assignment-remind", args=[late.pk])
    response = client_for(inspector).get(url, {"next": late.get_absolute_url()})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="reminder-preview"' in html
    row = html[html.index("<tbody>") : html.index("</tbody>")]
    assert head_a.full_name in row and focal_a.full_name in row
    assert late.task.title in row and "quá hạn 9 ngày" in row
    assert 'id="urged-today"' not in html
    assert not ReminderDelivery.objects.exists() and not mailoutbox


@pytest.mark.parametrize("persona", ["head_a", "focal_a", "leader", "outsider"])
def test_everyone_but_the_inspectorate_gets_404(
    persona, request, late, django_capture_on_commit_callbacks
):
    user = request.getfixturevalue(persona)
    assert remind(user, late, django_capture_on_commit_callbacks).status_code == 404
    assert not ReminderDelivery.objects.exists()


def test_the_reminder_needs_post_and_a_csrf_token(inspector, late):
    url = reverse("directives:assignment-remind", args=[late.pk])
    assert client_for(inspector).get(url).status_code == 200  # the preview
    assert client_for(inspector).put(url).status_code == 405
    assert client_for(inspector, enforce_csrf_checks=True).post(url).status_code == 403
    assert not ReminderDelivery.objects.exists()


def test_a_directive_wide_reminder_sends_one_mail_per_accountable_person(
    inspector,
    unit_a,
    unit_b,
    head_a,
    head_b,
    eager_celery,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    directive = make_directive(inspector)
    assign(inspector, unit_a, DAY + days(10), directive=directive)
    assign(inspector, unit_a, DAY - days(1), directive=directive)
    assign(inspector, unit_b, DAY + days(2), directive=directive)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(inspector).post(
            reverse("directives:directive-remind", args=[directive.pk])
        )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mailoutbox) == sorted([head_a.email, head_b.email])
    [to_a] = [m for m in mailoutbox if m.to == [head_a.email]]
    assert to_a.body.count(directive.symbol + ":") == 2


def test_a_unit_reminder_covers_the_units_open_items_only(
    inspector, unit_a, head_a, late, eager_celery, mailoutbox, django_capture_on_commit_callbacks
):
    done = assign(inspector, unit_a, DAY + days(4))
    done.state = "cancelled"
    done.save()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(inspector).post(reverse("directives:unit-remind", args=[unit_a.pk]))
    assert ReminderDelivery.objects.get().item_assignments == [late.pk]


def test_nothing_to_remind_is_explained_and_sends_nothing(
    inspector, unit_a, head_a, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(inspector).post(
            reverse("directives:unit-remind", args=[unit_a.pk]), follow=True
        )
    assert "Không có nhiệm vụ nào đang thực hiện để đôn đốc" in response.text
    assert mailoutbox == [] and not ReminderDelivery.objects.exists()


def test_with_the_broker_down_the_request_succeeds_and_the_reminder_waits_in_the_ledger(
    inspector, late, mailoutbox, django_capture_on_commit_callbacks
):
    with celery_app(broker_url=f"redis://127.0.0.1:{free_port()}/0"):
        response = remind(inspector, late, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert ReminderDelivery.objects.get().state == ReminderDelivery.State.PENDING
    follow = client_for(inspector).get(response.url)
    assert "Đã gửi đôn đốc tới" in follow.text or follow.status_code == 200


# --------------------------------------------------------------------------- bell, notifications, timeline


def test_the_bell_counts_unread_notifications_and_showing_the_list_changes_nothing(
    inspector, late, head_a
):
    ran_on(DAY - days(1))
    assign(inspector, late.unit, DAY + days(3))
    forget_events()
    ledger.plan_day(DAY)
    client = client_for(head_a)
    for _visit in range(2):  # a GET, however often, leaves them unread
        home = client.get(reverse("directives:notification-list"))
        assert home.status_code == 200
        assert 'data-unread="1"' in home.text  # the bell
    # The 9-days-late item is listed in the mail but at no reminder point today: not counted.
    assert "Nhắc việc ngày 02/03/2026: 1 nhiệm vụ đến mốc nhắc." in home.text
    assert Notification.objects.unread().filter(user=head_a).count() == 1


def test_marking_all_read_is_a_post_and_empties_the_bell(inspector, late, head_a):
    ran_on(DAY - days(1))
    assign(inspector, late.unit, DAY + days(3))
    forget_events()
    ledger.plan_day(DAY)
    client = client_for(head_a)
    assert "Đánh dấu tất cả là đã đọc" in client.get(reverse("directives:notification-list")).text
    done = client.post(reverse("directives:notification-list"), follow=True)
    assert "Đã đánh dấu 1 thông báo là đã đọc." in done.text
    assert "data-unread" not in done.text and "Đánh dấu tất cả là đã đọc" not in done.text
    assert Notification.objects.unread().filter(user=head_a).count() == 0


def test_a_notification_lists_its_items_with_links_and_opening_it_marks_it_read(
    inspector, late, head_a, focal_a, make_user, unit_b
):
    ran_on(DAY - days(1))
    soon = assign(inspector, late.unit, DAY + days(3), title="Công khai kết quả tự kiểm tra")
    overdue = assign(inspector, late.unit, DAY - days(7), title="Báo cáo kê khai tài sản")
    forget_events()
    ledger.plan_day(DAY)
    notification = Notification.objects.get(user=focal_a)
    client = client_for(focal_a)
    listed = client.get(reverse("directives:notification-list")).text
    assert f'<form method="post" action="{notification.get_absolute_url()}"' in listed
    page = client.post(notification.get_absolute_url(), follow=True)  # the list's row
    assert page.redirect_chain == [(notification.get_absolute_url(), 302)]
    assert page.status_code == 200
    assert (
        "Đồng gửi thư nhắc việc ngày 02/03/2026 gửi gd.a: 2 nhiệm vụ của đơn vị bạn theo dõi."
        in page.text
    )
    for assignment in (overdue, soon):
        assert reverse("directives:assignment-detail", args=[assignment.pk]) in page.text
        assert assignment.task.title in page.text
    assert "Quá hạn 7 ngày" in page.text and "Còn 3 ngày" in page.text
    # Listed in the mail (9 days late, at no reminder point today), not in the notification.
    assert late.task.title not in page.text
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "data-unread" not in page.text and "Đánh dấu đã đọc" not in page.text
    # Another person's notification does not exist for this user, to read or to mark.
    theirs = Notification.objects.get(user=head_a)
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.post(theirs.get_absolute_url()).status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert client.put(notification.get_absolute_url()).status_code == 405


def test_showing_a_notification_leaves_it_unread_until_its_button_is_pressed(
    inspector, late, head_a
):
    ran_on(DAY - days(1))
    assign(inspector, late.unit, DAY + days(3))
    forget_events()
    ledger.plan_day(DAY)
    notification = Notification.objects.get(user=head_a)
    client = client_for(head_a)
    page = client.get(notification.get_absolute_url())  # e.g. a link kept from the mail
    assert 'data-unread="1"' in page.text and "Đánh dấu đã đọc" in page.text
    notification.refresh_from_db()
    assert notification.read_at is None
    client.post(notification.get_absolute_url())
    assert Notification.objects.unread().filter(user=head_a).count() == 0


def test_a_long_notification_is_paged_with_as_many_queries_for_a_full_page_as_for_a_short_one(
    inspector, unit_a, head_a
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ran_on(DAY - days(1))
    for n in range(55):
        assign(inspector, unit_a, DAY - days(7), title=f"Nhiệm vụ quá hạn số {n:02d}")
    forget_events()
    ledger.plan_day(DAY)
    notification = Notification.objects.get(user=head_a)
    assert (notification.items, notification.overdue) == (55, 55)
    client = client_for(head_a)
    client.post(notification.get_absolute_url())  # opened from the list, as people do
    with CaptureQueriesContext(connection) as full:
        first = client.get(notification.get_absolute_url())
    with CaptureQueriesContext(connection) as short:
        second = client.get(notification.get_absolute_url() + "?page=2")
    assert first.text.count("table-danger") == 50 and "Trang 1/2 · 55 mục" in first.text
    assert second.text.count("table-danger") == 5
    assert len(full) == len(short) <= 12


def test_notifications_belong_to_their_user_only(inspector, late, head_a, outsider):
    ran_on(DAY - days(1))
    assign(inspector, late.unit, DAY + days(3))
    forget_events()
    ledger.plan_day(DAY)
    page = client_for(outsider).get(reverse("directives:notification-list"))
    assert "Chưa có thông báo nào" in page.text
    notification = Notification.objects.get(user=head_a)
    assert client_for(outsider).get(notification.get_absolute_url()).status_code == 404


def test_a_manual_reminder_tells_the_head_through_the_bell(
    inspector, late, head_a, eager_celery, mailoutbox, django_capture_on_commit_callbacks
):
    remind(inspector, late, django_capture_on_commit_callbacks)
    notification = Notification.objects.get(user=head_a)
    page = client_for(head_a).get(reverse("directives:notification-list"))
    assert "Thanh tra đôn đốc 1 nhiệm vụ. Trong đó: 1 quá hạn." in page.text
    assert notification.get_absolute_url() in page.text


def test_the_assignment_timeline_lists_every_reminder_sent_about_it(
    inspector, late, head_a, eager_celery, mailoutbox, django_capture_on_commit_callbacks
):
    from directives.timeline import reminder_timeline

    remind(inspector, late, django_capture_on_commit_callbacks)
    entries = [e for e in timeline.build_timeline(late) if e.kind == "reminder"]
    assert [e.text for e in entries] == [
        f"Thanh tra đôn đốc: gửi thư tới {head_a} (quá hạn 9 ngày)."
    ]
    assert entries[0].actor == inspector
    assert reminder_timeline in timeline.SOURCES


def test_a_filtered_list_is_urged_in_one_step_one_mail_per_accountable_person(
    inspector,
    late,
    unit_b,
    head_a,
    head_b,
    eager_celery,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    other = assign(inspector, unit_b, DAY - days(3), title="Công khai kết quả giải quyết đơn thư")
    on_time = assign(inspector, unit_b, DAY + days(30), title="Tự kiểm tra định kỳ")
    forget_events()
    listed = reverse("directives:assignment-list") + "?timeliness=overdue"
    html = client_for(inspector).get(listed).content.decode()
    assert 'id="list-remind"' in html
    url = reverse("directives:list-remind") + "?timeliness=overdue"
    preview = client_for(inspector).get(url).content.decode()
    assert late.task.title in preview and other.task.title in preview
    assert on_time.task.title not in preview and not ReminderDelivery.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(inspector).post(url, {"next": listed})
    assert response.status_code == 302 and response.url == listed
    assert sorted(m.to[0] for m in mailoutbox) == sorted([head_a.email, head_b.email])
    [mail_b] = [m for m in mailoutbox if m.to == [head_b.email]]
    assert other.task.title in mail_b.body and on_time.task.title not in mail_b.body
    assert 'id="list-remind"' not in client_for(head_a).get(listed).content.decode()
    assert client_for(head_a).get(url).status_code == 404


def test_a_units_row_in_the_list_leads_to_its_don_doc_preview(inspector, late, head_a):
    html = client_for(inspector).get(reverse("directives:assignment-list")).content.decode()
    link = reverse("directives:unit-remind", args=[late.unit_id])
    assert f'href="{link}?next=' in html
    preview = client_for(inspector).get(link).content.decode()
    assert late.task.title in preview and head_a.full_name in preview
    assert (
        link not in client_for(head_a).get(reverse("directives:assignment-list")).content.decode()
    )
