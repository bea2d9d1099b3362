"""Excel, PDF and CSV exports of the dashboard table and of drill-down lists."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.directives.dashboard_data import add, add_many, client_for, days, make_directive


@pytest.fixture
def seeded(frozen, unit_a, unit_b):
    add_many(unit_a, completed_on_time=3, completed_late=1, overdue=1, in_progress=2)
    add_many(unit_b, completed_on_time=1, overdue=3, due_soon=1)


def download(user, url):
    response = client_for(user).get(url)
    assert response.status_code == 200, response.status_code
    assert response.streaming
    return response, b"".join(response.streaming_content)


def sheet_rows(content: bytes):
    return [
        list(row) for row in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)
    ]


def data_rows(rows, first_heading):
    start = next(i for i, row in enumerate(rows) if row and row[0] == first_heading)
    return rows[start], rows[start + 1 :]


# ----------------------------------------------------------------------------- Excel


def test_the_table_exports_to_excel_with_vietnamese_headings_and_real_numbers(
    seeded, leader, unit_a, unit_b
):
    response, content = download(leader, "/tong-hop/xuat.xlsx")
    heading, rows = data_rows(sheet_rows(content), "Xếp hạng")

    assert (
        response["Content-Disposition"]
        == 'attachment; filename="tong-hop-den-ngay-2026-03-20.xlsx"'
    )
    assert heading[:4] == ["Xếp hạng", "Đơn vị", "Tổng số", "Hoàn thành đúng hạn"]
    assert heading[-2:] == ["Tỷ lệ hoàn thành", "Tỷ lệ hoàn thành đúng hạn"]
    assert rows[0][:3] == [1, unit_a.name, 7] and rows[1][:3] == [2, unit_b.name, 5]
    assert rows[0][-2] == pytest.approx(0.8) and rows[1][-2] == pytest.approx(0.25)
    assert rows[-1][1] == "Tổng cộng" and rows[-1][2] == 12


def test_excel_cells_carry_number_and_percent_formats(seeded, leader):
    _, content = download(leader, "/tong-hop/xuat.xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    first = next(row for row in sheet.iter_rows() if row[0].value == 1)
    assert first[2].number_format == "#,##0" and first[-1].number_format == "0.00%"


def test_the_list_exports_dates_as_dates_formatted_day_first(seeded, leader):
    _, content = download(leader, "/tong-hop/danh-sach/xuat.xlsx?timeliness=completed_on_time")
    sheet = load_workbook(io.BytesIO(content)).active
    heading_row = next(row for row in sheet.iter_rows() if row[0].value == "STT")
    heading = [cell.value for cell in heading_row]
    deadline = heading.index("Hạn hiện hành")
    first = next(row for row in sheet.iter_rows(min_row=heading_row[0].row + 1))
    assert isinstance(first[deadline].value, datetime.datetime)
    assert first[deadline].value.date() == days(-10)
    assert first[deadline].number_format == "DD/MM/YYYY"
    assert first[heading.index("Tình hình thực hiện")].value == "Hoàn thành đúng hạn"


def test_the_list_export_counts_overdue_days_as_of_the_day_judged(seeded, leader):
    _, content = download(leader, "/tong-hop/danh-sach/xuat.xlsx?timeliness=overdue")
    heading, rows = data_rows(sheet_rows(content), "STT")
    assert len(rows) == 4
    assert {row[heading.index("Số ngày quá hạn")] for row in rows} == {2}


def test_the_export_heading_says_what_was_selected(seeded, leader):
    _, content = download(
        leader, "/tong-hop/xuat.xlsx?period=quarter&year=2026&number=1&track=state&role=all"
    )
    top = [row[0] for row in sheet_rows(content)[:10]]
    assert "Kỳ báo cáo: Quý I/2026" in top
    assert "Số liệu tính đến ngày 20/03/2026" in top
    assert "Hệ thống văn bản: Nhà nước; Vai trò: Chủ trì và phối hợp" in top


# ----------------------------------------------------------------------------- visibility


def test_a_unit_heads_exports_hold_only_their_units_rows(seeded, head_a, unit_a, unit_b):
    coordinated = add(unit_b, "overdue")
    add(unit_a, "in_progress", role="coordinating", task=coordinated.task)

    _, table = download(head_a, "/tong-hop/xuat.xlsx?role=all")
    _, rows = data_rows(sheet_rows(table), "Xếp hạng")
    assert [row[1] for row in rows] == [unit_a.name, "Tổng cộng"]

    _, listing = download(head_a, "/tong-hop/danh-sach/xuat.xlsx?role=all")
    heading, rows = data_rows(sheet_rows(listing), "STT")
    assert {row[heading.index("Đơn vị")] for row in rows} == {unit_a.name}
    assert len(rows) == 8

    _, csv_content = download(head_a, "/tong-hop/danh-sach/xuat.csv?role=all")
    assert unit_b.name not in csv_content.decode("utf-8-sig")


def test_a_unit_head_asking_for_another_unit_exports_nothing(seeded, head_a, unit_b):
    _, content = download(head_a, f"/tong-hop/danh-sach/xuat.xlsx?unit={unit_b.pk}")
    _, rows = data_rows(sheet_rows(content), "STT")
    assert rows == []


def test_an_outsider_cannot_export(seeded, outsider):
    for url in ("/tong-hop/xuat.xlsx", "/tong-hop/xuat.pdf", "/tong-hop/danh-sach/xuat.csv"):
        assert client_for(outsider).get(url).status_code == 404


# ----------------------------------------------------------------------------- CSV and PDF


def test_csv_is_utf8_with_a_bom_and_day_first_dates(seeded, leader):
    response, content = download(leader, "/tong-hop/danh-sach/xuat.csv?timeliness=overdue")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    # ";" separates the columns: Excel in a Vietnamese locale reads "," as the decimal mark.
    assert text.splitlines()[0].startswith("STT;Số, ký hiệu;Ngày ban hành;")
    assert days(-2).strftime("%d/%m/%Y") in text


def pdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


@pytest.mark.parametrize("url", ["/tong-hop/xuat.pdf", "/tong-hop/danh-sach/xuat.pdf?role=all"])
def test_pdf_exports_are_a4_documents_in_liberation_serif(seeded, leader, url):
    response, content = download(leader, url)
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(content))
    box = reader.pages[0].mediabox
    assert (round(box.width), round(box.height)) == (842, 595)  # A4 landscape, in points
    fonts = {str(f["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any("LiberationSerif" in name for name in fonts)


def test_the_pdf_has_the_official_heading_date_line_title_table_and_signatures(
    seeded, leader, unit_a
):
    _, content = download(leader, "/tong-hop/xuat.pdf?period=quarter&year=2026&number=1")
    text = "\n".join(pdf_pages(content))
    for line in (
        "ỦY BAN NHÂN DÂN THÀNH PHỐ",  # the leader's own body (no parent above it)
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày 20 tháng 3 năm 2026",
        "TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO ĐƠN VỊ",
        "Kỳ báo cáo: Quý I/2026",
        unit_a.name,
        "80,00 %",
        "NGƯỜI LẬP BIỂU",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "lanhdao",
    ):
        assert line in text, line


def test_the_place_in_the_date_line_comes_from_the_settings(seeded, leader, settings):
    settings.PCTS_PLACE_NAME = "Thành phố Hồ Chí Minh"
    _, content = download(leader, "/tong-hop/xuat.pdf")
    assert "Thành phố Hồ Chí Minh, ngày 20 tháng 3 năm 2026" in pdf_pages(content)[0]


def test_a_long_list_pdf_repeats_the_column_headings_on_every_page(frozen, leader, unit_a):
    add_many(unit_a, overdue=120)
    _, content = download(leader, "/tong-hop/danh-sach/xuat.pdf")
    pages = pdf_pages(content)
    assert len(pages) >= 4
    assert all(
        "Số, ký hiệu" in page and f"Trang {n}" in page for n, page in enumerate(pages[:-1], start=1)
    )


def test_a_unit_heads_pdf_names_only_their_units(seeded, head_a, unit_a, unit_b):
    _, table = download(head_a, "/tong-hop/xuat.pdf")
    _, listing = download(head_a, "/tong-hop/danh-sach/xuat.pdf")
    for content in (table, listing):
        text = "\n".join(pdf_pages(content))
        assert unit_a.name in text and unit_b.name not in text


def test_unknown_formats_answer_404(seeded, leader):
    assert client_for(leader).get("/tong-hop/xuat.docx").status_code == 404
    assert client_for(leader).get("/tong-hop/danh-sach/xuat.docx").status_code == 404


# ----------------------------------------------------------------------------- streaming


def test_list_exports_read_the_database_in_chunks_with_a_flat_number_of_queries(
    frozen, leader, unit_a
):
    make_directive()
    add_many(unit_a, overdue=3)
    client = client_for(leader)
    client.get("/tong-hop/danh-sach/xuat.xlsx")
    with CaptureQueriesContext(connection) as small:
        b"".join(client.get("/tong-hop/danh-sach/xuat.xlsx").streaming_content)
    add_many(unit_a, overdue=40, completed_on_time=20)
    with CaptureQueriesContext(connection) as large:
        b"".join(client.get("/tong-hop/danh-sach/xuat.xlsx").streaming_content)
    assert len(large) == len(small)
