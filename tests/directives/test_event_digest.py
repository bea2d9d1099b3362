"""Per event kind, the admin chooses: mail at once, or gather into the next morning's digest."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from directives import services
from directives.events import next_digest_at
from directives.models import Event, EventDelivery, EventKindSetting, Notification, ReportReview
from directives.tasks import events_send
from tests.directives.assignment_helpers import assign, client_for
from tests.directives.reminder_helpers import text_part

pytestmark = pytest.mark.django_db
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
AFTERNOON = datetime.datetime(2026, 3, 10, 15, 0, tzinfo=HANOI)
NEXT_MORNING = datetime.datetime(2026, 3, 11, 7, 0, 30, tzinfo=HANOI)


def accept(inspector, head, assignment):
    report = services.report_submit(
        actor=head, assignment=assignment, body="Đã hoàn thành", claims_completion=True
    )
    services.report_review(
        actor=inspector, report=report, decision=ReportReview.Decision.ACCEPT, reason=""
    )


def test_every_kind_is_listed_for_the_admin_and_mailed_at_once_by_default(admin_user):
    mailed = set(Event.Kind.values) - {Event.Kind.ITEM_OVERDUE}  # for webhooks only, never mailed
    assert set(EventKindSetting.objects.values_list("kind", flat=True)) == mailed
    assert set(EventKindSetting.objects.values_list("delivery", flat=True)) == {"immediate"}
    page = client_for(admin_user).get(reverse("admin:directives_eventkindsetting_changelist"))
    html = page.content.decode()
    assert page.status_code == 200
    for kind in mailed:
        assert str(Event.Kind(kind).label) in html
    assert "Gộp vào thư tổng hợp sáng hôm sau" in html


def test_the_next_digest_is_this_morning_if_still_ahead_else_tomorrow(settings):
    settings.PCTS_EVENT_DIGEST_HOUR = 7
    early = datetime.datetime(2026, 3, 10, 6, 59, tzinfo=HANOI)
    assert next_digest_at(early) == datetime.datetime(2026, 3, 10, 7, 0, tzinfo=HANOI)
    assert next_digest_at(AFTERNOON) == datetime.datetime(2026, 3, 11, 7, 0, tzinfo=HANOI)
    new_year = datetime.datetime(2026, 12, 31, 20, 0, tzinfo=HANOI)
    assert next_digest_at(new_year) == datetime.datetime(2027, 1, 1, 7, 0, tzinfo=HANOI)


def test_gathered_events_reach_the_bell_at_once_and_the_mailbox_in_one_morning_mail(
    inspector, unit_a, head_a, focal_a, sink
):
    EventKindSetting.objects.filter(kind=Event.Kind.REPORT_ACCEPTED).update(delivery="digest")
    with time_machine.travel(AFTERNOON, tick=False):
        first = assign(inspector, unit_a, title="Rà soát kê khai tài sản")
        second = assign(inspector, unit_a, title="Kiểm tra công vụ")
        events_send()  # the assignments are mailed at once (4 mails: head and focal point, twice)
        assert len(sink.events) == 4
        sink.events.clear()
        accept(inspector, head_a, first)
        accept(inspector, head_a, second)
        accepted = Event.objects.filter(kind=Event.Kind.REPORT_ACCEPTED)
        assert accepted.count() == 2
        assert Notification.objects.filter(event__in=accepted, user=head_a).count() == 2
        waiting = EventDelivery.objects.filter(event__in=accepted)
        assert set(waiting.values_list("digest", "state")) == {(True, "pending")}
        events_send()  # only the officer's "report waiting for you" mails go now
        assert {m["to"][0] for m in sink.events} == {inspector.email}
        sink.events.clear()
    with time_machine.travel(NEXT_MORNING, tick=False):
        assert events_send() == {"sent": 4, "failed": 0, "retrying": 0}
        assert events_send() == {"sent": 0, "failed": 0, "retrying": 0}
    by_to = {m["to"][0]: m for m in sink.events}
    assert len(sink.events) == 2 and set(by_to) == {head_a.email, focal_a.email}
    head_mail = by_to[head_a.email]
    assert head_mail["subject"] == "[PCTS] Tổng hợp 2 thông báo đến ngày 11/03/2026"
    body = text_part(head_mail["message"])
    for assignment in (first, second):
        assert f"/nhiem-vu/{assignment.pk}/" in body
    assert body.count("được chấp nhận") == 2
    assert "đồng gửi để theo dõi" in text_part(by_to[focal_a.email]["message"])
    assert set(waiting.values_list("state", flat=True)) == {"sent"}


def test_a_digest_that_cannot_be_sent_is_retried_whole(inspector, unit_a, head_a, sink, settings):
    EventKindSetting.objects.filter(kind=Event.Kind.ASSIGNED).update(delivery="digest")
    with time_machine.travel(AFTERNOON, tick=False):
        assign(inspector, unit_a, title="Một")
        assign(inspector, unit_a, title="Hai")
    sink.reply = "451 Tạm thời không nhận thư"
    with time_machine.travel(NEXT_MORNING, tick=False):
        assert events_send() == {"sent": 0, "failed": 0, "retrying": 2}
    sink.reply = None
    later = NEXT_MORNING + datetime.timedelta(hours=1)
    with time_machine.travel(later, tick=False):
        assert events_send() == {"sent": 2, "failed": 0, "retrying": 0}
    [mail] = sink.events
    assert mail["subject"] == "[PCTS] Tổng hợp 2 thông báo đến ngày 11/03/2026"
