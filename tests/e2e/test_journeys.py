"""The unit head's journey in a real browser, and bad input that must save nothing.

Screenshots of each step go to var/screenshots/ (git-ignored).
"""

import datetime

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from directives import services
from directives.models import ExtensionRequest, ProgressReport
from tests.directives.assignment_helpers import PDF_BYTES
from tests.e2e.conftest import DESKTOP

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def overdue(inspector, unit_a):
    directive = services.directive_create(
        actor=inspector,
        raw_symbol="31/KH-UBND",
        issued_on=datetime.date(2025, 9, 6),
        summary="Kế hoạch phòng, chống tham nhũng",
    )
    task = services.task_create(
        actor=inspector,
        directive=directive,
        title="Tự kiểm tra việc kê khai tài sản, thu nhập",
        lead_unit=unit_a,
        deadline_text="30/10/2025",
    )
    return task.assignments.get()


@pytest.fixture
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_head_reports_an_overdue_item_asks_for_time_and_reads_why_it_was_returned(
    open_as, shoot, media_in_tmp, tmp_path, overdue, head_a, inspector
):
    pdf = tmp_path / "Báo cáo tự kiểm tra.pdf"
    pdf.write_bytes(PDF_BYTES)
    page = open_as(head_a, reverse("directives:inbox"))
    page.set_viewport_size(DESKTOP)
    row = page.locator("tr.t-row-overdue", has_text="Tự kiểm tra việc kê khai")
    expect(row).to_be_visible()
    shoot(page, "1-inbox")
    row.get_by_role("link", name="Tự kiểm tra việc kê khai tài sản, thu nhập").click()

    form = page.locator("form.report-form")
    form.locator("[name=body]").fill("Đã tự kiểm tra 35 hồ sơ; còn 2 hồ sơ đang bổ sung.")
    form.locator("[name=files]").set_input_files(str(pdf))
    form.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator(".attachments", has_text="Báo cáo tự kiểm tra.pdf")).to_be_visible()
    shoot(page, "2-reported")

    extension = page.locator("form.extension-form")
    extension.locator("[name=requested_deadline]").fill("31/12/2030")
    extension.locator("[name=reason]").fill("Chờ hồ sơ bổ sung của hai cán bộ.")
    extension.get_by_role("button", name="Gửi đề nghị gia hạn").click()
    expect(page.get_by_text("Chờ hồ sơ bổ sung của hai cán bộ.").first).to_be_visible()
    assert ExtensionRequest.objects.filter(assignment=overdue).count() == 1

    staff = open_as(inspector, reverse("directives:review-queue"))
    staff.set_viewport_size(DESKTOP)
    report = ProgressReport.objects.get(assignment=overdue)
    queued = staff.locator(f"#report-{report.pk}")
    expect(queued.locator(".attachments a")).to_have_text("Báo cáo tự kiểm tra.pdf")
    queued.locator("summary", has_text="Trả lại").click()
    queued.locator("[name=reason]").fill("Thiếu danh sách 2 hồ sơ còn bổ sung.")
    queued.get_by_role("button", name="Trả lại báo cáo").click()
    expect(staff.get_by_text("Đã trả lại báo cáo của Sở Nội vụ.")).to_be_visible()
    shoot(staff, "3-returned")

    page.reload()
    expect(page.get_by_text("Thiếu danh sách 2 hồ sơ còn bổ sung.").first).to_be_visible()
    shoot(page, "4-head-reads-why")


