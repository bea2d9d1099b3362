"""What an official files from an export: Số, Nơi nhận, Trang x/y, agency and unit, print setup, names."""

import csv
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.directives.dashboard_data import add_many, client_for, make_directive
from tests.directives.test_exports import download


@pytest.fixture
def seeded(frozen, unit_a, unit_b):
    add_many(unit_a, completed_on_time=3, overdue=1)
    add_many(unit_b, overdue=2)


def test_the_pdf_names_the_agency_the_users_unit_and_has_so_noi_nhan_and_page_x_of_y(
    frozen, head_a, unit_a
):
    add_many(unit_a, overdue=120)
    response, content = download(head_a, "/tong-hop/danh-sach/xuat.pdf")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    first, last = pages[0], pages[-1]
    # Decree 30: the unit under its own parent body, never under the inspectorate.
    assert first.index("ỦY BAN NHÂN DÂN THÀNH PHỐ") < first.index("SỞ NỘI VỤ")
    assert "THANH TRA THÀNH PHỐ HÀ NỘI" not in first
    assert "Số:" in first and "/BC-SNV" in first
    total = len(pages)
    assert all(f"Trang {n}/{total}" in page for n, page in enumerate(pages, start=1))
    assert "Nơi nhận:" in last and "Lưu: VT." in last


@pytest.mark.parametrize(
    ("who", "agency", "lines"),
    [
        ("inspector", "", ["ỦY BAN NHÂN DÂN THÀNH PHỐ", "THANH TRA THÀNH PHỐ"]),
        # The installation's own agency is named from the settings, under its parent agency.
        (
            "inspector",
            "Thanh tra thành phố",
            ["UBND THÀNH PHỐ HÀ NỘI", "THANH TRA THÀNH PHỐ"],
        ),
        ("leader", "", ["ỦY BAN NHÂN DÂN THÀNH PHỐ"]),
    ],
)
def test_the_heading_names_the_exporters_own_body_under_its_parent(
    seeded, request, settings, who, agency, lines
):
    if agency:
        settings.PCTS_INSTALLATION_NAME = agency
    _, content = download(request.getfixturevalue(who), "/tong-hop/xuat.xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    left = [row[0] for row in sheet.iter_rows(max_row=3, values_only=True)]
    assert [v for v in left[: len(lines)]] == lines
    assert left[len(lines) - 1] and sheet.cell(len(lines), 1).font.bold
    if len(lines) == 2:
        assert not sheet.cell(1, 1).font.bold
    assert left[2].startswith("Số:")


def test_the_excel_file_is_an_official_landscape_sheet_fit_to_one_page_wide(seeded, head_a):
    _, content = download(head_a, "/tong-hop/xuat.xlsx?period=quarter&year=2026&number=1")
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    assert workbook.sheetnames == ["Tổng hợp theo đơn vị"]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9  # A4
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.oddFooter.center.text == "Trang &P/&N"
    rows = [[v for v in row if v] for row in sheet.iter_rows(max_row=3, values_only=True)]
    assert rows[0] == ["ỦY BAN NHÂN DÂN THÀNH PHỐ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert rows[1] == ["SỞ NỘI VỤ", "Độc lập - Tự do - Hạnh phúc"]
    assert rows[2][0].startswith("Số:") and rows[2][1] == "Hà Nội, ngày 20 tháng 3 năm 2026"
    heading = next(r for r in sheet.iter_rows() if r[0].value == "Xếp hạng")[0].row
    assert sheet.print_title_rows == f"${heading}:${heading}"


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/tong-hop/xuat.pdf?period=quarter&year=2026&number=4", "tong-hop-quy-IV-2026.pdf"),
        ("/tong-hop/xuat.xlsx?period=year&year=2025", "tong-hop-nam-2025.xlsx"),
        (
            "/tong-hop/danh-sach/xuat.csv?as_of=15/03/2026",
            "danh-sach-nhiem-vu-den-ngay-2026-03-15.csv",
        ),
    ],
)
def test_file_names_say_the_selection(seeded, leader, url, name):
    response, _ = download(leader, url)
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_a_chosen_directive_is_in_the_file_name(seeded, leader):
    directive = make_directive()
    response = client_for(leader).get(
        f"/tong-hop/xuat.xlsx?directive={directive.pk}&period=quarter&year=2026&number=1"
    )
    slug = directive.symbol.lower().replace("/", "-")
    assert (
        response["Content-Disposition"] == f'attachment; filename="tong-hop-{slug}-quy-I-2026.xlsx"'
    )


def test_the_csv_separator_is_a_setting(seeded, leader, settings):
    settings.PCTS_CSV_DELIMITER = ","
    _, content = download(leader, "/tong-hop/danh-sach/xuat.csv")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert rows[0][:3] == ["STT", "Số, ký hiệu", "Ngày ban hành"]
