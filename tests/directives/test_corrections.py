"""Corrections of what was entered, through the one service module: each edit and each bad input."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection

from directives import services
from directives.models import Assignment, ReminderPolicy
from directives.reminders.planning import remindable_assignments
from directives.services import corrections
from directives.timeline import build_timeline
from tests.directives.assignment_helpers import assign

pytestmark = pytest.mark.django_db
VIETNAM = datetime.timezone(datetime.timedelta(hours=7))


def on(day: str, hour: int = 9):
    moment = datetime.datetime.fromisoformat(day).replace(hour=hour, tzinfo=VIETNAM)
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def task(inspector, unit_a, unit_b):
    """A task led by unit A, unit B coordinating, due 30/06/2026, entered on 10/03/2026."""
    with on("2026-03-10"):
        lead = assign(inspector, unit_a, coordinating=[unit_b], deadline="30/06/2026")
    return lead.task


def part(task, unit) -> Assignment:
    return task.assignments.get(unit=unit)


def texts(assignment) -> str:
    return " | ".join(entry.text for entry in build_timeline(assignment))


def complete(inspector, head, assignment):
    report = services.report_submit(
        actor=head, assignment=assignment, body="Đã xong", claims_completion=True
    )
    services.report_review(actor=inspector, report=report, decision="accept")


# --------------------------------------------------------------------------- title and content


def test_correcting_the_title_is_kept_in_history_and_told_on_the_timeline(inspector, task, unit_a):
    with on("2026-03-12"):
        change = corrections.task_correct_text(
            actor=inspector,
            task=task,
            title="Tự kiểm tra việc kê khai tài sản, thu nhập năm 2026",
            description="Theo mẫu của Thanh tra Chính phủ",
        )
    task.refresh_from_db()
    assert task.title == "Tự kiểm tra việc kê khai tài sản, thu nhập năm 2026"
    assert set(change.fields) == {"title", "description"}
    assert task.events.count() == 2
    assert "Sửa nội dung nhiệm vụ" in texts(part(task, unit_a))


# --------------------------------------------------------------------------- deadline


def test_a_deadline_correction_moves_every_open_part_keeps_the_original_and_tells_the_reason(
    inspector, task, unit_a, unit_b
):
    with on("2026-03-12"):
        change = corrections.task_correct_deadline(
            actor=inspector,
            task=task,
            deadline_text="trong quý III/2026",
            reason="Văn bản ghi nhầm quý",
        )
    lead = part(task, unit_a)
    assert (lead.original_deadline, lead.effective_deadline) == (
        datetime.date(2026, 6, 30),
        datetime.date(2026, 9, 30),
    )
    assert lead.deadline_text == "trong quý III/2026"
    assert part(task, unit_b).effective_deadline == datetime.date(2026, 9, 30)
    assert len(change.assignments) == 2
    assert "Lý do: Văn bản ghi nhầm quý" in texts(lead)


def test_a_coordinating_unit_may_get_its_own_deadline(inspector, task, unit_a, unit_b):
    with on("2026-03-12"):
        corrections.task_correct_deadline(
            actor=inspector,
            task=task,
            deadline_text="15/06/2026",
            reason="Phối hợp gửi trước để chủ trì tổng hợp",
            units=[unit_b],
        )
    assert part(task, unit_b).effective_deadline == datetime.date(2026, 6, 15)
    assert part(task, unit_a).effective_deadline == datetime.date(2026, 6, 30)


def test_a_deadline_change_without_a_reason_is_refused_and_changes_nothing(inspector, task, unit_a):
    with on("2026-03-12"), pytest.raises(ValidationError) as refused:
        corrections.task_correct_deadline(
            actor=inspector, task=task, deadline_text="30/09/2026", reason="  "
        )
    assert refused.value.message_dict == {"reason": ["Ghi lý do điều chỉnh thời hạn."]}
    assert part(task, unit_a).effective_deadline == datetime.date(2026, 6, 30)


def database_now() -> datetime.datetime:
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_deadline_as_of_an_earlier_moment_is_what_it_was_then(inspector, unit_a, unit_b):
    # The history's time is the database's (the triggers stamp each committed write), so this
    # test commits each step and reads the moment between them from PostgreSQL itself.
    lead = assign(inspector, unit_a, deadline="30/06/2026")
    between = database_now()
    corrections.task_correct_deadline(
        actor=inspector, task=lead.task, deadline_text="30/09/2026", reason="Sai ngày"
    )
    after = database_now()
    assert corrections.deadline_as_of(lead, between) == datetime.date(2026, 6, 30)
    assert corrections.deadline_as_of(lead, after) == datetime.date(2026, 9, 30)
    event = lead.events.order_by("-pgh_id").first()
    assert between <= event.pgh_created_at <= after
    assert event.pgh_context.metadata == {"correction": "deadline", "reason": "Sai ngày"}


def test_the_reminders_follow_a_moved_deadline(inspector, task, unit_a):
    policy = ReminderPolicy.current()
    day = datetime.date(2026, 6, 27)  # three days before the first deadline
    assert part(task, unit_a) in remindable_assignments(day, policy)
    with on("2026-03-12"):
        corrections.task_correct_deadline(
            actor=inspector, task=task, deadline_text="30/09/2026", reason="Sai ngày"
        )
    assert part(task, unit_a) not in remindable_assignments(day, policy)
    assert part(task, unit_a) in remindable_assignments(datetime.date(2026, 9, 27), policy)


# --------------------------------------------------------------------------- units


def test_adding_a_coordinating_unit_gives_it_the_leads_deadline(inspector, task, make_unit, city):
    unit_c = make_unit(parent=city)
    with on("2026-03-12"):
        change = corrections.task_add_unit(
            actor=inspector, task=task, unit=unit_c, role=Assignment.Role.COORDINATING
        )
    added = change.assignments[0]
    assert (added.unit, added.role, added.effective_deadline) == (
        unit_c,
        Assignment.Role.COORDINATING,
        datetime.date(2026, 6, 30),
    )


def test_adding_a_unit_as_lead_makes_the_former_lead_coordinate(
    inspector, task, unit_a, make_unit, city
):
    unit_c = make_unit(parent=city)
    with on("2026-03-12"):
        corrections.task_add_unit(actor=inspector, task=task, unit=unit_c, role="lead")
    assert part(task, unit_c).role == Assignment.Role.LEAD
    assert part(task, unit_a).role == Assignment.Role.COORDINATING
    assert task.assignments.filter(role="lead").count() == 1


def test_changing_the_lead_swaps_roles_and_is_told_on_the_timeline(inspector, task, unit_a, unit_b):
    with on("2026-03-12"):
        corrections.task_change_lead(actor=inspector, task=task, unit=unit_b)
    assert part(task, unit_b).role == Assignment.Role.LEAD
    assert part(task, unit_a).role == Assignment.Role.COORDINATING
    assert "từ Chủ trì thành Phối hợp" in texts(part(task, unit_a))


def test_a_removed_unit_stops_getting_reminders(inspector, task, unit_b):
    policy = ReminderPolicy.current()
    day = datetime.date(2026, 6, 27)
    assert part(task, unit_b) in remindable_assignments(day, policy)
    with on("2026-03-12"):
        corrections.task_remove_unit(
            actor=inspector, assignment=part(task, unit_b), reason="Không thuộc chức năng"
        )
    removed = part(task, unit_b)
    assert (removed.state, removed.cancel_reason) == ("cancelled", "Không thuộc chức năng")
    assert removed not in remindable_assignments(day, policy)
    assert "Không thuộc chức năng" in texts(removed)


def test_removing_the_only_lead_unit_is_refused(inspector, task, unit_a):
    with on("2026-03-12"), pytest.raises(ValidationError) as refused:
        corrections.task_remove_unit(
            actor=inspector, assignment=part(task, unit_a), reason="Giao nhầm"
        )
    assert refused.value.code == "only_lead"
    assert "chủ trì duy nhất" in refused.value.messages[0]
    assert part(task, unit_a).state == Assignment.State.ASSIGNED


def test_removing_a_unit_without_a_reason_is_refused(inspector, task, unit_b):
    with pytest.raises(ValidationError) as refused:
        corrections.task_remove_unit(actor=inspector, assignment=part(task, unit_b), reason="")
    assert "reason" in refused.value.message_dict


# --------------------------------------------------------------------------- closed items


def test_editing_a_completed_part_is_refused(inspector, head_a, task, unit_a, unit_b):
    with on("2026-03-15"):
        complete(inspector, head_a, part(task, unit_a))
        with pytest.raises(ValidationError) as refused:
            corrections.task_correct_deadline(
                actor=inspector,
                task=task,
                deadline_text="30/09/2026",
                reason="Sai ngày",
                units=[unit_a],
            )
    assert refused.value.code == "closed"
    assert "đã kết thúc" in refused.value.messages[0]
    assert part(task, unit_a).effective_deadline == datetime.date(2026, 6, 30)


def test_a_whole_deadline_correction_leaves_a_completed_part_as_it_was(
    inspector, head_a, task, unit_a, unit_b
):
    with on("2026-03-15"):
        complete(inspector, head_a, part(task, unit_a))
        change = corrections.task_correct_deadline(
            actor=inspector, task=task, deadline_text="30/09/2026", reason="Sai ngày"
        )
    assert [a.unit for a in change.assignments] == [unit_b]
    assert part(task, unit_a).effective_deadline == datetime.date(2026, 6, 30)


def test_editing_a_cancelled_task_is_refused(inspector, task, unit_a, unit_b):
    for unit in (unit_b, unit_a):
        services.assignment_cancel(actor=inspector, assignment=part(task, unit), reason="Bỏ")
    with pytest.raises(ValidationError) as refused:
        corrections.task_correct_text(actor=inspector, task=task, title="Mới", description="")
    assert refused.value.code == "closed"
    with pytest.raises(ValidationError):
        corrections.task_remove_unit(actor=inspector, assignment=part(task, unit_b), reason="x")


# --------------------------------------------------------------------------- two staff at once


def test_a_second_edit_from_a_stale_form_is_refused_and_the_first_kept(inspector, task, unit_a):
    seen = corrections.task_version(task)
    corrections.task_correct_text(
        actor=inspector, task=task, title="Tên do cán bộ thứ nhất sửa", description="", version=seen
    )
    with pytest.raises(corrections.StaleEdit):
        corrections.task_correct_text(
            actor=inspector,
            task=task,
            title="Tên do cán bộ thứ hai sửa",
            description="",
            version=seen,
        )
    task.refresh_from_db()
    assert task.title == "Tên do cán bộ thứ nhất sửa"
    with pytest.raises(corrections.StaleEdit):
        corrections.task_correct_deadline(
            actor=inspector, task=task, deadline_text="30/09/2026", reason="x", version=seen
        )
    assert part(task, unit_a).effective_deadline == datetime.date(2026, 6, 30)


def test_a_unit_change_moves_the_version(inspector, task, unit_b):
    seen = corrections.task_version(task)
    corrections.task_change_lead(actor=inspector, task=task, unit=unit_b)
    assert corrections.task_version(task) != seen


def test_only_the_inspectorate_corrects(head_a, task):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        corrections.task_correct_text(actor=head_a, task=task, title="x", description="")
