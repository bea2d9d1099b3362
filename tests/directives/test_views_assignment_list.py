"""The assignment list: only what the user may see, filtered, searched, sorted and paged exactly."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directives import services
from tests.directives.assignment_helpers import assign, client_for, make_directive, position

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# --------------------------------------------------------------------------- assignment list


def list_html(user, query=""):
    return client_for(user).get(reverse("directives:assignment-list") + query).content.decode()


def test_assignment_list_shows_only_what_the_user_may_see(inspector, unit_a, unit_b, head_b):
    assign(inspector, unit_a, title="Việc của Sở Nội vụ")
    assign(inspector, unit_b, title="Việc của Sở Tài chính")

    html = list_html(head_b)

    assert "Việc của Sở Tài chính" in html
    assert "Việc của Sở Nội vụ" not in html
    assert "Tìm thấy 1 nhiệm vụ" in html


def test_assignment_list_filters_by_timeliness_state_and_role(
    on_21_november_2026, inspector, unit_a, unit_b, focal_a
):
    assign(inspector, unit_a, deadline="30/06/2026", title="Việc quá hạn")
    assign(inspector, unit_a, deadline="31/12/2026", title="Việc trong hạn")
    assign(inspector, unit_b, coordinating=[unit_a], title="Việc phối hợp")

    overdue = list_html(inspector, "?timeliness=overdue")
    coordinating = list_html(inspector, "?role=coordinating")
    assigned_a = list_html(focal_a, "?state=assigned&role=lead")

    assert "Việc quá hạn" in overdue and "Việc trong hạn" not in overdue
    assert "Tìm thấy 1 nhiệm vụ" in coordinating and "Việc phối hợp" in coordinating
    assert (
        "Việc quá hạn" in assigned_a
        and "Việc trong hạn" in assigned_a
        and "Việc phối hợp" not in assigned_a
    )


def test_assignment_list_filters_by_unit_directive_and_track(inspector, unit_a, unit_b):
    plan = make_directive(inspector)
    assign(inspector, unit_a, directive=plan, title="Việc theo kế hoạch")
    assign(inspector, unit_b, title="Việc theo văn bản khác")
    party = services.directive_create(
        actor=inspector,
        raw_symbol="10-CTr/TU",
        issued_on=datetime.date(2026, 1, 5),
        summary="Chương trình PCTN",
    )
    assign(inspector, unit_b, directive=party, title="Việc theo chương trình của Thành ủy")

    by_unit = list_html(inspector, f"?unit={unit_a.pk}")
    by_directive = list_html(inspector, f"?directive={plan.pk}")
    by_track = list_html(inspector, "?track=party")

    assert "Tìm thấy 1 nhiệm vụ" in by_unit and "Việc theo kế hoạch" in by_unit
    assert "Tìm thấy 1 nhiệm vụ" in by_directive and "Việc theo kế hoạch" in by_directive
    assert f"{plan.symbol}</a>" in by_directive and "Bỏ lọc văn bản" in by_directive
    assert "Tìm thấy 1 nhiệm vụ" in by_track and "Việc theo chương trình của Thành ủy" in by_track


def test_the_unit_picker_lists_only_the_chosen_unit_and_searches_the_visible_ones(
    inspector, unit_a, unit_b, head_b, make_unit, city
):
    ward = make_unit("Phường Hoàn Kiếm", kind="ward", parent=city, code="P-HK")
    make_unit(
        "Phường Ba Đình", kind="ward", parent=city, code="P-BD"
    )  # nothing assigned: not offered
    for unit in (unit_a, unit_b, ward):
        assign(inspector, unit)
    url = reverse("directives:unit-search")

    page = list_html(inspector, f"?unit={ward.pk}")
    found = client_for(inspector).get(url, {"scope": "assigned", "q": "hoan kiem"}).json()
    everything = client_for(inspector).get(url, {"scope": "assigned"}).json()["results"]
    own = client_for(head_b).get(url, {"scope": "assigned"}).json()["results"]

    assert (
        f'data-autocomplete="{url}?scope=assigned"' in page
        and f'<option value="{ward.pk}" selected>Phường Hoàn Kiếm</option>' in page
    )
    assert (
        unit_a.name not in page.split('name="unit"')[1].split("</select>")[0]
    )  # only the chosen one is rendered
    assert [(r["value"], r["text"]) for r in found["results"]] == [(ward.pk, "Phường Hoàn Kiếm")]
    assert [r["text"] for r in everything] == ["Phường Hoàn Kiếm", "Sở Nội vụ", "Sở Tài chính"]
    assert [(r["value"], r["text"]) for r in own] == [(unit_b.pk, unit_b.name)]


def test_assignment_list_filters_by_deadline_range_typed_day_first(inspector, unit_a):
    assign(inspector, unit_a, deadline="05/03/2026", title="Hạn mùng 5 tháng 3")
    assign(inspector, unit_a, deadline="03/05/2026", title="Hạn mùng 3 tháng 5")

    html = list_html(inspector, "?deadline_from=01/03/2026&deadline_to=31/03/2026")

    assert "Hạn mùng 5 tháng 3" in html and "Hạn mùng 3 tháng 5" not in html


def test_assignment_list_explains_a_badly_typed_date(inspector, unit_a):
    assign(inspector, unit_a)

    html = list_html(inspector, "?deadline_from=31/02/2026")

    assert "Nhập ngày theo dạng dd/mm/yyyy" in html


def test_search_ignores_diacritics_in_summary_symbol_and_task_title(inspector, unit_a):
    plan = make_directive(
        inspector, summary="Kế hoạch triển khai công tác phòng, chống tham nhũng năm 2026"
    )
    assign(inspector, unit_a, directive=plan, title="Tuyên truyền pháp luật")
    other = make_directive(inspector, summary="Chỉ thị tăng cường kỷ luật, kỷ cương hành chính")
    assign(inspector, unit_a, directive=other, title="Kiểm soát kê khai tài sản, thu nhập")

    by_summary = list_html(inspector, "?q=ke+hoach+tham+nhung")
    by_title = list_html(inspector, "?q=KE+KHAI+tai+san")
    by_symbol = list_html(inspector, f"?q={plan.symbol.lower()}")

    assert "Tuyên truyền pháp luật" in by_summary and "Tìm thấy 1 nhiệm vụ" in by_summary
    assert "Kiểm soát kê khai tài sản" in by_title and "Tìm thấy 1 nhiệm vụ" in by_title
    assert "Tuyên truyền pháp luật" in by_symbol and "Tìm thấy 1 nhiệm vụ" in by_symbol


def test_search_folds_d_with_stroke_and_decomposed_text(inspector, unit_a):
    assign(
        inspector, unit_a, title="Đôn đốc đơn vị\u0300 tự kiểm tra"
    )  # a stray combining mark, as pasted from Word

    html = list_html(inspector, "?q=don+doc+don+vi")

    assert "Tìm thấy 1 nhiệm vụ" in html


def test_assignment_list_is_sorted_by_deadline_with_open_ended_work_last(inspector, unit_a):
    assign(inspector, unit_a, deadline="thường xuyên", title="Việc thường xuyên")
    assign(inspector, unit_a, deadline="31/12/2026", title="Việc hạn cuối năm")
    assign(inspector, unit_a, deadline="31/03/2026", title="Việc hạn quý I")

    html = list_html(inspector)

    assert (
        position(html, "Việc hạn quý I")
        < position(html, "Việc hạn cuối năm")
        < position(html, "Việc thường xuyên")
    )


def test_assignment_list_counts_exactly_and_pages_by_fifty(inspector, unit_a):
    plan = make_directive(inspector)
    for n in range(55):
        assign(inspector, unit_a, directive=plan, title=f"Nhiệm vụ số {n:02d}")

    first = list_html(inspector)
    second = list_html(inspector, "?page=2")

    assert "Tìm thấy 55 nhiệm vụ" in first and "Trang 1/2" in first
    assert second.count('class="t-row-') == 5


def test_assignment_list_query_count_does_not_grow_with_rows(inspector, unit_a, head_a):
    def list_queries():
        client = client_for(head_a)
        url = reverse("directives:assignment-list") + "?q=viec&role=lead"
        client.get(url)  # warm: the briefing threshold is then read from the cache
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return response.content.decode().count('class="t-row-'), len(captured)

    for n in range(5):
        assign(inspector, unit_a, title=f"Việc {n}")
    rows_few, queries_few = list_queries()
    for n in range(45):
        assign(inspector, unit_a, title=f"Việc thêm {n}")
    rows_many, queries_many = list_queries()

    assert (rows_few, rows_many) == (5, 50)
    assert queries_few == queries_many


def test_overdue_list_pages_deep_with_an_exact_count_and_the_same_queries(
    on_21_november_2026, inspector, unit_a
):
    plan = make_directive(inspector)
    for n in range(60):
        assign(inspector, unit_a, directive=plan, deadline="30/06/2026", title=f"Quá hạn {n:02d}")
    assign(inspector, unit_a, directive=plan, deadline="31/12/2026", title="Việc còn hạn")
    client = client_for(inspector)
    client.get(reverse("directives:assignment-list"))  # warm the cached briefing threshold

    def overdue_page(number):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(
                reverse("directives:assignment-list") + f"?timeliness=overdue&page={number}"
            )
        return response.content.decode(), len(captured)

    (first, first_queries), (second, second_queries) = overdue_page(1), overdue_page(2)

    assert "Tìm thấy 60 nhiệm vụ" in first and "Trang 2/2" in second
    assert (first.count('class="t-row-overdue"'), second.count('class="t-row-overdue"')) == (50, 10)
    assert "Việc còn hạn" not in first + second
    assert first_queries == second_queries
