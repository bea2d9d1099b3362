"""What a careless or hostile hand sends: odd numbers, control characters, a tampered template."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from collection import excel, services
from collection.models import Round, Submission
from collection.round_counts import with_counts
from tests.collection.test_excel import FIGURES, HEADER, filled

pytestmark = pytest.mark.django_db


def sub(round_, unit) -> Submission:
    return Submission.objects.select_related("round__form", "unit").get(round=round_, unit=unit)


@pytest.mark.parametrize(
    "text", ["inf", "-Infinity", "NaN", "sNaN", "1e5000000", "12345678901234567"]
)
def test_a_number_that_is_not_a_count_is_refused_without_a_crash(round_, head_a, unit_a, text):
    a = sub(round_, unit_a)
    with pytest.raises(ValidationError) as refused:
        services.submission_save(
            actor=head_a, submission=a, values={**FIGURES, "1": text}, send=True
        )
    assert any("phải là số nguyên" in m for m in refused.value.messages)
    assert not a.versions.exists()


def test_control_characters_are_dropped_and_the_workbooks_still_open(
    round_, head_a, inspector, unit_a
):
    a = sub(round_, unit_a)
    note = "Dòng một\x0bdòng hai\x00 (chép từ Word)"
    values = {**FIGURES, "9": note, "8": [{"8.1": "Vụ\x01 A", "8.2": 1}]}
    services.submission_save(actor=head_a, submission=a, values=values, send=True)
    a.refresh_from_db()
    assert a.values["9"] == "Dòng mộtdòng hai (chép từ Word)"
    assert a.values["8"][0]["8.1"] == "Vụ A"
    services.submission_accept(actor=inspector, submission=a)
    load_workbook(io.BytesIO(excel.template_workbook(sub(round_, unit_a), HEADER)))
    data = excel.consolidated_workbook(round_, Submission.objects.filter(pk=a.pk), HEADER)
    assert excel.read_consolidated(data, round_.form)[unit_a.code]["9"] == a.values["9"]


def test_a_formula_typed_as_a_note_stays_words_through_the_template(round_, head_a, unit_a):
    a = sub(round_, unit_a)
    services.submission_save(
        actor=head_a, submission=a, values={**FIGURES, "9": '=HYPERLINK("x")'}, send=False
    )
    a = sub(round_, unit_a)
    ws = load_workbook(io.BytesIO(excel.template_workbook(a, HEADER))).worksheets[0]
    note = next(r for r in range(1, ws.max_row + 1) if ws[f"B{r}"].value == "9")
    assert ws[f"D{note}"].data_type == "s" and ws[f"D{note}"].value == '=HYPERLINK("x")'
    upload = SimpleUploadedFile("bao-cao.xlsx", excel.template_workbook(a, HEADER))
    services.submission_upload(actor=head_a, submission=a, upload=upload)
    assert sub(round_, unit_a).values["9"] == '=HYPERLINK("x")'


def test_a_long_list_keeps_every_row_through_the_template(round_, head_a, unit_a):
    a = sub(round_, unit_a)
    rows = [{"8.1": f"Vụ {n}", "8.2": n} for n in range(1, 26)]
    services.submission_save(actor=head_a, submission=a, values={**FIGURES, "8": rows}, send=False)
    a = sub(round_, unit_a)
    upload = SimpleUploadedFile("bao-cao.xlsx", excel.template_workbook(a, HEADER))
    services.submission_upload(actor=head_a, submission=a, upload=upload)
    assert [r["8.1"] for r in sub(round_, unit_a).values["8"]] == [f"Vụ {n}" for n in range(1, 26)]


def _tampered(submission, change) -> SimpleUploadedFile:
    workbook = load_workbook(filled(submission, FIGURES))
    change(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("bao-cao.xlsx", out.getvalue())


def test_a_tampered_or_shifted_template_is_refused_and_nothing_is_saved(round_, head_a, unit_a):
    a = sub(round_, unit_a)

    def huge_range(workbook):
        meta = workbook[excel.META]
        for row in meta.iter_rows():
            if row[0].value == "rows":
                row[3].value = 10**9

    def no_unit(workbook):
        meta = workbook[excel.META]
        for row in meta.iter_rows():
            if row[0].value == "unit":
                row[0].value = "x"

    def inserted_row(workbook):
        workbook.worksheets[0].insert_rows(12)

    for change, message in (
        (huge_range, "đã bị sửa hoặc hỏng"),
        (no_unit, "đã bị sửa hoặc hỏng"),
        (inserted_row, "có dòng bị chèn hoặc xóa"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.submission_upload(actor=head_a, submission=a, upload=_tampered(a, change))
    assert not a.versions.exists()


def test_an_upload_to_a_report_that_cannot_be_changed_is_refused_before_reading_it(
    round_, head_a, head_b, unit_a
):
    a = sub(round_, unit_a)
    garbage = SimpleUploadedFile("bao-cao.xlsx", b"PK\x03\x04 not really a workbook")
    with pytest.raises(PermissionDenied):
        services.submission_upload(actor=head_b, submission=a, upload=garbage)


def test_a_returned_report_counts_as_not_sent_until_it_is_sent_again(
    round_, head_a, inspector, unit_a
):
    a = sub(round_, unit_a)
    services.submission_save(actor=head_a, submission=a, values=FIGURES, send=True)
    services.submission_return(actor=inspector, submission=a, reason="Thiếu số liệu mục 4")
    counted = with_counts(Round.objects.filter(pk=round_.pk)).get()
    assert (counted.n_on_time, counted.n_late, counted.n_missing, counted.n_returned) == (
        0,
        0,
        2,
        1,
    )
    services.submission_save(
        actor=head_a, submission=sub(round_, unit_a), values=FIGURES, send=True
    )
    counted = with_counts(Round.objects.filter(pk=round_.pk)).get()
    assert (counted.n_on_time + counted.n_late, counted.n_missing) == (1, 1)


def test_closing_a_round_twice_is_refused_by_the_service(round_, inspector):
    services.round_close(actor=inspector, round_=round_)
    with pytest.raises(ValidationError, match="đang thu thập"):
        services.round_close(actor=inspector, round_=round_)
