"""The inspectorate's pages: rounds, tiles and their lists, review, closing, consolidation, figures."""

import datetime
import io
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from collection import excel, services
from collection.demo import load_example_form
from collection.models import Round, Submission
from collection.prefill import round_figures
from directives.periods import PeriodKind, make_period
from tests.directives.dashboard_data import add, make_directive
from tests.periodic.helpers import at

pytestmark = pytest.mark.django_db

Q1 = make_period(PeriodKind.REPORT_QUARTER, 2027, 1)  # 15/12/2026 → 14/03/2027
VALUES = {
    "1": 3,
    "2": 5,
    "2.1": 2,
    "2.2": 3,
    "3": 4,
    "4": 1500000,
    "6": 120,
    "7": 118,
    "8": [{"8.1": "Vụ A", "8.2": 2, "8.3": 1000000}, {"8.1": "Vụ B", "8.3": 250000}],
    "9": "=SUM(A1)",
}


@pytest.fixture
def units(unit_a, unit_b, make_unit, city):
    return [
        unit_a,
        unit_b,
        make_unit("Phường Ba Đình", kind="ward", parent=city, code="PBD"),
        make_unit("Xã Sóc Sơn", kind="commune", parent=city, code="XSS"),
    ]


@pytest.fixture
def heads(units, make_user):
    return [make_user(f"gd.{u.code.lower()}", unit=u, role="head") for u in units]


@pytest.fixture
def round_(units):
    with time_machine.travel(at(datetime.date(2027, 1, 10)), tick=False):
        return services.round_plan(form=load_example_form(), period=Q1, units=units)


def sub(round_, unit) -> Submission:
    return Submission.objects.select_related("round__form", "unit").get(round=round_, unit=unit)


@pytest.fixture
def sent(round_, units, heads, inspector):
    """A sent on the due day (23:00 local), B the morning after, C "không phát sinh", D nothing."""
    a, b, c, _d = (sub(round_, u) for u in units)
    with time_machine.travel(at(round_.due_on, 23), tick=False):
        services.submission_save(actor=heads[0], submission=a, values=VALUES, send=True)
        services.submission_declare_nothing(actor=heads[2], submission=c)
    with time_machine.travel(at(round_.due_on + datetime.timedelta(days=1), 8), tick=False):
        services.submission_save(actor=heads[1], submission=b, values=VALUES, send=True)
    services.submission_accept(actor=inspector, submission=a)
    return round_


