"""The pages' scripts in a real browser: Debian's Chromium driven by Playwright against a live server.

Each test also fails on any console error or uncaught exception, which is how a Content Security
Policy violation or a missing vendored file shows itself.
"""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from directives import services, working_days
from units.vietnamese import format_date

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_typing_a_symbol_previews_its_parse_and_links_the_registered_duplicate(open_as, inspector):
    existing = services.directive_create(
        actor=inspector,
        raw_symbol="160-KH/TU",
        issued_on=datetime.date(2025, 9, 6),
        summary="Kế hoạch thực hiện Kết luận",
    )
    page = open_as(inspector, reverse("directives:directive-create"))
    page.fill("[name=issued_on]", "06/09/2025")
    page.fill("[name=raw_symbol]", "160-kh/tu")

    preview = page.locator("[data-symbol-preview]")
    expect(preview).to_contain_text("160")
    expect(preview).to_contain_text("TU")
    duplicate = preview.locator("a.alert-link")
    expect(duplicate).to_contain_text("160-KH/TU — ")
    assert duplicate.get_attribute("href") == existing.get_absolute_url()


def test_a_malformed_symbol_shows_the_parser_message(open_as, inspector):
    page = open_as(inspector, reverse("directives:directive-create"))
    page.fill("[name=raw_symbol]", "KH/UBND")
    expect(page.locator("[data-symbol-error]")).to_be_visible()


def test_a_deadline_phrase_shows_the_date_the_server_computes(open_as, inspector):
    directive = services.directive_create(
        actor=inspector,
        raw_symbol="31/KH-UBND",
        issued_on=datetime.date(2025, 9, 6),
        summary="Kế hoạch phòng, chống tham nhũng",
    )
    expected = working_days.resolve_deadline("khẩn trương", issued_on=directive.issued_on)
    page = open_as(inspector, reverse("directives:task-create", args=[directive.pk]))
    page.fill("[name=deadline_text]", "khẩn trương")

    preview = page.locator("[data-deadline-preview] .alert")
    expect(preview).to_contain_text(format_date(expected.due))
    assert expected.flagged
    expect(preview.locator(".badge")).to_be_visible()


def test_the_dashboard_draws_its_three_charts_from_the_page_data(
    open_as, leader, inspector, unit_a, head_a
):
    directive = services.directive_create(
        actor=inspector,
        raw_symbol="31/KH-UBND",
        issued_on=datetime.date(2025, 9, 6),
        summary="Kế hoạch phòng, chống tham nhũng",
    )
    services.task_create(
        actor=inspector,
        directive=directive,
        title="Rà soát, báo cáo",
        # Overdue this month, so the monthly trend has something to draw.
        deadline_text=format_date(datetime.date.today() - datetime.timedelta(days=1)),
        lead_unit=unit_a,
    )
    page = open_as(leader, reverse("directives:dashboard"))

    for chart in ("chart-status", "chart-overdue", "chart-trend"):
        canvas = page.locator(f"#{chart}")
        expect(canvas).to_be_visible()
        drawn = page.evaluate(
            "id => { const c = Chart.getChart(id); return c ? c.data.datasets.length : 0; }",
            chart,
        )
        assert drawn > 0, chart
        assert canvas.bounding_box()["height"] > 50


def test_the_dashboards_charts_say_when_there_is_nothing_to_count(open_as, leader):
    page = open_as(leader, reverse("directives:dashboard"))

    expect(page.locator(".chart-empty")).to_have_count(3)
    expect(page.locator(".chart-empty").first).to_have_text("Không có dữ liệu cho bộ lọc này.")
    assert page.locator("canvas").count() == 0


def test_the_donut_legend_carries_each_value_and_the_axes_count_in_whole_numbers(
    open_as, leader, inspector, unit_a
):
    directive = services.directive_create(
        actor=inspector,
        raw_symbol="32/KH-UBND",
        issued_on=datetime.date(2025, 9, 6),
        summary="Kế hoạch phòng, chống tham nhũng",
    )
    services.task_create(
        actor=inspector,
        directive=directive,
        title="Rà soát, báo cáo",
        deadline_text="30/09/2025",
        lead_unit=unit_a,
    )
    page = open_as(leader, reverse("directives:dashboard"))
    expect(page.locator("#chart-status")).to_be_visible()

    labels = page.evaluate("() => Chart.getChart('chart-status').data.labels")
    assert "Quá hạn: 1" in labels, labels
    ticks = page.evaluate("() => Chart.getChart('chart-overdue').scales.x.ticks.map(t => t.value)")
    assert ticks and all(float(value).is_integer() for value in ticks), ticks


def test_the_list_unit_picker_searches_units_and_filters_the_list(
    open_as, inspector, unit_a, unit_b
):
    directive = services.directive_create(
        actor=inspector,
        raw_symbol="32/KH-UBND",
        issued_on=datetime.date(2025, 9, 6),
        summary="Kế hoạch PCTN",
    )
    for unit, title in ((unit_a, "Việc của Sở Nội vụ"), (unit_b, "Việc của Sở Tài chính")):
        services.task_create(actor=inspector, directive=directive, title=title, deadline_text="30/12/2026",
                             lead_unit=unit)  # fmt: skip
    page = open_as(inspector, reverse("directives:assignment-list"))

    page.locator("select[name=unit] + .ts-wrapper").click()
    page.keyboard.type("tai chinh")
    option = page.locator(".ts-dropdown .option", has_text="Sở Tài chính")
    expect(option).to_be_visible()
    option.click()
    page.locator("form button[type=submit]").first.click()

    expect(page.get_by_text("Việc của Sở Tài chính")).to_be_visible()
    expect(page.get_by_text("Việc của Sở Nội vụ")).to_have_count(0)
    assert f"unit={unit_b.pk}" in page.url


def test_the_task_form_unit_picker_offers_units_it_fetches_as_the_officer_types(
    open_as, inspector, unit_a, make_unit
):
    directive = services.directive_create(
        actor=inspector,
        raw_symbol="33/KH-UBND",
        issued_on=datetime.date(2025, 9, 6),
        summary="Kế hoạch PCTN",
    )
    page = open_as(inspector, reverse("directives:task-create", args=[directive.pk]))
    # Created after the page was drawn: only the unit search can offer it.
    late = make_unit("Sở Khoa học và Công nghệ")

    page.locator("select[name=lead_unit] + .ts-wrapper").click()
    page.keyboard.type("khoa hoc")
    option = page.locator(".ts-dropdown .option", has_text="Sở Khoa học và Công nghệ")
    expect(option).to_be_visible()
    option.click()

    assert page.locator("select[name=lead_unit]").input_value() == str(late.pk)
