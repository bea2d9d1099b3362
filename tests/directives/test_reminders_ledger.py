"""The ledger: one digest per person and day, written once, caught up after downtime, mailed in Vietnamese."""

import datetime
import re
import threading

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from directives import emails, reminders
from directives.models import (
    Notification,
    ReminderDelivery,
    ReminderLine,
    ReminderReason,
    ReminderRun,
)
from directives.reminders import ledger, selectors
from tests.directives.reminder_helpers import assign, morning, ran_on
from units.models import Membership

DAY = datetime.date(2026, 3, 2)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture
def clock():
    with time_machine.travel(morning(DAY), tick=False) as traveller:
        yield traveller


@pytest.fixture
def one_day_window(db):
    ran_on(DAY - days(1))


def test_sweep_writes_one_digest_per_recipient_for_the_day(
    clock, one_day_window, inspector, unit_a, unit_b, head_a, head_b
):
    assign(inspector, unit_a, DAY + days(3))
    assign(inspector, unit_a, DAY - days(7))
    assign(inspector, unit_b, DAY)
    planned = ledger.plan_day(DAY)
    assert planned.created and planned.digests == 2 and planned.items == 3
    assert sorted(ReminderDelivery.objects.values_list("key", flat=True)) == [
        f"digest:2026-03-02:{head_a.pk}",
        f"digest:2026-03-02:{head_b.pk}",
    ]
    assert ReminderRun.objects.get(day=DAY).digests == 2


def test_second_sweep_on_the_same_day_adds_nothing(
    clock, one_day_window, inspector, unit_a, head_a
):
    first = assign(inspector, unit_a, DAY + days(1))
    ledger.plan_day(DAY)
    assign(inspector, unit_a, DAY + days(3))
    again = ledger.plan_day(DAY)
    assert not again.created
    assert ReminderDelivery.objects.get().item_assignments == [first.pk]


def test_missed_days_give_one_catch_up_digest_honouring_the_missed_points(
    clock, inspector, unit_a, head_a
):
    ran_on(DAY - days(4))
    missed = assign(inspector, unit_a, DAY + days(1))  # its 3-day point fell two days ago
    other = assign(
        inspector, unit_a, DAY - days(5)
    )  # no point between 2 and 5 days late: listed only
    ledger.plan_day(DAY)
    delivery = ReminderDelivery.objects.get()
    reasons = {e.assignment_id: e.reason for e in delivery.entries()}
    assert reasons == {missed.pk: ReminderReason.BEFORE, other.pk: ReminderReason.LISTED}
    assert ReminderRun.objects.get(day=DAY).window_start == DAY - days(3)