def page(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def counts_on(html: str, prefix: str) -> dict:
    return {k: int(v) for k, v in re.findall(prefix + r'(\w+)".*?data-count="(\d+)"', html, re.S)}


def listed_units(html: str) -> list[str]:
    body = html.split('id="submissions"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<th scope="row" class="fw-normal">([^<]+)</th>', body)


def test_a_unit_head_gets_404_on_every_inspectorate_page(client, sent, heads, units):
    client.force_login(heads[0])
    a = sub(sent, units[0])
    for url in (
        reverse("collection:round-list"),
        reverse("collection:round-detail", args=[sent.pk]),
        reverse("collection:round-consolidated", args=[sent.pk]),
    ):
        assert client.get(url).status_code == 404, url
    review = reverse("collection:submission-review", args=[a.pk])
    assert client.post(review, {"decision": "return", "reason": "x"}).status_code == 404
    assert client.post(reverse("collection:round-close", args=[sent.pk])).status_code == 404


def test_a_leader_reads_the_rounds_but_may_not_review(client, sent, leader, units):
    assert page(client, leader, reverse("collection:round-list")).status_code == 200
    detail = page(client, leader, reverse("collection:round-detail", args=[sent.pk]))
    assert detail.status_code == 200 and "submission-review" not in detail.content.decode()
    b = sub(sent, units[1])
    url = reverse("collection:submission-review", args=[b.pk])
    assert client.post(url, {"decision": "accept"}).status_code == 404
    assert sub(sent, units[1]).state == "submitted"


def test_tiles_count_on_time_late_nothing_missing_and_review_state(client, sent, inspector):
    html = page(client, inspector, sent.get_absolute_url()).content.decode()
    assert counts_on(html, "tile-") == {
        "total": 4,
        "on_time": 1,  # sent at 23:00 on the due day, local time
        "late": 1,  # sent the next morning
        "nothing": 1,
        "missing": 1,
        "awaiting": 2,
        "accepted": 1,
        "returned": 0,
    }
    listing = page(client, inspector, reverse("collection:round-list")).content.decode()
    assert counts_on(listing, "bucket-")["late"] == 1
    assert sent.due_on.strftime("%d/%m/%Y") in listing


def test_each_tile_drills_down_to_its_units(client, sent, inspector, units):
    url = sent.get_absolute_url()
    for bucket, unit in (("missing", 3), ("late", 1), ("nothing", 2), ("on_time", 0)):
        html = page(client, inspector, url, bucket=bucket).content.decode()
        assert listed_units(html) == [units[unit].name], bucket
    every = listed_units(page(client, inspector, url).content.decode())
    assert sorted(every) == sorted(u.name for u in units)
    link = reverse("collection:submission-detail", args=[sub(sent, units[0]).pk])
    assert f'href="{link}"' in page(client, inspector, url).content.decode()


def test_accept_and_return_with_a_reason_required(client, sent, inspector, units):
    client.force_login(inspector)
    b, c = sub(sent, units[1]), sub(sent, units[2])
    back = sent.get_absolute_url() + "?bucket=awaiting"
    url = reverse("collection:submission-review", args=[b.pk])
    refused = client.post(url, {"decision": "return", "reason": "  ", "next": back}, follow=True)
    assert "Nhập lý do trả lại." in refused.content.decode()
    assert sub(sent, units[1]).state == "submitted" and not sub(sent, units[1]).return_reason
    response = client.post(url, {"decision": "return", "reason": "Thiếu mục 8", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    assert sub(sent, units[1]).return_reason == "Thiếu mục 8"
    accepted = client.post(
        reverse("collection:submission-review", args=[c.pk]), {"decision": "accept"}, follow=True
    )
    assert "Đã tiếp nhận báo cáo của" in accepted.content.decode()
    assert sub(sent, units[2]).state == "accepted"
    assert client.get(reverse("collection:submission-review", args=[c.pk])).status_code == 405


def test_closing_a_round(client, sent, inspector):
    client.force_login(inspector)
    client.post(reverse("collection:round-close", args=[sent.pk]))
    closed = Round.objects.get(pk=sent.pk)
    assert closed.status == "closed" and closed.closed_at is not None
    again = client.post(reverse("collection:round-close", args=[sent.pk]), follow=True)
    assert "Chỉ khóa sổ được đợt đang thu thập." in again.content.decode()
    assert Round.objects.get(pk=sent.pk).closed_at == closed.closed_at


def test_consolidation_reimports_unchanged_with_its_list_of_rows(client, sent, inspector, units):
    services.submission_accept(actor=inspector, submission=sub(sent, units[2]))
    response = page(client, inspector, reverse("collection:round-consolidated", args=[sent.pk]))
    assert response.status_code == 200 and "tong-hop-01-pctn" in response["Content-Disposition"]
    data = response.content
    a = sub(sent, units[0])
    assert excel.read_consolidated(data, sent.form) == {units[0].code: a.values, units[2].code: {}}
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames[:3] == ["Bảng tổng hợp", "Mục 8", "Số liệu PCTS"]
    first = [c for row in workbook["Bảng tổng hợp"].iter_rows(values_only=True) for c in row if c]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first and "Tổng cộng" in first
    rows = list(workbook["Mục 8"].iter_rows(values_only=True))
    assert [r[:4] for r in rows if r[1] == units[0].code] == [
        (1, units[0].code, units[0].name, "Vụ A"),
        (2, units[0].code, units[0].name, "Vụ B"),
    ]
    assert [r for r in rows if r[2] == "Tổng cộng"][0][4:] == (2, 1250000)


def test_prefilled_figures_count_the_windows_directives_and_their_tasks(
    round_, inspector, unit_a, unit_b
):
    q1_2026 = Round(
        form=round_.form,
        period_kind=Q1.kind,
        year=2026,
        period_start=datetime.date(2025, 12, 15),
        period_end=datetime.date(2026, 3, 14),
        label="Quý I/2026",
        due_on=datetime.date(2026, 3, 20),
    )
    d = datetime.date
    plan = make_directive(issuer="UBND", doc_type="KH")
    second = make_directive(issuer="UBND", doc_type="CT")
    party = make_directive(track="party", issuer="TU", doc_type="KH")
    outside = make_directive(issuer="UBND", doc_type="KH")
    for directive, day in (
        (plan, d(2025, 12, 15)),
        (second, d(2026, 2, 1)),
        (party, d(2026, 3, 14)),
    ):
        directive.issued_on = day
        directive.save(update_fields=["issued_on"])
    outside.issued_on = d(2026, 3, 15)
    outside.save(update_fields=["issued_on"])
    # Judged at the end of 14/03/2026: on time, late, overdue, within deadline; the rest not counted.
    add(
        unit_a,
        "completed_on_time",
        directive=plan,
        deadline=d(2026, 3, 1),
        completed_on=d(2026, 2, 20),
    )
    add(
        unit_a,
        "completed_late",
        directive=plan,
        deadline=d(2026, 2, 10),
        completed_on=d(2026, 3, 1),
    )
    add(unit_b, "overdue", directive=second, deadline=d(2026, 3, 1))
    task = add(unit_b, "in_progress", directive=party, deadline=d(2026, 4, 30)).task
    add(unit_a, "in_progress", task=task, role="coordinating", deadline=d(2026, 4, 30))
    add(unit_a, "cancelled", directive=party)
    add(unit_a, "overdue", directive=outside, deadline=d(2026, 3, 1))
    figures = round_figures(q1_2026, inspector, today=d(2026, 12, 7))
    assert figures.as_of == d(2026, 3, 14)
    assert figures.directives == 3
    assert [(code, n) for code, _name, n in figures.by_issuer] == [("UBND", 2), ("TU", 1)]
    assert [(code, n) for code, _name, n in figures.by_type] == [("KH", 2), ("CT", 1)]
    tasks = dict((key, n) for key, _label, n in figures.task_rows())
    assert tasks["total"] == 4
    assert (tasks["completed_on_time"], tasks["completed_late"]) == (1, 1)
    assert (tasks["overdue"], tasks["within_deadline"]) == (1, 1)


def test_rounds_page_costs_the_same_queries_for_one_round_or_many(client, round_, inspector, units):
    client.force_login(inspector)
    url = reverse("collection:round-list")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    with time_machine.travel(at(datetime.date(2027, 12, 20)), tick=False):
        for number in (2, 3, 4):
            period = make_period(PeriodKind.REPORT_QUARTER, 2027, number)
            services.round_plan(form=round_.form, period=period, units=units)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert html.count("data-round=") == 4
    assert len(many) == len(one)


def dashboard_tiles(html: str) -> dict[str, tuple[int, str]]:
    """Return the dashboard's round tiles as {bucket: (count, link)}."""
    section = html[html.index('dashboard-round"') :]
    section = section[: section.index("</section>")]
    found = re.findall(r'tile-(\w+)".*?href="([^"]+)" data-count="(\d+)"', section, re.S)
    return {key: (int(count), link.replace("&amp;", "&")) for key, link, count in found}


def test_dashboard_shows_the_rounds_on_tiles_of_their_own(client, sent, inspector, units):
    url = sent.get_absolute_url()
    add(units[0], "overdue")  # one task: the dashboard's task figures count it alone
    with time_machine.travel(at(datetime.date(2027, 3, 30)), tick=False):
        response = page(client, inspector, reverse("directives:dashboard"))
    html = response.content.decode()
    assert f'href="{reverse("collection:round-list")}"' in html
    assert dashboard_tiles(html) == {
        "total": (4, url),
        "on_time": (1, f"{url}?bucket=on_time"),
        "late": (1, f"{url}?bucket=late"),
        "nothing": (1, f"{url}?bucket=nothing"),
        "missing": (1, f"{url}?bucket=missing"),
    }
    # Not mixed into the task figures: the one task, not the four reports.
    assert response.context["summary"].totals.total == 1


def test_dashboard_round_tiles_cost_one_query_and_stay_off_past_days(client, sent, inspector):
    dashboard = reverse("directives:dashboard")
    client.force_login(inspector)
    client.get(dashboard)
    with CaptureQueriesContext(connection) as with_rounds:
        assert 'dashboard-round"' in client.get(dashboard).content.decode()
    tile_queries = [q for q in with_rounds.captured_queries if "collection_round" in q["sql"]]
    assert len(tile_queries) == 1
    # A past day's dashboard shows the figures as they stood; rounds are not among them.
    past = client.get(dashboard, {"as_of": "01/11/2026"}).content.decode()
    assert 'dashboard-round"' not in past
