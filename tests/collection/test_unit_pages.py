"""The unit's report pages: its list, the fill page, Excel round trip, versions, 404 for others."""

import datetime
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from collection import excel, services
from collection.demo import load_example_form
from collection.models import FormField, ReportForm, Submission
from directives.exports.base import ExportHeader
from directives.periods import PeriodKind, make_period
from tests.periodic.helpers import at

pytestmark = pytest.mark.django_db

Q1 = make_period(PeriodKind.REPORT_QUARTER, 2027, 1)  # 15/12/2026 → 14/03/2027
GOOD = {
    "f-1": "3",
    "f-2": "5",
    "f-2.1": "2",
    "f-2.2": "3",
    "f-3": "4",
    "f-4": "1.500.000",
    "f-5": "0",
    "f-6": "120",
    "f-7": "118",
    "r-8-count": "3",
    "r-8-0-8.1": "Vụ A",
    "r-8-0-8.2": "2",
    "r-8-0-8.3": "1.000.000",
    "f-9": "",
}


@pytest.fixture
def round_(unit_a, unit_b):
    return services.round_plan(
        form=load_example_form(), period=Q1, units=[unit_a, unit_b], today=datetime.date(2027, 1, 5)
    )


@pytest.fixture
def sub_a(round_, unit_a):
    return Submission.objects.get(round=round_, unit=unit_a)


def url(name, sub, *args):
    return reverse(f"collection:{name}", args=[sub.pk, *args])


def signed_in(client, user):
    client.force_login(user)
    return client


def template_of(client, sub, cells: dict) -> SimpleUploadedFile:
    """Download the submission's template as its user does and fill `cells` {field code: value}."""
    response = client.get(url("submission-template", sub))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="bieu-mau-')
    workbook = load_workbook(io.BytesIO(response.content))
    ws = workbook.worksheets[0]
    by_code = {ws[f"B{r}"].value: r for r in range(1, ws.max_row + 1)}
    for code, value in cells.items():
        ws[f"D{by_code[code]}"] = value
    handle = io.BytesIO()
    workbook.save(handle)
    return SimpleUploadedFile("bao-cao.xlsx", handle.getvalue())


def test_list_shows_the_units_own_submissions_only(
    client, round_, head_a, unit_b, django_assert_max_num_queries
):
    signed_in(client, head_a)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("collection:my-submissions"))
    rows = list(response.context["page"].object_list)
    assert [s.unit.code for s in rows] == ["SNV"]
    body = response.content.decode()
    assert "01/PCTN" in body and round_.due_on.strftime("%d/%m/%Y") in body
    assert 'href="/bao-cao-dinh-ky/"' in body  # the navigation's link for a unit's people


def test_another_units_submission_answers_404_to_every_address(client, round_, head_a, head_b):
    sub = Submission.objects.get(round=round_, unit__code="SNV")
    upload = template_of(signed_in(client, head_a), sub, {"1": 1})
    client.post(url("submission-upload", sub), {"file": upload})
    assert sub.versions.get().file
    signed_in(client, head_b)
    for address in (url("submission-detail", sub), url("submission-template", sub)):
        assert client.get(address).status_code == 404
    assert client.get(url("submission-version-file", sub, 1)).status_code == 404
    for address in (
        url("submission-detail", sub),
        url("submission-nothing", sub),
        url("submission-upload", sub),
    ):
        assert client.post(address, {**GOOD, "action": "send"}).status_code == 404
    assert sub.versions.count() == 1


def test_a_draft_keeps_its_values_and_shows_money_the_vietnamese_way(client, sub_a, head_a):
    response = signed_in(client, head_a).post(
        url("submission-detail", sub_a), {**GOOD, "action": "draft"}
    )
    assert response.status_code == 302
    sub_a.refresh_from_db()
    assert sub_a.state == "draft" and not sub_a.versions.exists()
    assert sub_a.values["4"] == 1500000 and sub_a.values["8"] == [
        {"8.1": "Vụ A", "8.2": 2, "8.3": 1000000}
    ]
    page = client.get(url("submission-detail", sub_a)).content.decode()
    assert 'value="1.500.000"' in page and "Vụ A" in page
    assert 'name="r-8-3-8.1"' in page  # blank rows offered below the filled one


