"""Saved column mappings: another layout is mapped once, then every file of that layout is read with it."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from directives.models import Directive, Task
from imports import mappings
from imports import services as imports
from imports.models import ColumnMapping, ImportBatch
from tests.directives.directive_helpers import client_for
from tests.imports.helpers import upload, workbook_bytes

pytestmark = pytest.mark.django_db

OTHER = [
    "STT",
    "Số ký hiệu VB",
    "Ngày VB",
    "Nội dung công việc",
    "Đơn vị thực hiện",
    "Hạn hoàn thành",
]
MAPPED = ["number", "symbol", "issued_on", "title", "unit", "deadline"]


def other_row(title="Rà soát quy chế chi tiêu nội bộ", unit="Sở Nội vụ"):
    return [None, "31/KH-UBND", datetime.date(2025, 3, 5), title, unit, datetime.date(2025, 9, 30)]


def other_file(rows=None, headings=OTHER):
    return workbook_bytes(rows or [other_row()], headings=headings)


def check(inspector, content, name="bao-cao-so.xlsx"):
    return imports.batch_create(actor=inspector, upload=upload(content, name=name))


def test_a_file_of_another_layout_waits_for_its_columns_to_be_mapped(inspector, unit_a):
    batch = check(inspector, other_file())
    assert batch.state == ImportBatch.State.MAPPING
    assert "Thiếu cột «Số, ký hiệu»" in batch.message
    assert batch.headings == OTHER
    # What the reader recognised is proposed; the rest waits for the officer.
    assert mappings.proposed_fields(batch) == ["number", "", "", "", "unit", "deadline"]
    assert batch.rows.count() == 0 and batch.file


def test_mapping_once_checks_the_file_and_the_next_file_of_that_layout_is_mapped_at_once(
    inspector, unit_a
):
    first = check(inspector, other_file())
    mapping = mappings.mapping_save(
        actor=inspector, batch=first, fields=MAPPED, name="Bảng theo dõi của Sở"
    )
    first.refresh_from_db()
    assert first.state == ImportBatch.State.CHECKED and first.mapping == mapping
    assert first.counts == {"create": 1, "update": 0, "unchanged": 0, "error": 0}

    # Same headings, other spacing and case: the same layout.
    spaced = [
        "stt",
        "Số  ký hiệu vb",
        "NGÀY VB",
        "Nội dung công việc ",
        "Đơn vị thực hiện",
        "Hạn hoàn thành",
    ]
    second = check(inspector, other_file([other_row(title="Việc khác")], headings=spaced))
    assert second.state == ImportBatch.State.CHECKED
    assert second.mapping == mapping
    imports.batch_apply(actor=inspector, batch=second)
    task = Task.objects.get(title="Việc khác")
    assert task.directive.symbol == "31/KH-UBND"
    assert task.assignments.get().effective_deadline == datetime.date(2025, 9, 30)

    page = client_for(inspector).get(second.get_absolute_url())
    assert "Dùng cách ghép cột đã lưu «Bảng theo dõi của Sở»." in page.content.decode()


def test_a_layout_that_differs_by_one_heading_is_not_mapped_by_another_layouts_mapping(
    inspector, unit_a
):
    mappings.mapping_save(actor=inspector, batch=check(inspector, other_file()), fields=MAPPED)
    changed = [*OTHER[:3], "Nội dung", *OTHER[4:]]
    batch = check(inspector, other_file(headings=changed))
    assert batch.state == ImportBatch.State.MAPPING and batch.mapping is None
    assert ColumnMapping.objects.count() == 1


def test_a_mapping_reading_one_column_twice_is_refused_and_nothing_is_saved(inspector, unit_a):
    batch = check(inspector, other_file())
    twice = ["number", "symbol", "issued_on", "title", "unit", "unit"]
    with pytest.raises(Exception) as refused:
        mappings.mapping_save(actor=inspector, batch=batch, fields=twice)
    assert (
        "Cột «Đơn vị» được ghép cho hai tiêu đề: «Đơn vị thực hiện» và «Hạn hoàn thành»."
        in refused.value.messages
    )
    assert ColumnMapping.objects.count() == 0
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.MAPPING


def test_a_mapping_leaving_a_required_column_out_is_refused(inspector, unit_a):
    batch = check(inspector, other_file())
    no_title = ["number", "symbol", "issued_on", "", "unit", "deadline"]
    with pytest.raises(Exception) as refused:
        mappings.mapping_save(actor=inspector, batch=batch, fields=no_title)
    assert refused.value.messages == ["Chưa ghép cột bắt buộc: «Nhiệm vụ»."]
    assert ColumnMapping.objects.count() == 0


def test_the_page_maps_the_headings_and_says_what_is_refused(inspector, unit_a):
    batch = check(inspector, other_file())
    client = client_for(inspector)
    page = client.get(batch.get_absolute_url()).content.decode()
    assert 'id="mapping-form"' in page and "Số ký hiệu VB" in page

    post = {f"h{i}": name for i, name in enumerate(MAPPED)}
    refused = client.post(f"/nhap-du-lieu/{batch.pk}/ghep-cot/", {**post, "h3": ""})
    assert refused.status_code == 200
    assert "Chưa ghép cột bắt buộc: «Nhiệm vụ»." in refused.content.decode()
    assert ColumnMapping.objects.count() == 0

    saved = client.post(f"/nhap-du-lieu/{batch.pk}/ghep-cot/", {**post, "name": "Sở Nội vụ"})
    assert saved.status_code == 302
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.CHECKED and batch.mapping.name == "Sở Nội vụ"
    assert Directive.objects.count() == 0  # still a dry run


def test_only_the_inspectorate_maps_columns(inspector, head_a, unit_a):
    batch = check(inspector, other_file())
    path = f"/nhap-du-lieu/{batch.pk}/ghep-cot/"
    post = {f"h{i}": name for i, name in enumerate(MAPPED)}
    assert client_for(head_a).get(path).status_code == 404
    assert client_for(head_a).post(path, post).status_code == 404
    assert client_for(inspector, enforce_csrf_checks=True).post(path, post).status_code == 403
    assert ColumnMapping.objects.count() == 0


def test_the_admin_shows_and_corrects_a_saved_mapping_but_refuses_a_bad_one(
    inspector, admin_user, unit_a
):
    mapping = mappings.mapping_save(
        actor=inspector, batch=check(inspector, other_file()), fields=MAPPED, name="Sở"
    )
    client = client_for(admin_user)
    path = f"/admin/imports/columnmapping/{mapping.pk}/change/"
    page = client.get(path).content.decode()
    assert "«Số ký hiệu VB» → Số, ký hiệu" in page
    bad = '["number", "symbol", "issued_on", "title", "title", "deadline"]'
    refused = client.post(path, {"name": "Sở", "fields": bad})
    assert "được ghép cho hai tiêu đề" in refused.content.decode()
    mapping.refresh_from_db()
    assert mapping.fields == MAPPED
    assert client.post(f"/admin/imports/columnmapping/{mapping.pk}/delete/", {"post": "yes"})
    assert ColumnMapping.objects.count() == 0


def run(path, *args):
    out = io.StringIO()
    call_command("import_tracker", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_command_says_which_headings_it_could_not_place_then_maps_and_reuses(
    tmp_path, inspector, unit_a
):
    path = tmp_path / "so.xlsx"
    path.write_bytes(other_file())
    with pytest.raises(CommandError) as refused:
        run(path, "--dry-run")
    message = str(refused.value)
    assert (
        "Không xếp được các tiêu đề: «Số ký hiệu VB», «Ngày VB», «Nội dung công việc»." in message
    )
    assert "--map" in message and "/nhap-du-lieu/" in message

    maps = ["Số ký hiệu VB=symbol", "Ngày VB=issued_on", "Nội dung công việc=title"]
    out = run(path, "--dry-run", *(f"--map={m}" for m in maps), "--map-name", "Sở")
    assert "1 dòng — tạo mới 1" in out and Task.objects.count() == 0
    out = run(path)
    assert "Dùng cách ghép cột đã lưu «Sở»." in out
    assert Task.objects.count() == 1
