"""Journey 1: staff register a directive by typing its symbol, link a reference found in pasted
text, add a task with one lead and three coordinating units chosen with the keyboard, and see the
coloured matrix."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from directives.models import Directive, DirectiveLink
from tests.e2e.conftest import DESKTOP

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASTED = (
    "Căn cứ Kế hoạch số 160-KH/TU ngày 06/9/2023 của Ban Thường vụ Thành ủy về thực hiện Kết "
    "luận của Bộ Chính trị về phòng, chống tham nhũng, tiêu cực;"
)


def choose(page, name, *units):
    """Pick units in a Tom Select picker with the keyboard only: type, wait for it, Enter, next."""
    box = page.locator(f"select[name={name}] + .ts-wrapper")
    box.click()
    for typed, shown in units:
        page.keyboard.type(typed)
        expect(box.locator(".ts-dropdown .option.active")).to_have_text(shown)
        page.keyboard.press("Enter")
        expect(box.locator("input")).to_have_value("")
    page.keyboard.press("Tab")


def test_staff_register_a_directive_link_its_reference_and_assign_a_task_to_four_units(
    open_as, shoot, inspector, unit_a, unit_b, make_unit, city
):
    make_unit("Sở Xây dựng", parent=city, code="SXD")
    make_unit("UBND phường Hoàn Kiếm", parent=city, code="P-HK", kind="ward", short_name="HK")
    page = open_as(inspector, reverse("directives:directive-create"))
    page.set_viewport_size(DESKTOP)

    page.fill("[name=raw_symbol]", "31/kh-ubnd")
    expect(page.locator("[data-symbol-preview]")).to_contain_text("UBND")
    page.fill("[name=issued_on]", "05/01/2026")
    page.fill("[name=summary]", "Kế hoạch phòng, chống tham nhũng, tiêu cực năm 2026")
    page.fill("[data-references-text]", PASTED)
    page.click("[data-references-find]")
    found = page.locator("[data-references-list] li")
    expect(found.first).to_contain_text("160-KH/TU")
    button = found.first.locator("button")
    button.click()
    expect(button).to_be_disabled()
    symbols = page.locator("[data-link-symbol]").evaluate_all("inputs => inputs.map(i => i.value)")
    assert "160-KH/TU" in symbols
    shoot(page, "registration")
    page.get_by_role("button", name="Lưu văn bản").click()

    page.wait_for_url("**/van-ban/*/")
    directive = Directive.objects.get(symbol="31/KH-UBND")
    link = DirectiveLink.objects.get(source=directive)
    assert link.target.symbol == "160-KH/TU"
    expect(page.locator("body")).to_contain_text("160-KH/TU")

    page.goto(page.url.rstrip("/") + "/nhiem-vu/them/")
    page.fill("[name=title]", "Tự kiểm tra công tác kê khai tài sản, thu nhập năm 2026")
    choose(page, "lead_unit", ("noi vu", "Sở Nội vụ"))
    choose(
        page,
        "coordinating_units",
        ("tai chinh", "Sở Tài chính"),
        ("SXD", "Sở Xây dựng"),
        ("hoan kiem", "UBND phường Hoàn Kiếm"),
    )
    page.fill("[name=deadline_text]", "trước ngày 31/12/2026")
    shoot(page, "task-form")
    page.locator("button[name=save]").click()

    matrix = page.locator("#matrix")
    expect(matrix).to_be_visible()
    task = directive.tasks.get()
    assert task.assignments.get(role="lead").unit == unit_a
    assert sorted(a.unit.name for a in task.assignments.filter(role="coordinating")) == [
        "Sở Tài chính",
        "Sở Xây dựng",
        "UBND phường Hoàn Kiếm",
    ]
    cells = matrix.locator("td[class*='t-']")
    expect(cells).to_have_count(4)
    colours = cells.evaluate_all("cells => cells.map(c => getComputedStyle(c).backgroundColor)")
    assert all(c not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)") for c in colours), colours
    shoot(page, "matrix")
