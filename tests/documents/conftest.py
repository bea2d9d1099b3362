"""A directive with overdue items in three units (a head, a vacant post, an acting head) and đôn đốc sent."""

import datetime
import uuid
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from directives import services
from directives.models import ReminderDelivery
from units.models import Membership

TODAY = datetime.date(2026, 3, 20)
NOW = datetime.datetime(2026, 3, 20, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
ASSIGNED = datetime.datetime(2025, 10, 1, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
# Every Vietnamese vowel with every tone, đ/Đ and the capitals: nothing may be lost on the way.
DIACRITICS = (
    "àáảãạ ăằắẳẵặ âầấẩẫậ đĐ èéẻẽẹ êềếểễệ ìíỉĩị òóỏõọ ôồốổỗộ ơờớởỡợ ùúủũụ ưừứửữự ỳýỷỹỵ "
    "ÀÁẢÃẠ ĂẰẮẲẴẶ ÂẦẤẨẪẬ ÊỀẾỂỄỆ ÔỒỐỔỖỘ ƠỜỚỞỠỢ ƯỪỨỬỮỰ"
)


def urge(assignment, day, *, recipient, reason="overdue", kind="digest"):
    """Record a sent reminder mail listing `assignment` (what the reminder ledger writes)."""
    request = uuid.uuid4() if kind == "manual" else None
    return ReminderDelivery.objects.create(
        key=f"{kind}:{day}:{recipient.pk}:{uuid.uuid4()}",
        kind=kind,
        day=day,
        recipient=recipient,
        request_id=request,
        state=ReminderDelivery.State.SENT,
        item_assignments=[assignment.pk],
        item_reasons=[reason],
        item_levels=[0],
        item_deadlines=[assignment.effective_deadline],
        item_days_late=[(day - assignment.effective_deadline).days],
    )


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(inspector, inspectorate_unit, make_unit, make_user, city, unit_a, unit_b):
    """Build the directive and its units; the clock then stands at TODAY (20/03/2026, 09:00)."""
    unit_c = make_unit("Ủy ban nhân dân phường Ô Chợ Dừa", kind="ward", parent=city, code="PCD")
    chief = make_user("chanh", unit=inspectorate_unit, role="head", full_name="Nguyễn Văn Chánh")
    deputy = make_user("pho", unit=inspectorate_unit, role="deputy", full_name="Lê Thị Phó")
    head_a = make_user(
        "gd.a",
        unit=unit_a,
        role="head",
        full_name="Trần Văn Giám",
        position="Giám đốc",
        valid_from=datetime.date(2026, 1, 1),
    )
    old_head_a = make_user("gd.cu", full_name="Phạm Văn Cũ", position="Giám đốc")
    Membership.objects.create(
        user=old_head_a,
        unit=unit_a,
        role="head",
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2025, 12, 31),
    )
    acting_c = make_user("q.c", unit=unit_c, role="acting_head", full_name="Đỗ Thị Quyền")
    with time_machine.travel(ASSIGNED, tick=False):
        directive = services.directive_create(
            actor=inspector,
            raw_symbol="160-KH/TU",
            issued_on=datetime.date(2023, 9, 6),
            summary="Kế hoạch thực hiện Kết luận về phòng, chống tham nhũng, tiêu cực",
            issuer_name="Ban Thường vụ Thành ủy",
        )
        tasks = [
            services.task_create(
                actor=inspector,
                directive=directive,
                title=title,
                lead_unit=lead,
                coordinating_units=coordinating,
                deadline_text=deadline,
            )
            for title, lead, coordinating, deadline in [
                ("Tự kiểm tra việc kê khai tài sản, thu nhập", unit_a, [unit_b], "31/12/2025"),
                (f"Tuyên truyền ({DIACRITICS})", unit_c, [], "15/01/2026"),
                ("Rà soát quy chế chi tiêu nội bộ", unit_a, [], "31/12/2026"),
            ]
        ]
    traveller = time_machine.travel(NOW, tick=False)
    traveller.start()
    overdue_a = tasks[0].assignments.get(unit=unit_a)
    overdue_b = tasks[0].assignments.get(unit=unit_b)
    overdue_c = tasks[1].assignments.get(unit=unit_c)
    # Unit A's item: urged by the inspectorate 4 times, once under the old head (until 31/12/2025),
    # then under the new one.
    for day in ("2025-12-31", "2026-01-07", "2026-01-14", "2026-01-21"):
        urge(
            overdue_a,
            datetime.date.fromisoformat(day),
            recipient=head_a,
            reason="manual",
            kind="manual",
        )
    # The daily reminders (before the deadline, overdue, escalated) are counted apart, never as đôn đốc.
    urge(overdue_a, datetime.date(2026, 1, 21), recipient=inspector, reason="escalated")
    urge(overdue_a, datetime.date(2025, 12, 24), recipient=head_a, reason="before")
    # Unit C's item: 2 daily reminders and 3 đôn đốc.
    for day in ("2026-01-16", "2026-01-23"):
        urge(overdue_c, datetime.date.fromisoformat(day), recipient=acting_c)
    for day in ("2026-01-23", "2026-02-02", "2026-02-09"):
        urge(
            overdue_c,
            datetime.date.fromisoformat(day),
            recipient=acting_c,
            reason="manual",
            kind="manual",
        )
    yield SimpleNamespace(
        directive=directive,
        tasks=tasks,
        unit_a=unit_a,
        unit_b=unit_b,
        unit_c=unit_c,
        chief=chief,
        deputy=deputy,
        head_a=head_a,
        old_head_a=old_head_a,
        acting_c=acting_c,
        overdue_a=overdue_a,
        overdue_b=overdue_b,
        overdue_c=overdue_c,
    )
    traveller.stop()