def test_an_impossible_date_and_an_oversized_file_are_refused_in_vietnamese_saving_nothing(
    open_as, shoot, live_server, settings, media_in_tmp, tmp_path, overdue, head_a
):
    settings.PCTS_ATTACHMENT_MAX_MB = 1
    big = tmp_path / "Hồ sơ quá lớn.pdf"
    big.write_bytes(PDF_BYTES + b"0" * (2 * 1024 * 1024))
    page = open_as(head_a, reverse("directives:assignment-detail", args=[overdue.pk]))
    page.set_viewport_size(DESKTOP)

    extension = page.locator("form.extension-form")
    extension.locator("[name=requested_deadline]").fill("31/02/2027")
    extension.locator("[name=reason]").fill("Chờ hồ sơ.")
    extension.get_by_role("button", name="Gửi đề nghị gia hạn").click()
    expect(page.locator("#id_requested_deadline_error")).to_have_text(
        "Ngày «31/02/2027» không tồn tại: tháng 2 năm 2027 chỉ có 28 ngày."
    )
    shoot(page, "impossible-date")

    page.goto(live_server.url + reverse("directives:assignment-detail", args=[overdue.pk]))
    form = page.locator("form.report-form")
    form.locator("[name=body]").fill("Báo cáo kèm tệp lớn.")
    form.locator("[name=files]").set_input_files(str(big))
    form.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("#id_files_error")).to_contain_text("MB")
    shoot(page, "oversized-file")

    assert ExtensionRequest.objects.count() == 0
    assert ProgressReport.objects.count() == 0


def test_a_double_click_on_send_records_one_report(open_as, media_in_tmp, overdue, head_a):
    page = open_as(head_a, reverse("directives:assignment-detail", args=[overdue.pk]))
    form = page.locator("form.report-form")
    form.locator("[name=body]").fill("Đã xong phần tự kiểm tra.")
    form.get_by_role("button", name="Gửi báo cáo").dblclick()
    expect(page.locator(".alert").first).to_be_visible()

    assert ProgressReport.objects.filter(assignment=overdue).count() == 1


def _set(page, name, value):
    field = page.locator(f"form.dashboard-filter [name={name}]")
    if field.evaluate("e => e.tagName") == "SELECT":
        field.select_option(value)
    else:
        field.fill(value)


@pytest.fixture
def late_november():
    """Run the server's clock from 25/11/2026, 9 a.m. in Hà Nội (it keeps ticking)."""
    start = datetime.datetime(
        2026, 11, 25, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=7))
    )
    with time_machine.travel(start, tick=True):
        yield


def test_a_leader_filters_a_quarter_follows_the_overdue_count_and_opens_both_exports(
    late_november, open_as, shoot, inspector, leader, unit_a, unit_b
):
    import io

    import openpyxl

    directive = services.directive_create(
        actor=inspector,
        raw_symbol="160-KH/TU",
        issued_on=datetime.date(2025, 9, 6),
        summary="Kế hoạch thực hiện Kết luận",
    )
    for unit, deadline in ((unit_a, "15/10/2026"), (unit_b, "20/11/2026"), (unit_a, "30/12/2026")):
        services.task_create(actor=inspector, directive=directive, title=f"Việc hạn {deadline}",
                             lead_unit=unit, deadline_text=deadline)  # fmt: skip
    page = open_as(leader, reverse("directives:dashboard"))
    page.set_viewport_size(DESKTOP)
    _set(page, "period", "quarter")
    _set(page, "year", "2026")
    _set(page, "number", "4")
    page.get_by_role("button", name="Xem số liệu").click()
    page.wait_for_url("**period=quarter**")
    tile = page.locator(".tile-overdue .dash-count")
    expect(tile).to_have_attribute("data-count", "2")
    shoot(page, "1-quarter")

    tile.click()
    expect(page.locator(".result-count")).to_have_attribute("data-total-count", "2")
    shoot(page, "2-overdue-list")

    with page.expect_download() as excel:
        page.get_by_role("link", name="Xuất Excel").click()
    book = openpyxl.load_workbook(io.BytesIO(excel.value.path().read_bytes()))
    titles = [r[3] for r in book.active.iter_rows(values_only=True) if r and isinstance(r[0], int)]
    assert sorted(titles) == ["Việc hạn 15/10/2026", "Việc hạn 20/11/2026"]
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Xuất PDF").click()
    assert pdf.value.path().read_bytes()[:4] == b"%PDF"
