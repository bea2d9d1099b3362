"""The task list's order (open items first, or a column), its check-box filters and its export."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from directives import services
from tests.directives.assignment_helpers import assign, client_for, position

pytestmark = pytest.mark.django_db


def complete(inspector, head, assignment):
    report = services.report_submit(
        actor=head, assignment=assignment, body="Đã xong", claims_completion=True
    )
    services.report_review(actor=inspector, report=report, decision="accept")


@pytest.fixture
def four_items(on_21_november_2026, inspector, unit_a, unit_b, head_a):
    done = assign(inspector, unit_a, deadline="30/06/2026", title="Việc xong từ lâu")
    complete(inspector, head_a, done)
    assign(inspector, unit_b, deadline="31/12/2026", title="Việc hạn cuối năm")
    assign(inspector, unit_a, deadline="25/11/2026", title="Việc hạn tuần sau")
    assign(inspector, unit_b, deadline="30/09/2026", title="Việc quá hạn")


def body(response) -> bytes:
    return response.getvalue()


def list_html(user, query=""):
    return client_for(user).get(reverse("directives:assignment-list") + query).content.decode()


def test_the_list_puts_overdue_first_then_the_soonest_deadline_and_finished_work_last(
    four_items, inspector
):
    html = list_html(inspector)

    order = [
        position(html, title)
        for title in ("Việc quá hạn", "Việc hạn tuần sau", "Việc hạn cuối năm", "Việc xong từ lâu")
    ]
    assert order == sorted(order)
    assert "việc chưa xong lên trước" in html


def test_a_list_narrowed_to_one_rank_keeps_the_same_order_by_deadline(
    four_items, inspector, unit_a
):
    """Overdue alone orders by the deadline (an index serves it); mixed ranks keep open first."""
    assign(inspector, unit_a, deadline="15/10/2026", title="Việc quá hạn thứ hai")
    overdue = list_html(inspector, "?timeliness=overdue")
    mixed = list_html(
        inspector, "?timeliness=overdue&timeliness=due_soon&timeliness=completed_late"
    )

    assert position(overdue, "Việc quá hạn") < position(overdue, "Việc quá hạn thứ hai")
    assert "Việc hạn tuần sau" not in overdue
    order = [
        position(mixed, title)
        for title in (
            "Việc quá hạn",
            "Việc quá hạn thứ hai",
            "Việc hạn tuần sau",
            "Việc xong từ lâu",
        )
    ]
    assert order == sorted(order)


def test_a_column_heading_sorts_the_list_and_a_second_click_reverses_it(four_items, inspector):
    by_deadline = list_html(inspector, "?sort=deadline")
    reversed_ = list_html(inspector, "?sort=-deadline")
    nonsense = list_html(inspector, "?sort=password")

    assert position(by_deadline, "Việc xong từ lâu") < position(by_deadline, "Việc quá hạn")
    assert position(reversed_, "Việc hạn cuối năm") < position(reversed_, "Việc quá hạn")
    assert 'href="?sort=-deadline"' in by_deadline and 'aria-sort="ascending"' in by_deadline
    assert position(nonsense, "Việc quá hạn") < position(nonsense, "Việc xong từ lâu")


def test_timeliness_and_state_are_check_boxes_that_keep_what_was_chosen(four_items, inspector):
    html = list_html(inspector, "?timeliness=overdue&timeliness=due_soon")

    assert 'type="checkbox" name="timeliness" value="overdue"' in html
    assert 'value="overdue" id="id_timeliness_' in html
    assert "<select" not in html.split('name="timeliness"')[0].rsplit("<form", 1)[1]
    assert "Việc quá hạn" in html and "Việc hạn tuần sau" in html
    assert "Việc hạn cuối năm" not in html


def test_the_export_holds_exactly_the_filtered_rows_in_the_screens_order(
    four_items, inspector, head_b
):
    client = client_for(inspector)
    url = reverse("directives:assignment-list-export", args=["xlsx"])
    book = openpyxl.load_workbook(io.BytesIO(body(client.get(url + "?unit=&q=viec"))))
    titles = [
        row[3] for row in book.active.iter_rows(values_only=True) if row and isinstance(row[0], int)
    ]
    assert titles == ["Việc quá hạn", "Việc hạn tuần sau", "Việc hạn cuối năm", "Việc xong từ lâu"]

    # Another unit's head exports only its own unit's rows.
    text = client_for(head_b).get(url.replace("xlsx", "csv") + "?timeliness=overdue")
    rows = list(csv.reader(io.StringIO(body(text).decode("utf-8-sig")), delimiter=";"))
    assert [r[3] for r in rows[1:]] == ["Việc quá hạn"]
    pdf = client.get(url.replace("xlsx", "pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert body(pdf).startswith(b"%PDF")
    assert client.get(url.replace("xlsx", "doc")).status_code == 404


def test_the_menu_search_box_searches_tasks(inspector):
    html = client_for(inspector).get(reverse("directives:inbox")).content.decode()
    form = html.split('class="nav-search"', 1)[1].split("</form>", 1)[0]
    assert f'action="{reverse("directives:assignment-list")}"' in form
    assert 'name="q"' in form
