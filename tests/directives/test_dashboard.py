"""The overdue dashboard: tiles, ranking table, drill-down lists, filters, scope and query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.directives.dashboard_data import (
    add,
    add_many,
    client_for,
    count_links,
    make_directive,
    total_count,
)

D = datetime.date


@pytest.fixture
def ward(make_unit, city):
    return make_unit("UBND phường Hoàn Kiếm", kind="ward", parent=city, code="P-HK")


@pytest.fixture
def hospital(make_unit, unit_a):
    """A public service unit under Sở Nội vụ: in its head's subtree."""
    return make_unit("Bệnh viện thử nghiệm", kind="public_service", parent=unit_a, code="BV-TN")


@pytest.fixture
def seeded(frozen, unit_a, unit_b, ward, hospital):
    """Assignments in every state, on Party and State documents, lead and coordinating, old and new."""
    party_plan = make_directive(track="party", issuer="TU", doc_type="KH")
    letter = make_directive(track="state", issuer="UBND", doc_type="")
    plan = make_directive(track="state", issuer="UBND", doc_type="KH")
    data = {"party_plan": party_plan, "letter": letter, "plan": plan}
    for kind in (
        "completed_on_time",
        "completed_late",
        "in_progress",
        "due_soon",
        "overdue",
        "awaiting_review",
    ):
        add(unit_a, kind, directive=plan)
    add(unit_a, "no_deadline", directive=letter)
    add(unit_a, "cancelled", directive=plan)
    add(unit_a, "overdue", directive=party_plan, deadline=D(2025, 11, 10))
    led_by_b = add(unit_b, "completed_on_time", directive=party_plan)
    add(unit_b, "overdue", directive=letter)
    add(unit_b, "overdue", directive=plan, deadline=D(2025, 12, 30))
    add(
        unit_b,
        "completed_late",
        directive=plan,
        deadline=D(2025, 10, 1),
        completed_on=D(2026, 1, 10),
    )
    add(ward, "completed_on_time", directive=letter)
    add(ward, "due_soon", directive=party_plan)
    add(hospital, "overdue", directive=plan)
    add(hospital, "completed_on_time", directive=plan)
    add(unit_a, "in_progress", role="coordinating", task=led_by_b.task)
    add(ward, "overdue", role="coordinating", task=led_by_b.task)
    return data


def page(user, url="/tong-hop/"):
    response = client_for(user).get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def tiles(html):
    """Return {category: count} for the tiles (the first eight numbers on the page)."""
    keys = [
        "total",
        "completed_on_time",
        "completed_late",
        "within_deadline",
        "due_soon",
        "overdue",
        "awaiting_review",
        "no_deadline",
    ]
    return dict(zip(keys, [count for _, count in count_links(html)[:8]], strict=True))


# ----------------------------------------------------------------------------- tiles and table


def test_tiles_count_lead_assignments_by_timeliness_leaving_cancelled_out(seeded, leader):
    assert tiles(page(leader)) == {
        "total": 16,
        "completed_on_time": 4,
        "completed_late": 2,
        "within_deadline": 3,
        "due_soon": 2,
        "overdue": 5,
        "awaiting_review": 1,
        "no_deadline": 1,
    }


def test_the_rates_leave_tasks_within_deadline_out(seeded, leader):
    html = page(leader)
    assert 'data-rate="completion">54,55 %<' in html  # 6 ÷ (6 + 5)
    assert 'data-rate="on_time">36,36 %<' in html  # 4 ÷ (6 + 5)


def test_the_role_filter_counts_coordinating_parts_when_asked(seeded, leader):
    assert tiles(page(leader, "/tong-hop/?role=coordinating"))["total"] == 2
    assert tiles(page(leader, "/tong-hop/?role=all"))["total"] == 18


def test_the_table_ranks_units_by_completion_rate(seeded, leader, unit_a, unit_b, ward, hospital):
    html = page(leader)
    order = [html.index(f'data-unit="{u.pk}"') for u in (ward, hospital, unit_a, unit_b)]
    assert order == sorted(order)  # 100 %, 50 %, 40 %, 50 % with fewer on time → after hospital


