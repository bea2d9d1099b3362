"""`manage.py import_tracker FILE [--dry-run]`: the same checks and writes as the page."""

import io

import pytest
from django.core.management import CommandError, call_command

from directives.models import Task
from tests.imports.helpers import row, workbook_bytes

pytestmark = pytest.mark.django_db


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_tracker", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_dry_run_reports_and_writes_nothing(tmp_path, inspector, unit_a):
    path = tmp_path / "theo-doi.xlsx"
    path.write_bytes(workbook_bytes([row(), row(title="Khác", unit="Sở Không Có")]))
    out, err = run(path, "--dry-run", "--user", "thanhtra")
    assert "2 dòng — tạo mới 1, cập nhật 0, không đổi 0, lỗi 1." in out
    assert "dòng 3: Không có đơn vị «Sở Không Có»" in out
    assert "Chạy thử: không ghi gì" in out
    assert "Kiểm tra: [" in err
    assert Task.objects.count() == 0


def test_importing_writes_the_rows_and_shows_its_progress(tmp_path, inspector, unit_a):
    path = tmp_path / "theo-doi.xlsx"
    path.write_bytes(workbook_bytes([row(), row(title="Khác")]))
    out, err = run(path)
    assert "Đã nhập lần #" in out and "Nhập: [##############################] 2/2" in err
    assert Task.objects.count() == 2


def test_rows_with_errors_stop_the_command_unless_skipped(tmp_path, inspector, unit_a):
    path = tmp_path / "theo-doi.xlsx"
    path.write_bytes(workbook_bytes([row(), row(title="Khác", unit="Sở Không Có")]))
    with pytest.raises(CommandError, match="dòng có lỗi"):
        run(path)
    run(path, "--skip-errors")
    assert list(Task.objects.values_list("title", flat=True)) == [row()[3]]
