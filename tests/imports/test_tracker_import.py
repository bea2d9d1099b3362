"""Excel tracker import: dry run, preview problems, apply once, undo, round trip with the export."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook
from pghistory.models import Events

from audit.models import AuditEvent
from directives import services
from directives.models import Assignment, Directive, Event, Task
from imports import services as imports
from imports.models import ImportBatch
from tests.directives.directive_helpers import client_for
from tests.imports.helpers import row, upload, workbook_bytes

pytestmark = pytest.mark.django_db


def snapshot():
    """What an import may change, as comparable values."""
    return (
        sorted(Directive.objects.values_list("identity_key", "summary")),
        sorted(Task.objects.values_list("directive_id", "position", "title")),
        sorted(
            Assignment.objects.values_list(
                "task_id", "unit_id", "role", "state", "effective_deadline", "deadline_text"
            )
        ),
    )


def check(inspector, rows, **kwargs):
    return imports.batch_create(actor=inspector, upload=upload(workbook_bytes(rows, **kwargs)))


def problems(batch):
    return {r.number: r.problems for r in batch.rows.all() if r.problems}


def test_a_dry_run_writes_nothing_but_the_batch(inspector, unit_a, unit_b):
    before = snapshot(), Events.objects.count(), Event.objects.count()
    batch = check(inspector, [row(), row(unit="Sở Tài chính", role="Phối hợp")])
    assert batch.state == ImportBatch.State.CHECKED
    assert batch.counts == {"create": 2, "update": 0, "unchanged": 0, "error": 0}
    assert (snapshot(), Events.objects.count(), Event.objects.count()) == before


def test_applying_creates_the_directive_task_and_both_parts_through_the_services(
    inspector, unit_a, unit_b
):
    batch = check(inspector, [row(), row(unit="Sở Tài chính", role="Phối hợp")])
    imports.batch_apply(actor=inspector, batch=batch)

    directive = Directive.objects.get(symbol="31/KH-UBND")
    task = directive.tasks.get()
    parts = {a.unit.name: a for a in task.assignments.all()}
    assert parts["Sở Nội vụ"].role == "lead" and parts["Sở Tài chính"].role == "coordinating"
    assert parts["Sở Nội vụ"].effective_deadline == datetime.date(2025, 9, 30)
    # the services told each unit, as if typed in
    assert Event.objects.filter(kind=Event.Kind.ASSIGNED).count() == 2
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.APPLIED


def test_every_row_written_is_audited_with_the_batch(inspector, unit_a):
    batch = check(inspector, [row()])
    imports.batch_apply(actor=inspector, batch=batch)
    task = Task.objects.get()
    event = Events.objects.filter(pgh_obj_model="directives.Task", pgh_obj_id=task.pk).get()
    assert event.pgh_context["import_batch"] == batch.pk
    assignment_events = Events.objects.filter(pgh_obj_model="directives.Assignment")
    assert {e.pgh_context["import_batch"] for e in assignment_events} == {batch.pk}
    # the sealed audit trail names the batch on every domain row written
    written = AuditEvent.objects.filter(
        table_name__in=["directives_directive", "directives_task", "directives_assignment"]
    )
    assert written.count() >= 3
    assert {e.context["import_batch"] for e in written} == {batch.pk}


def test_importing_the_same_file_again_changes_nothing(inspector, unit_a, unit_b):
    content = workbook_bytes([row(), row(unit="Sở Tài chính", role="Phối hợp")])
    imports.batch_apply(
        actor=inspector, batch=imports.batch_create(actor=inspector, upload=upload(content))
    )
    after_first = snapshot(), Event.objects.count()
    again = imports.batch_create(actor=inspector, upload=upload(content))
    assert again.counts == {"create": 0, "update": 0, "unchanged": 2, "error": 0}
    imports.batch_apply(actor=inspector, batch=again)
    assert (snapshot(), Event.objects.count()) == after_first


def test_a_batch_is_applied_once(inspector, unit_a):
    batch = check(inspector, [row()])
    imports.batch_apply(actor=inspector, batch=batch)
    batch.refresh_from_db()
    with pytest.raises(ValidationError):
        imports.batch_apply(actor=inspector, batch=batch)
    assert Task.objects.count() == 1
    assert batch.file.name == ""  # the rows hold what was read; the upload is not kept


def test_a_changed_deadline_updates_the_part_and_undo_restores_it(inspector, unit_a):
    imports.batch_apply(actor=inspector, batch=check(inspector, [row()]))
    before = snapshot()
    batch = check(inspector, [row(deadline="25/10/2025")])
    assert batch.counts["update"] == 1
    assert batch.rows.get().changes == ["Thời hạn 30/09/2025 → 25/10/2025"]
    imports.batch_apply(actor=inspector, batch=batch)
    assert Assignment.objects.get().effective_deadline == datetime.date(2025, 10, 25)

    imports.batch_undo(actor=inspector, batch=batch)
    assert snapshot() == before


def test_undo_removes_everything_a_batch_created(inspector, unit_a, unit_b):
    before = snapshot()
    batch = check(inspector, [row(), row(unit="Sở Tài chính", role="Phối hợp")])
    imports.batch_apply(actor=inspector, batch=batch)
    imports.batch_undo(actor=inspector, batch=batch)
    assert snapshot() == before
    assert ImportBatch.objects.get(pk=batch.pk).state == ImportBatch.State.UNDONE


def test_undo_is_refused_whole_once_a_unit_has_reported(inspector, unit_a, head_a):
    batch = check(inspector, [row()])
    imports.batch_apply(actor=inspector, batch=batch)
    services.report_submit(actor=head_a, assignment=Assignment.objects.get(), body="Đã triển khai")
    with pytest.raises(ValidationError, match="đã báo cáo"):
        imports.batch_undo(actor=inspector, batch=batch)
    assert Task.objects.count() == 1 and Directive.objects.count() == 1


def test_the_preview_lists_every_rows_problems(inspector, unit_a, unit_b):
    batch = check(
        inspector,
        [
            row(unit="Sở Nội Vu"),  # unknown, close to Sở Nội vụ
            row(symbol="Số: /HC-TH"),  # a draft without a number
            row(issued="32/13/2025"),
            row(deadline=datetime.date(2025, 1, 2)),  # before the issue date
            row(title="Kiểm tra công vụ", issued="05/03/2025"),  # a date typed as text: fine
            row(title="Kiểm tra công vụ", issued="05/03/2025"),  # the same row again
        ],
    )
    found = problems(batch)
    assert "Có phải: «Sở Nội vụ»" in found[2][0]
    assert "Số, ký hiệu «Số: /HC-TH»" in found[3][0]
    assert "Ngày ban hành «32/13/2025» không đọc được" in found[4][0]
    assert "trước ngày ban hành" in found[5][0]
    assert 6 not in found
    assert found[7] == ["Trùng dòng 6: cùng nhiệm vụ, cùng đơn vị."]


def test_a_row_with_an_error_holds_back_its_whole_task(inspector, unit_a):
    batch = check(inspector, [row(), row(unit="Sở Không Có", role="Phối hợp")])
    assert batch.counts["error"] == 2
    with pytest.raises(ValidationError, match="dòng có lỗi"):
        imports.batch_apply(actor=inspector, batch=batch)
    imports.batch_apply(actor=inspector, batch=batch, skip_errors=True)
    assert Task.objects.count() == 0


def test_the_error_sheet_returns_the_rows_with_an_error_column(inspector, unit_a):
    batch = check(inspector, [row(), row(title="Khác", unit="Sở Không Có")])
    response = client_for(inspector).get(f"/nhap-du-lieu/{batch.pk}/loi.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    heading = rows[0]
    assert heading[-1] == "Lỗi" and heading[1] == "Số, ký hiệu"
    assert len(rows) == 3 and rows[1][-1] is None
    assert "Không có đơn vị «Sở Không Có»" in rows[2][-1]


def test_an_exported_list_reimports_unchanged(inspector, leader, unit_a, unit_b):
    directive = services.directive_create(
        actor=inspector,
        raw_symbol="160-KH/TU",
        issued_on=datetime.date(2025, 9, 6),
        summary="Kế hoạch thực hiện Kết luận",
    )
    services.task_create(
        actor=inspector,
        directive=directive,
        title='=HYPERLINK("http://x","bấm") tuyên truyền',
        lead_unit=unit_a,
        coordinating_units=[unit_b],
        deadline_text="trong quý IV/2025",
    )
    services.task_create(
        actor=inspector, directive=directive, title="Tự kiểm tra", lead_unit=unit_b
    )
    response = client_for(leader).get("/tong-hop/danh-sach/xuat.xlsx?role=all")
    content = b"".join(response.streaming_content)
    before = snapshot(), Event.objects.count()

    batch = imports.batch_create(actor=inspector, upload=upload(content))
    assert batch.state == ImportBatch.State.CHECKED, batch.message
    assert batch.counts["error"] == 0, problems(batch)
    assert batch.counts["create"] == 0 and batch.counts["update"] == 0
    assert batch.counts["unchanged"] == Assignment.objects.count()
    imports.batch_apply(actor=inspector, batch=batch)
    assert (snapshot(), Event.objects.count()) == before


def test_an_imports_mails_wait_for_the_morning_digest_and_the_bell_rings_at_once(
    inspector, unit_a, unit_b, head_a, head_b, settings
):
    from directives.models import EventDelivery, Notification

    batch = check(inspector, [row(), row(unit="Sở Tài chính", role="Phối hợp")])
    imports.batch_apply(actor=inspector, batch=batch)
    assert set(EventDelivery.objects.values_list("digest", flat=True)) == {True}
    assert Notification.objects.filter(user__in=[head_a, head_b]).count() == 2

    settings.PCTS_IMPORT_DIGEST = False
    batch = check(inspector, [row(title="Việc khác")])
    imports.batch_apply(actor=inspector, batch=batch)
    latest = EventDelivery.objects.order_by("-pk").first()
    assert latest.digest is False and latest.recipient == head_a
