"""Đôn đốc counted: manual and automatic side by side, the briefing flag, its filter, tile and list."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directives import reminders
from directives.models import ReminderDelivery, ReminderPolicy
from directives.reminders import counts, ledger
from tests.directives.reminder_helpers import assign, morning
from tests.directives.test_reminders_views import client_for
from units.models import Membership

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2026, 2, 2)  # a Monday
# Four Mondays of đôn đốc after the deadline; the head of unit A changes on 16/02.
URGE_DAYS = [datetime.date(2026, 2, d) for d in (9, 16, 23)] + [datetime.date(2026, 3, 2)]
TODAY = datetime.date(2026, 3, 4)


def urge(inspector, assignment, day):
    with time_machine.travel(morning(day), tick=False):
        return ledger.manual_reminder_send(
            actor=inspector, assignments=type(assignment).objects.filter(pk=assignment.pk)
        )


@pytest.fixture
def world(inspector, unit_a, unit_b, head_a, head_b, make_user):
    """Unit A's item urged four times and reminded daily; unit B's urged once; a new head from 16/02."""
    with time_machine.travel(morning(datetime.date(2026, 1, 5)), tick=False):
        late_a = assign(inspector, unit_a, DEADLINE, title="Rà soát kê khai tài sản")
        late_b = assign(inspector, unit_b, DEADLINE, title="Kiểm tra nội bộ")
        later = assign(inspector, unit_a, datetime.date(2026, 12, 31), title="Tổng kết năm")
    Membership.objects.filter(user=head_a).update(valid_to=datetime.date(2026, 2, 15))
    new_head = make_user("gd.moi", full_name="Đặng Văn Mới")
    Membership.objects.create(
        user=new_head, unit=unit_a, role="head", valid_from=datetime.date(2026, 2, 16)
    )
    for day in URGE_DAYS:
        urge(inspector, late_a, day)
    urge(inspector, late_b, URGE_DAYS[0])
    # Two days of automatic reminders (the daily sweep): counted apart, never as đôn đốc.
    for day in (DEADLINE + datetime.timedelta(days=7), DEADLINE + datetime.timedelta(days=14)):
        with time_machine.travel(morning(day), tick=False):
            reminders.run_for_day(day)
    traveller = time_machine.travel(morning(TODAY), tick=False)
    traveller.start()
    yield late_a, late_b, later, new_head
    traveller.stop()


def test_manual_and_automatic_are_counted_apart(world, mailoutbox):
    late_a, late_b, later, _ = world
    found = counts.urge_counts([late_a.pk, late_b.pk, later.pk])
    assert (found[late_a.pk].manual, found[late_b.pk].manual) == (4, 1)
    assert found[late_a.pk].automatic == 2 and found[late_b.pk].automatic == 2
    assert later.pk not in found
    # As of 12/02, only the đôn đốc and the reminder of 09/02 had happened.
    then = counts.urge_counts([late_a.pk], until=datetime.date(2026, 2, 12))[late_a.pk]
    assert (then.manual, then.automatic) == (1, 1)


def test_a_request_whose_mails_all_failed_does_not_count_and_one_mail_per_person_counts_once(
    world, inspector, unit_a, make_user
):
    late_a, *_ = world
    make_user("pho.a", unit=unit_a, role="deputy")  # in copy: same request, same đôn đốc
    rows = urge(inspector, late_a, TODAY)
    assert counts.urge_counts([late_a.pk])[late_a.pk].manual == 5
    ReminderDelivery.objects.filter(pk__in=[r.pk for r in rows]).update(state="failed")
    assert counts.urge_counts([late_a.pk])[late_a.pk].manual == 4


def test_the_assignment_page_shows_both_counts_the_flag_and_the_head_on_each_day(
    world, inspector, head_a
):
    late_a, late_b, _, new_head = world
    html = client_for(inspector).get(late_a.get_absolute_url()).content.decode()
    assert re.search(r'class="urge-manual" data-count="4"[^>]*>4 lần đôn đốc', html)
    assert re.search(r'class="text-muted small urge-automatic" data-count="2"', html)
    assert "Quá hạn sau 3 lần đôn đốc" in html
    history = html[html.index('class="small list-unstyled mb-0 mt-1 urge-history"') :]
    history = history[: history.index("</ul>")]
    days = re.findall(r"<li>(\d\d/\d\d/\d{4})", history)
    assert days == ["09/02/2026", "16/02/2026", "23/02/2026", "02/03/2026"]
    assert history.count(head_a.get_full_name()) == 1
    assert history.count(new_head.get_full_name()) == 3
    other = client_for(inspector).get(late_b.get_absolute_url()).content.decode()
    assert "Quá hạn sau 3 lần đôn đốc" not in other


def test_the_admin_setting_moves_the_flag(world, inspector):
    late_a, late_b, *_ = world
    ReminderPolicy.objects.create(briefing_after_urges=0)
    html = client_for(inspector).get(late_b.get_absolute_url()).content.decode()
    assert "Quá hạn sau 0 lần đôn đốc" in html


def test_the_task_list_filter_keeps_overdue_items_urged_more_than_n_times(world, inspector):
    late_a, late_b, later, _ = world
    url = reverse("directives:assignment-list")
    html = client_for(inspector).get(url, {"briefing": "yes"}).content.decode()
    assert late_a.task.title in html
    assert late_b.task.title not in html and later.task.title not in html
    assert "Quá hạn sau 3 lần đôn đốc" in html  # the filter names the admin's N
    every = client_for(inspector).get(url).content.decode()
    assert late_b.task.title in every
    cell = re.search(
        r'<td class="text-nowrap urges"[^>]*><span class="urge-manual fw-semibold" data-count="4"',
        every,
    )
    assert cell is not None


def test_the_list_shows_the_counts_in_a_constant_number_of_queries(world, inspector, unit_a):
    client = client_for(inspector)
    url = reverse("directives:assignment-list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        extra = assign(inspector, unit_a, DEADLINE)
        urge(inspector, extra, TODAY)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_dashboard_tile_counts_what_its_list_shows_with_the_head_on_each_day(
    world, leader, inspector
):
    late_a, late_b, *_ = world
    html = client_for(leader).get(reverse("directives:dashboard")).content.decode()
    tile = re.search(
        r'class="fw-semibold dash-count tile-briefing" href="([^"]+)" data-count="(\d+)"', html
    )
    assert tile is not None and tile.group(2) == "1"
    assert "Quá hạn sau 3 lần đôn đốc" in html
    link = tile.group(1).replace("&amp;", "&")
    listed = client_for(leader).get(link).content.decode()
    assert re.search(r'data-total-count="1"', listed)
    assert late_a.task.title in listed and late_b.task.title not in listed
    assert "02/03/2026 – Đặng Văn Mới" in listed
    # As of 20/02 the item had been urged twice only: not yet on the briefing.
    past = client_for(leader).get(reverse("directives:dashboard"), {"as_of": "20/02/2026"})
    tile = re.search(r'tile-briefing" href="[^"]+" data-count="(\d+)"', past.content.decode())
    assert tile.group(1) == "0"


def test_the_ranking_rows_lead_staff_to_the_units_don_doc(world, inspector, leader, unit_a):
    remind = reverse("directives:unit-remind", args=[unit_a.pk])
    staff = client_for(inspector).get(reverse("directives:dashboard")).content.decode()
    assert f'href="{remind}?next=' in staff
    assert remind not in client_for(leader).get(reverse("directives:dashboard")).content.decode()