@pytest.mark.parametrize(
    "query",
    [
        "",
        "role=all",
        "role=coordinating",
        "period=quarter&year=2026&number=1",
        "period=report_quarter&year=2026&number=1",
        "period=year&year=2025",
        "period=month",
        "as_of=01/03/2026",
        "track=party",
        "doc_type=-",
        "issuer=tu",
        "unit_kind=ward",
    ],
)
def test_every_number_links_to_a_list_showing_the_same_count(seeded, leader, query):
    client = client_for(leader)
    html = client.get(f"/tong-hop/?{query}").content.decode()
    links = count_links(html)
    assert len(links) >= 8 + 8 + 8  # tiles, at least one unit row, the total row
    for href, shown in links:
        assert total_count(client.get(href).content.decode()) == shown, href


def test_the_default_view_links_every_tile_and_every_cell_of_the_table(seeded, leader):
    # tiles, four unit rows, total row, the key tasks' five, "quá hạn sau N lần đôn đốc"
    assert len(count_links(page(leader))) == 8 + 4 * 8 + 8 + 5 + 1


def test_a_unit_heads_numbers_link_to_lists_with_the_same_count(seeded, head_a):
    client = client_for(head_a)
    for href, shown in count_links(client.get("/tong-hop/?role=all").content.decode()):
        assert total_count(client.get(href).content.decode()) == shown, href


def test_directive_parent_unit_and_issuer_filters_narrow_the_counts(seeded, leader, unit_a):
    assert tiles(page(leader, f"/tong-hop/?directive={seeded['party_plan'].pk}"))["total"] == 3
    assert tiles(page(leader, f"/tong-hop/?parent={unit_a.pk}"))["total"] == 10
    assert tiles(page(leader, "/tong-hop/?issuer=ubnd&doc_type=KH"))["total"] == 10


def test_a_wrong_period_number_says_so_in_vietnamese_and_counts_nothing(seeded, leader):
    html = page(leader, "/tong-hop/?period=month&number=13")
    assert "Chọn số thứ tự của kỳ từ 1 đến 12." in html
    assert tiles(html)["total"] == 0


# ----------------------------------------------------------------------------- scope


def test_a_unit_head_sees_their_unit_and_its_subtree_only(
    seeded, head_a, unit_a, unit_b, ward, hospital
):
    html = page(head_a, "/tong-hop/?role=all")
    assert f'data-unit="{unit_a.pk}"' in html and f'data-unit="{hospital.pk}"' in html
    assert f'data-unit="{unit_b.pk}"' not in html and f'data-unit="{ward.pk}"' not in html
    assert tiles(html)["total"] == 11


def test_a_unit_head_cannot_pick_another_units_rows(seeded, head_a, unit_b):
    html = page(head_a, f"/tong-hop/danh-sach/?unit={unit_b.pk}")
    assert total_count(html) == 0
    assert "Hãy chọn một lựa chọn hợp lệ." in html


@pytest.mark.parametrize("who", ["outsider", "focal_a", None])
@pytest.mark.parametrize(
    "url",
    [
        "/tong-hop/",
        "/tong-hop/danh-sach/",
        "/tong-hop/xuat.xlsx",
        "/tong-hop/danh-sach/xuat.csv",
        "/tong-hop/api/van-ban/",
        "/api/don-vi/?scope=dashboard",
        "/tong-hop/api/co-quan-ban-hanh/",
    ],
)
def test_people_without_a_dashboard_get_404_and_anonymous_users_the_login(
    seeded, request, who, url
):
    user = request.getfixturevalue(who) if who else None
    response = client_for(user).get(url)
    assert response.status_code == (404 if user else 302)


def test_the_inspectorate_and_admins_see_the_whole_city(seeded, inspector, admin_user):
    assert tiles(page(inspector))["total"] == 16
    assert tiles(page(admin_user))["total"] == 16


