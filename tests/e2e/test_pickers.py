"""The searchable pickers in a real browser: keyboard choices, short names, messages, filters."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from directives import services
from tests.e2e.conftest import DESKTOP

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directive(inspector):
    return services.directive_create(
        actor=inspector,
        raw_symbol="33/KH-UBND",
        issued_on=datetime.date(2025, 9, 6),
        summary="Kế hoạch phòng, chống tham nhũng, tiêu cực năm 2026 trên địa bàn thành phố",
    )


def _chosen(page, name):
    return page.locator(f"select[name={name}]").evaluate(
        "s => [...s.selectedOptions].map(o => o.text)"
    )


def test_units_chosen_with_enter_start_the_next_search_afresh_and_short_names_find_units(
    open_as, shoot, inspector, directive, unit_a, unit_b, make_unit, city
):
    make_unit("UBND phường Hoàn Kiếm", parent=city, code="P-HK", kind="ward", short_name="HK")
    page = open_as(inspector, reverse("directives:task-create", args=[directive.pk]))
    page.set_viewport_size(DESKTOP)
    box = page.locator("select[name=coordinating_units] + .ts-wrapper")
    typed = box.locator("input")

    box.click()
    page.keyboard.type("tai chinh")
    expect(page.locator(".ts-dropdown .option.active")).to_have_text("Sở Tài chính")
    page.keyboard.press("Enter")
    expect(typed).to_have_value("")
    # The header's short name (Sở Nội vụ's code here) finds the unit through the server search.
    page.keyboard.type("SNV")
    expect(page.locator(".ts-dropdown .option.active")).to_have_text("Sở Nội vụ")
    page.keyboard.press("Enter")
    expect(typed).to_have_value("")
    page.keyboard.type("hoan kiem")
    expect(page.locator(".ts-dropdown .option.active")).to_have_text("UBND phường Hoàn Kiếm")
    page.keyboard.press("Enter")
    page.keyboard.type("không có đơn vị này")
    expect(page.locator(".ts-dropdown .no-results")).to_have_text("Không tìm thấy kết quả phù hợp.")
    shoot(page, "task-form-units")

    assert _chosen(page, "coordinating_units") == [
        "Sở Tài chính",
        "Sở Nội vụ",
        "UBND phường Hoàn Kiếm",
    ]


def test_the_dashboard_directive_filter_narrows_as_typed_and_one_click_shows_the_figures(
    open_as, shoot, leader, inspector, directive
):
    other = services.directive_create(
        actor=inspector,
        raw_symbol="34/KH-UBND",
        issued_on=datetime.date(2025, 9, 6),
        summary="Kế hoạch tuyên truyền",
    )
    page = open_as(leader, reverse("directives:dashboard"))
    page.set_viewport_size(DESKTOP)
    box = page.locator("select[name=directive] + .ts-wrapper")
    box.click()
    expect(page.locator(".ts-dropdown .option")).to_have_count(2)
    expect(page.locator(".ts-dropdown .option").first).not_to_have_text("")

    page.keyboard.type("tham nhung")
    expect(page.locator(".ts-dropdown .option")).to_have_count(1)
    expect(page.locator(".ts-dropdown .option.active")).to_contain_text("33/KH-UBND")
    page.keyboard.press("Enter")
    height = box.locator(".ts-control").bounding_box()["height"]
    shoot(page, "dashboard-directive-chosen")
    assert height < 40, height

    page.get_by_role("button", name="Xem số liệu").click()
    page.wait_for_url(f"**directive={directive.pk}**")
    assert f"directive={other.pk}" not in page.url
