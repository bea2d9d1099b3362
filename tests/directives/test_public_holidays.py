"""The working-day calendar knows Tết: seeded from the `holidays` package, corrected by admins."""

import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.urls import reverse

from directives import public_holidays, services
from directives.models import Holiday
from directives.tasks import holidays_roll
from directives.working_days import resolve_deadline, work_calendar
from tests.directives.assignment_helpers import assign, client_for

pytestmark = pytest.mark.django_db
D = datetime.date

# Tết Nguyên đán 2027 as the package gives it (29 Tết to mùng 5: 04–10/02/2027), and 01/01/2027.
TET_2027 = [D(2027, 2, day) for day in range(4, 11)]


def counted_by_hand(start, count, days_off):
    day, left = start, count
    while left:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in days_off:
            left -= 1
    return day


def test_fifty_working_days_from_december_skip_tet_even_before_any_seeding():
    assert not Holiday.objects.exists()
    expected = counted_by_hand(D(2026, 12, 1), 50, {D(2027, 1, 1), *TET_2027})
    assert expected == D(2027, 2, 17)  # 10/02/2027 (inside Tết) when Tết is not known
    deadline = resolve_deadline("trong 50 ngày làm việc", issued_on=D(2026, 12, 1))
    assert deadline.due == expected


def test_seeding_a_year_copies_its_holidays_and_keeps_what_an_admin_entered():
    Holiday.objects.create(day=D(2027, 2, 4), name="Nghỉ Tết (quyết định của UBND)")
    result = public_holidays.seed_year(2027)
    assert result.kept == 1 and result.added == len(public_holidays.library_days(2027)) - 1
    assert Holiday.objects.get(day=D(2027, 2, 4)).source == Holiday.Source.MANUAL
    rows = dict(Holiday.objects.filter(day__year=2027).values_list("day", "name"))
    assert rows[D(2027, 2, 6)] == "Tết Nguyên Đán"
    assert rows[D(2027, 4, 16)] == "Ngày Giỗ Tổ Hùng Vương"  # 10/3 lunar
    assert public_holidays.seed_year(2027).added == 0


def test_a_swapped_saturday_is_a_working_day():
    public_holidays.seed_year(2026)
    saturday = Holiday.objects.get(day=D(2026, 8, 22))
    assert saturday.is_working_day and saturday.day.weekday() == 5
    calendar = work_calendar()
    assert calendar.is_working_day(D(2026, 8, 22)) and not calendar.is_working_day(D(2026, 8, 31))


def test_an_admin_correction_wins_over_the_package():
    public_holidays.seed_year(2027)
    # The city keeps its offices open on mùng 5 this year.
    Holiday.objects.filter(day=D(2027, 2, 10)).update(is_working_day=True, name="Đi làm")
    assert work_calendar().is_working_day(D(2027, 2, 10))


def test_a_year_the_package_lacks_is_refused_with_a_way_forward():
    with pytest.raises(public_holidays.UnsupportedYear, match="Hãy nhập tay"):
        public_holidays.seed_year(2150)
    with pytest.raises(CommandError, match="không có lịch năm 2150"):
        call_command("seed_holidays", "2150")
    assert not Holiday.objects.exists()
    # Counting still works there: weekends and the fixed solar holidays.
    fixed = {D(2150, 4, 30), D(2150, 5, 1)}
    expected = counted_by_hand(D(2150, 4, 28), 5, fixed)
    assert resolve_deadline("05 ngày làm việc", issued_on=D(2150, 4, 28)).due == expected


def test_the_daily_task_rolls_the_calendar_forward_across_new_year():
    with time_machine.travel(datetime.datetime(2026, 12, 31, 9, 0), tick=False):
        assert holidays_roll() == [2025, 2026, 2027, 2028]
        assert holidays_roll() == []
    with time_machine.travel(datetime.datetime(2027, 1, 1, 9, 0), tick=False):
        assert holidays_roll() == [2029]
    assert Holiday.objects.filter(day__year=2029, name="Tết Nguyên Đán").exists()


def test_the_command_seeds_the_years_in_use(capsys):
    with time_machine.travel(datetime.datetime(2026, 12, 3, 9, 0), tick=False):
        call_command("seed_holidays")
    out = capsys.readouterr().out
    assert "2027: thêm" in out and "2028: thêm" in out


def test_a_stored_deadline_does_not_move_when_the_calendar_changes(inspector, unit_a):
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0), tick=False):
        directive = services.directive_create(
            actor=inspector,
            raw_symbol="88/KH-UBND",
            issued_on=D(2026, 12, 1),
            summary="Kế hoạch kiểm tra công vụ đầu năm 2027",
        )
        assignment = assign(
            inspector, unit_a, directive=directive, deadline="trong 50 ngày làm việc"
        )
    assert assignment.effective_deadline == D(2027, 2, 17)
    Holiday.objects.create(day=D(2027, 1, 4), name="Nghỉ bù (thêm sau)")
    assignment.refresh_from_db()
    assert assignment.effective_deadline == D(2027, 2, 17)


def test_the_preview_names_the_days_off_it_skipped(inspector):
    directive = services.directive_create(
        actor=inspector,
        raw_symbol="89/KH-UBND",
        issued_on=D(2026, 12, 1),
        summary="Kế hoạch kiểm tra công vụ đầu năm 2027",
    )
    data = (
        client_for(inspector)
        .get(
            reverse("directives:deadline-preview"),
            {"text": "trong 50 ngày làm việc", "directive": directive.pk},
        )
        .json()
    )
    assert data["due"] == "17/02/2027"
    assert data["skipped"].startswith("Không tính các ngày nghỉ lễ: 01/01/2027 (Tết Dương lịch)")
    assert "06/02/2027 (Tết Nguyên Đán)" in data["skipped"]


def test_an_admin_imports_a_year_from_the_calendar_page(admin_user):
    client = client_for(admin_user)
    url = reverse("admin:directives_holiday_seed")
    assert (
        "Nhập ngày lễ của năm"
        in client.get(reverse("admin:directives_holiday_changelist")).content.decode()
    )
    assert client.get(url).status_code == 403
    response = client.post(url, {"year": "2027"}, follow=True)
    assert "Năm 2027: đã thêm" in [str(m) for m in get_messages(response.wsgi_request)][0]
    response = client.post(url, {"year": "27"}, follow=True)
    assert "Nhập năm gồm 4 chữ số" in response.content.decode()
    response = client.post(url, {"year": "2150"}, follow=True)
    assert "không có lịch năm 2150" in response.content.decode()