def test_the_first_sweep_ever_reminds_items_already_overdue(clock, inspector, unit_a, head_a):
    late = assign(inspector, unit_a, DAY - days(5))
    ledger.plan_day(DAY)
    [entry] = ReminderDelivery.objects.get().entries()
    assert (entry.position, entry.assignment_id, entry.reason, entry.days_late) == (
        0,
        late.pk,
        ReminderReason.OVERDUE,
        5,
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_write_one_digest_per_recipient(
    inspector, unit_a, unit_b, head_a, head_b
):
    with time_machine.travel(morning(DAY), tick=False):
        ran_on(DAY - days(1))
        assign(inspector, unit_a, DAY + days(3))
        assign(inspector, unit_b, DAY + days(7))
    start, results, errors = threading.Barrier(4), [], []

    def sweep():
        try:
            with time_machine.travel(morning(DAY), tick=False):
                start.wait()
                results.append(ledger.plan_day(DAY).created)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert sorted(results) == [False, False, False, True]
    assert ReminderDelivery.objects.count() == 2


def test_the_bell_gets_one_notification_per_person_and_mail(
    clock, one_day_window, inspector, unit_a, unit_b, head_a, focal_a, make_user
):
    """The head is told about every item at a reminder point, the focal point about its unit's only."""
    trigger = assign(inspector, unit_a, DAY + days(3))
    assign(inspector, unit_a, DAY + days(5))  # listed in the mail, at no reminder point: not told
    late = assign(inspector, unit_a, DAY - days(7))
    Notification.objects.filter(
        event__isnull=False
    ).delete()  # the assignments' events: test_events.py
    ledger.plan_day(DAY)
    delivery = ReminderDelivery.objects.get()
    rows = {
        n.user.username: (n.delivery_id, n.units, n.items, n.overdue, n.escalated)
        for n in Notification.objects.select_related("user")
    }
    assert rows == {
        "gd.a": (delivery.pk, [], 2, 1, 0),
        "daumoi.a": (delivery.pk, [unit_a.pk], 2, 1, 0),
    }
    told = Notification.objects.get(user=focal_a).reminder_entries()
    assert sorted(e.assignment_id for e in told) == sorted([trigger.pk, late.pk])


def test_a_copied_person_is_not_told_about_escalations_the_recipient_receives(
    clock, one_day_window, inspector, city, unit_a, head_a, make_user
):
    chairman = make_user("ct.tp", unit=city, role="head")
    deputy = make_user("pct.tp", unit=city, role="deputy")
    own = assign(inspector, city, DAY + days(3))
    escalated = assign(inspector, unit_a, DAY - days(14))
    Notification.objects.filter(
        event__isnull=False
    ).delete()  # the assignments' events: test_events.py
    ledger.plan_day(DAY)
    mine = Notification.objects.get(user=chairman)
    assert (mine.units, mine.items, mine.overdue, mine.escalated) == ([], 2, 1, 1)
    assert {e.assignment_id for e in mine.reminder_entries()} == {own.pk, escalated.pk}
    copied = Notification.objects.get(user=deputy)
    assert (copied.delivery_id, copied.units, copied.items, copied.escalated) == (
        mine.delivery_id,
        [city.pk],
        1,
        0,
    )
    assert [e.assignment_id for e in copied.reminder_entries()] == [own.pk]
    # The head of the late unit gets its own mail and notification about it.
    assert Notification.objects.get(user=head_a).items == 1


def test_a_recipient_without_an_address_is_logged_as_skipped(
    clock, one_day_window, inspector, unit_a, head_a
):
    head_a.email = ""
    head_a.save()
    assign(inspector, unit_a, DAY + days(3))
    summary = reminders.run_for_day(DAY)
    delivery = ReminderDelivery.objects.get()
    assert delivery.state == ReminderDelivery.State.SKIPPED
    assert summary.skipped == 1 and summary.sent == 0
    assert Notification.objects.filter(user=head_a).exists()


def test_the_digest_is_a_vietnamese_mail_with_links_deadlines_and_a_message_id_from_its_key(
    clock, one_day_window, inspector, unit_a, head_a, focal_a, mailoutbox, settings
):
    settings.SITE_URL = "https://pcts.example.vn"
    assignment = assign(inspector, unit_a, DAY - days(7), title="Tự kiểm tra kê khai tài sản")
    summary = reminders.run_for_day(DAY)
    assert summary.sent == 1
    [mail] = mailoutbox
    delivery = ReminderDelivery.objects.get()
    assert mail.to == [head_a.email] and mail.cc == [focal_a.email]
    assert mail.subject == "[PCTS] Nhắc việc ngày 02/03/2026: 1 nhiệm vụ quá hạn"
    assert mail.extra_headers["Message-ID"] == f"<digest.2026-03-02.{head_a.pk}@localhost>"
    body = mail.body
    assert assignment.task.directive.symbol in body
    assert "Tự kiểm tra kê khai tài sản" in body
    assert "23/02/2026" in body and "Quá hạn 7 ngày" in body
    assert f"https://pcts.example.vn/nhiem-vu/{assignment.pk}/" in body
    assert "Khẩn trương hoàn thành" in body
    html = mail.alternatives[0].content
    assert f'href="https://pcts.example.vn/nhiem-vu/{assignment.pk}/"' in html
    assert delivery.state == ReminderDelivery.State.SENT and delivery.sent_at is not None


def test_an_escalated_item_says_it_was_escalated_and_why(
    clock, one_day_window, inspector, city, unit_a, head_a, make_user, mailoutbox
):
    chairman = make_user("ct.tp", unit=city, role="head")
    assign(inspector, unit_a, DAY - days(14))
    reminders.run_for_day(DAY)
    [mail] = [m for m in mailoutbox if m.to == [chairman.email]]
    assert "BÁO CÁO CẤP TRÊN" in mail.body
    assert "Sở Nội vụ quá hạn 14 ngày, vượt mốc 14 ngày" in mail.body
    assert "(1 báo cáo cấp trên)" in mail.subject
    [own] = [m for m in mailoutbox if m.to == [head_a.email]]
    assert "đã được báo cáo lãnh đạo đơn vị cấp trên" in own.body


def test_the_reminder_goes_to_whoever_is_accountable_on_the_send_day(
    clock, one_day_window, inspector, unit_a, head_a, make_user, mailoutbox
):
    Membership.objects.filter(user=head_a).update(valid_to=DAY - days(1))
    successor = make_user("gd.moi", unit=unit_a, role="head", valid_from=DAY)
    assign(inspector, unit_a, DAY + days(1))
    reminders.run_for_day(DAY)
    assert [m.to for m in mailoutbox] == [[successor.email]]


# --------------------------------------------------------------------------- send_reminders


def test_send_reminders_plans_the_day_sends_and_prints_a_summary(
    clock, one_day_window, inspector, unit_a, head_a, mailoutbox, capsys
):
    assign(inspector, unit_a, DAY + days(3))
    clock.move_to(morning(DAY, hour=3))  # before the reminder hour: the command runs anyway
    call_command("send_reminders")
    out = capsys.readouterr().out
    assert "recipients: 1  digests: 1  items: 1  skipped: 0  sent: 1  failed: 0" in out
    assert len(mailoutbox) == 1
    call_command("send_reminders")
    assert "planned already" in capsys.readouterr().out
    assert len(mailoutbox) == 1


def test_send_reminders_for_another_date_plans_that_day(
    clock, inspector, unit_a, head_a, mailoutbox, capsys
):
    ran_on(DAY + days(3))
    assign(inspector, unit_a, DAY + days(5))
    call_command("send_reminders", "--date", "2026-03-06")
    assert ReminderDelivery.objects.get().day == DAY + days(4)
    assert "Nhắc việc ngày 06/03/2026" in mailoutbox[0].subject


def test_send_reminders_dry_run_writes_and_sends_nothing(
    clock, one_day_window, inspector, unit_a, head_a, mailoutbox, capsys
):
    assignment = assign(inspector, unit_a, DAY + days(1))
    call_command("send_reminders", "--dry-run")
    out = capsys.readouterr().out
    assert f"gd.a <{head_a.email}>" in out
    assert assignment.task.directive.symbol in out and "Còn 1 ngày" in out
    assert "dry run – recipients: 1  digests: 1  items: 1  skipped: 0" in out
    assert (
        not ReminderDelivery.objects.exists() and not ReminderRun.objects.filter(day=DAY).exists()
    )
    assert mailoutbox == []


def test_send_reminders_rejects_a_malformed_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "02/03/2026")