def test_sending_keeps_a_version_shown_in_the_history(client, sub_a, head_a):
    signed_in(client, head_a).post(url("submission-detail", sub_a), {**GOOD, "action": "send"})
    sub_a.refresh_from_db()
    assert sub_a.state == "submitted"
    assert sub_a.versions.get().values["2"] == 5
    page = client.get(url("submission-detail", sub_a)).content.decode()
    assert "Đã gửi, chờ xem xét" in page and "Lưu nháp" not in page
    assert str(head_a) in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"f-1": "ba"}, "1. Số cuộc thanh tra, kiểm tra về phòng, chống tham nhũng: phải là số"),
        ({"f-3": "-1"}, "3. Số người có hành vi tham nhũng: phải là số nguyên không âm"),
        ({"f-2": "6"}, "2. Tổng số vụ việc tham nhũng phát hiện: bằng 6 nhưng tổng các"),
        ({"r-8-1-8.2": "1"}, "Dòng 2, cột “Tên vụ việc”: bắt buộc nhập."),
    ],
)
def test_bad_input_names_the_place_keeps_the_input_and_saves_nothing(
    client, sub_a, head_a, change, message
):
    response = signed_in(client, head_a).post(
        url("submission-detail", sub_a), {**GOOD, **change, "action": "send"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    place, wrong = message.split(": ", 1)
    assert page.count(message) == 1, "named in full at the top"
    assert page.count(wrong) == 2, "and said again next to the input"
    assert 'value="1.500.000"' in page and ("ba" not in change.values() or 'value="ba"' in page)
    sub_a.refresh_from_db()
    assert sub_a.state == "draft" and sub_a.values == {} and not sub_a.versions.exists()


def test_nothing_to_report_is_sent_from_the_page(client, sub_a, head_a):
    response = signed_in(client, head_a).post(url("submission-nothing", sub_a))
    assert response.status_code == 302
    sub_a.refresh_from_db()
    assert sub_a.state == "submitted" and sub_a.nothing_to_report
    assert "không phát sinh số liệu" in client.get(url("submission-detail", sub_a)).content.decode()


def test_excel_template_filled_and_uploaded_sends_its_values(client, sub_a, head_a):
    upload = template_of(signed_in(client, head_a), sub_a, {"1": 7, "2": 3, "2.1": 1, "2.2": 2})
    response = client.post(url("submission-upload", sub_a), {"file": upload})
    assert response.status_code == 302
    sub_a.refresh_from_db()
    assert sub_a.state == "submitted"
    assert (sub_a.values["1"], sub_a.values["2"], sub_a.values["2.2"]) == (7, 3, 2)
    download = client.get(url("submission-version-file", sub_a, 1))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_an_upload_that_is_not_the_forms_template_is_refused_and_nothing_saved(
    client, round_, sub_a, head_a, unit_a
):
    other = ReportForm.objects.create(code="02/TEST", title="Biểu khác")
    FormField.objects.create(form=other, code="1", label="Số vụ", kind="integer")
    other_round = services.round_plan(
        form=other, period=Q1, units=[unit_a], today=datetime.date(2027, 1, 5)
    )
    other_sub = Submission.objects.get(round=other_round)
    sub_b = Submission.objects.get(round=round_, unit__code="STC")
    header = ExportHeader(title="x", lines=[], made_by="gd.b", made_on=datetime.date(2027, 3, 16))
    unit_b_template = SimpleUploadedFile("bao-cao.xlsx", excel.template_workbook(sub_b, header))
    signed_in(client, head_a)
    cases = [
        (SimpleUploadedFile("bao-cao.xlsx", b"just text"), "bao-cao.xlsx"),
        (SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 x"), "Excel (.xlsx)"),
        (template_of(client, other_sub, {"1": 1}), "Tệp là biểu mẫu 02/TEST phiên bản 1"),
        (unit_b_template, "Biểu mẫu này của đơn vị khác (mã STC)"),
    ]
    for upload, message in cases:
        response = client.post(url("submission-upload", sub_a), {"file": upload})
        assert response.status_code == 200
        assert message in response.content.decode(), response.context["upload_errors"]
    sub_a.refresh_from_db()
    assert sub_a.state == "draft" and not sub_a.versions.exists()


def test_a_wrong_cell_in_the_upload_is_named(client, sub_a, head_a):
    upload = template_of(signed_in(client, head_a), sub_a, {"3": "nhiều"})
    page = client.post(url("submission-upload", sub_a), {"file": upload}).content.decode()
    assert "Ô D" in page and "(Số người có hành vi tham nhũng): phải là số nguyên không âm" in page
    assert not sub_a.versions.exists()


def test_a_returned_submission_shows_the_reason_and_is_sent_again(client, sub_a, head_a, inspector):
    signed_in(client, head_a).post(url("submission-detail", sub_a), {**GOOD, "action": "send"})
    services.submission_return(actor=inspector, submission=sub_a, reason="Thiếu mục 8")
    page = client.get(url("submission-detail", sub_a)).content.decode()
    assert "Thiếu mục 8" in page and "Gửi lại báo cáo" in page
    client.post(url("submission-detail", sub_a), {**GOOD, "f-1": "4", "action": "send"})
    assert [v.values["1"] for v in sub_a.versions.order_by("number")] == [3, 4]


def test_a_late_sending_is_allowed_and_marked(client, round_, sub_a, head_a):
    with time_machine.travel(at(round_.due_on + datetime.timedelta(days=2)), tick=False):
        signed_in(client, head_a).post(url("submission-detail", sub_a), {**GOOD, "action": "send"})
        page = client.get(url("submission-detail", sub_a)).content.decode()
    assert sub_a.versions.get().is_late and "Nộp muộn" in page


def test_the_inspectorate_and_leaders_read_the_values_without_inputs(
    client, sub_a, head_a, inspector, leader
):
    signed_in(client, head_a).post(url("submission-detail", sub_a), {**GOOD, "action": "draft"})
    for reader in (inspector, leader):
        page = signed_in(client, reader).get(url("submission-detail", sub_a)).content.decode()
        assert "1.500.000" in page and "Vụ A" in page
        assert 'name="f-1"' not in page and "Lưu nháp" not in page
        response = client.post(url("submission-detail", sub_a), {**GOOD, "action": "send"})
        assert response.status_code == 302
    sub_a.refresh_from_db()
    assert sub_a.state == "draft"


def test_the_list_costs_the_same_few_queries_for_many_rows(
    client, round_, head_a, unit_a, django_assert_max_num_queries
):
    for n in range(2, 5):
        services.round_plan(
            form=load_example_form(),
            period=make_period(PeriodKind.REPORT_QUARTER, 2026, n),
            units=[unit_a],
            today=datetime.date(2027, 1, 5),
        )
    signed_in(client, head_a)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("collection:my-submissions"))
    assert len(response.context["page"].object_list) == 4


def test_the_inspectorate_has_no_unit_report_link_but_reads_a_submission(client, sub_a, inspector):
    page = signed_in(client, inspector).get(url("submission-detail", sub_a)).content.decode()
    assert f'href="/thu-thap-bao-cao/{sub_a.round_id}/"' in page  # back to the round's page
    assert 'href="/bao-cao-dinh-ky/"' not in page


def test_the_error_summary_links_to_the_input_it_names(client, sub_a, head_a):
    response = signed_in(client, head_a).post(
        url("submission-detail", sub_a), {**GOOD, "r-8-0-8.3": "-5", "action": "send"}
    )
    page = response.content.decode()
    assert 'href="#id-r-8-0-8.3"' in page and 'id="id-r-8-0-8.3"' in page


def test_the_fill_page_costs_the_same_few_queries_with_versions(
    client, sub_a, head_a, inspector, django_assert_max_num_queries
):
    signed_in(client, head_a).post(url("submission-detail", sub_a), {**GOOD, "action": "send"})
    services.submission_return(actor=inspector, submission=sub_a, reason="Thiếu mục 8")
    client.post(url("submission-detail", sub_a), {**GOOD, "action": "send"})
    with django_assert_max_num_queries(10):
        response = client.get(url("submission-detail", sub_a))
    assert len(response.context["versions"]) == 2