def test_pickers_offer_only_what_the_user_may_see(seeded, head_b, unit_a, unit_b):
    client = client_for(head_b)
    units = client.get("/api/don-vi/?scope=dashboard&q=so").json()["results"]
    assert [u["value"] for u in units] == [unit_b.pk]
    directives = {d["value"] for d in client.get("/tong-hop/api/van-ban/").json()["results"]}
    assert directives == {seeded["party_plan"].pk, seeded["letter"].pk, seeded["plan"].pk}
    issuers = client.get("/tong-hop/api/co-quan-ban-hanh/?q=thanh uy").json()["results"]
    assert issuers[0]["value"] == "TU"


def test_the_directive_picker_searches_without_diacritics(frozen, leader, unit_a):
    wanted = make_directive(summary="Kế hoạch kiểm tra kê khai tài sản")
    add(unit_a, "overdue", directive=wanted)
    add(unit_a, "overdue", directive=make_directive(summary="Chương trình tuyên truyền"))
    found = client_for(leader).get("/tong-hop/api/van-ban/?q=ke khai tai san").json()["results"]
    assert [d["value"] for d in found] == [wanted.pk]


# ----------------------------------------------------------------------------- page hygiene


def test_the_page_runs_no_inline_script_and_uses_the_vendored_chart_library(seeded, leader):
    response = client_for(leader).get("/tong-hop/")
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert '<script id="dashboard-data" type="application/json">' in html
    assert "/static/vendor/chartjs/chart.umd.min.js" in html and "/static/js/dashboard.js" in html
    assert "cdn" not in html.lower()
    for chunk in html.split("<script")[1:]:
        assert chunk.lstrip().startswith(("src=", 'id="dashboard-data" type="application/json"')), (
            chunk[:80]
        )


def test_the_list_shows_the_exact_count_and_pages_of_fifty(frozen, leader, unit_a):
    add_many(unit_a, overdue=53)
    html = page(leader, "/tong-hop/danh-sach/?timeliness=overdue")
    assert total_count(html) == 53 and "Trang 1/2" in html
    assert html.count('<span class="badge t-overdue">') == 50


# ----------------------------------------------------------------------------- queries stay flat


def queries(user, url):
    client = client_for(user)
    client.get(url)  # warm up: session, content types
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def grow(make_unit, parent, number_of_units, number_of_assignments):
    """Add units under `parent` and spread assignments of every kind over them."""
    units = [make_unit(kind="commune", parent=parent) for _ in range(number_of_units)]
    kinds = [
        "completed_on_time",
        "overdue",
        "in_progress",
        "completed_late",
        "due_soon",
        "awaiting_review",
    ]
    for n in range(number_of_assignments):
        add(units[n % number_of_units], kinds[n % len(kinds)])


@pytest.mark.parametrize(
    "url",
    [
        "/tong-hop/",
        "/tong-hop/?role=all&period=quarter&year=2026&number=1",
        "/tong-hop/danh-sach/",
        "/tong-hop/danh-sach/?timeliness=overdue",
    ],
)
def test_the_number_of_queries_does_not_grow_with_units_or_assignments(
    frozen, leader, make_unit, city, url
):
    grow(make_unit, city, 2, 5)
    small = queries(leader, url)
    grow(make_unit, city, 18, 55)  # 20 units, 60 assignments in all
    assert queries(leader, url) == small


def test_a_unit_heads_queries_do_not_grow_with_their_subtree(frozen, head_a, unit_a, make_unit):
    grow(make_unit, unit_a, 2, 5)
    small = queries(head_a, "/tong-hop/")
    grow(make_unit, unit_a, 18, 55)
    assert queries(head_a, "/tong-hop/") == small


def test_the_leaders_default_dashboard_takes_at_most_eight_queries(frozen, leader, make_unit, city):
    grow(make_unit, city, 20, 60)
    assert queries(leader, "/tong-hop/") <= 8


def test_unit_heads_find_the_dashboard_in_the_menu_and_focal_points_do_not(seeded, head_a, focal_a):
    link = 'href="/tong-hop/"'
    assert link in page(head_a, "/tong-hop/danh-sach/")
    assert link not in client_for(focal_a).get("/viec-cua-toi/", follow=True).content.decode()