def test_a_message_is_rendered_from_its_ledger_row(
    clock, one_day_window, inspector, unit_a, head_a
):
    assign(inspector, unit_a, DAY + days(3))
    ledger.plan_day(DAY)
    message = emails.reminder_message(ReminderDelivery.objects.get())
    assert "Còn 3 ngày" in message.body
    assert message.extra_headers["X-PCTS-Reminder"] == f"digest:2026-03-02:{head_a.pk}"


def test_a_very_long_digest_lists_the_first_items_and_links_to_the_rest(
    clock, one_day_window, inspector, unit_a, head_a, mailoutbox, monkeypatch, settings
):
    settings.SITE_URL = "https://pcts.example.vn"
    monkeypatch.setattr(selectors, "MAIL_MAX_ROWS", 2)
    for _ in range(5):
        assign(inspector, unit_a, DAY - days(7))
    reminders.run_for_day(DAY)
    [mail] = mailoutbox
    assert mail.subject == "[PCTS] Nhắc việc ngày 02/03/2026: 5 nhiệm vụ quá hạn"
    assert "CẦN XỬ LÝ (5)" in mail.body
    assert mail.body.count("Quá hạn 7 ngày") == 2
    assert "… và 3 nhiệm vụ khác: https://pcts.example.vn/nhiem-vu/" in mail.body
    assert len(ReminderDelivery.objects.get().item_assignments) == 5


def test_what_the_sweep_plans_to_show_is_what_the_ledger_reads_back(
    clock, one_day_window, inspector, unit_a, unit_b, head_a, head_b, city, make_user, monkeypatch
):
    monkeypatch.setattr(selectors, "MAIL_MAX_ROWS", 2)
    make_user("chairman", unit=city, role="head")
    for late in (3, 7, 14, 21, 30):
        assign(inspector, unit_a, DAY - days(late))
    assign(inspector, unit_b, DAY + days(3))
    assign(inspector, unit_b, DAY + days(5))  # listed only
    planned = ledger.plan_day(DAY)
    assert len(planned.contents) == planned.digests == 3
    assert selectors.reminder_contents(planned.contents) == planned.contents


def test_the_mails_sent_from_the_planned_contents_are_those_of_the_ledger_rows(
    clock, one_day_window, inspector, unit_a, unit_b, head_a, head_b, city, make_user, mailoutbox
):
    make_user("chairman", unit=city, role="head")
    for late in (3, 14, 30):
        assign(inspector, unit_a, DAY - days(late))
    assign(inspector, unit_b, DAY + days(3))
    summary = reminders.run_for_day(DAY)
    assert summary.sent == len(mailoutbox) == 3
    for mail in mailoutbox:
        row = ReminderDelivery.objects.get(key=mail.extra_headers["X-PCTS-Reminder"])
        again = emails.reminder_message(row)
        assert (mail.subject, mail.body, mail.alternatives, mail.to, mail.cc) == (
            again.subject,
            again.body,
            again.alternatives,
            again.to,
            again.cc,
        )


def test_item_arrays_keep_any_text_none_and_dates_as_written(inspector, head_a, unit_a):
    late = assign(inspector, unit_a, DAY - days(2))
    delivery = ReminderDelivery.objects.create(
        key="test:arrays",
        kind=ReminderDelivery.Kind.DIGEST,
        day=DAY,
        recipient=head_a,
        item_assignments=[late.pk, late.pk + 1],
        item_reasons=['Hạn "{,}\\', "NULL"],  # at most 10 characters, as the column holds
        item_levels=[2, 0],
        item_deadlines=[DAY, None],
        item_days_late=[-3, 0],
    )
    delivery.refresh_from_db()
    assert delivery.entries() == [
        ReminderLine(
            position=0,
            assignment_id=late.pk,
            reason='Hạn "{,}\\',
            escalation_level=2,
            deadline=DAY,
            days_late=-3,
        ),
        ReminderLine(
            position=1,
            assignment_id=late.pk + 1,
            reason="NULL",
            escalation_level=0,
            deadline=None,
            days_late=0,
        ),
    ]
    assert list(ReminderDelivery.objects.filter(item_assignments__contains=[late.pk])) == [delivery]


def test_the_text_mail_lists_each_item_in_a_block_of_its_own(
    clock, one_day_window, inspector, unit_a, head_a, mailoutbox, settings
):
    settings.SITE_URL = "https://pcts.example.vn"
    late = assign(inspector, unit_a, DAY - days(7), title="Rà soát & báo cáo <kết quả>")
    reminders.run_for_day(DAY)
    [mail] = mailoutbox
    block = (
        "CẦN XỬ LÝ (1)\n\n"
        f"- {late.task.directive.symbol}: Rà soát & báo cáo <kết quả>\n"
        f"  Đơn vị: {unit_a.name} · Hạn: {DAY - days(7):%d/%m/%Y} · Quá hạn 7 ngày\n"
        "  Việc cần làm: Khẩn trương hoàn thành và gửi báo cáo kết quả trên hệ thống; nếu không "
        "thể hoàn thành, đề nghị gia hạn và nêu rõ lý do.\n"
        f"  https://pcts.example.vn/nhiem-vu/{late.pk}/\n\n"
        "Xác nhận đã nhận thư: https://pcts.example.vn/thong-bao/da-nhan/"
    )
    assert block in mail.body
    assert re.search(r"/thong-bao/da-nhan/[^/\s]+/\n--\n", mail.body)
    html = mail.alternatives[0].content
    assert "Rà soát &amp; báo cáo &lt;kết quả&gt;" in html and "<kết quả>" not in html
