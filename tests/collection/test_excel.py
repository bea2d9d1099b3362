"""The Excel round trip: template → filled upload → accept → consolidation → re-import."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from collection import excel, services
from collection.models import ReportForm, Submission
from directives.exports.base import ExportHeader

pytestmark = pytest.mark.django_db
HEADER = ExportHeader(
    title="Tổng hợp báo cáo PCTN",
    lines=["Quý I/2027"],
    made_by="thanhtra",
    made_on=datetime.date(2027, 3, 20),
)


def filled(submission, cells: dict) -> SimpleUploadedFile:
    workbook = load_workbook(io.BytesIO(excel.template_workbook(submission, HEADER)))
    ws = workbook.worksheets[0]
    by_code = {ws[f"B{r}"].value: r for r in range(1, ws.max_row + 1)}
    for code, value in cells.items():
        ws[f"D{by_code[code]}"] = value
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("bao-cao.xlsx", out.getvalue())


FIGURES = {"1": 2, "2": 3, "2.1": 1, "2.2": 2, "3": 1, "4": 5000000, "6": 40, "7": 40}


def test_round_trip_template_upload_accept_consolidate_reimport(
    round_, head_a, head_b, inspector, unit_a, unit_b
):
    a = Submission.objects.get(round=round_, unit=unit_a)
    b = Submission.objects.get(round=round_, unit=unit_b)
    services.submission_upload(actor=head_a, submission=a, upload=filled(a, FIGURES))
    services.submission_upload(actor=head_b, submission=b, upload=filled(b, {**FIGURES, "1": 5}))
    for sub in (a, b):
        services.submission_accept(actor=inspector, submission=sub)
    a.refresh_from_db()
    assert a.values["4"] == 5000000 and a.versions.get().file
    accepted = Submission.objects.filter(round=round_, state="accepted").order_by("unit__code")
    data = excel.consolidated_workbook(round_, accepted, HEADER)
    back = excel.read_consolidated(data, round_.form)
    assert back == {s.unit.code: s.values for s in accepted}
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = [r for r in ws.iter_rows(values_only=True) if r and r[2] == "Tổng cộng"]
    assert rows[0][4] == 7  # item 1: 2 + 5


def test_a_wrong_cell_is_named_and_nothing_is_saved(round_, head_a, unit_a):
    a = Submission.objects.get(round=round_, unit=unit_a)
    with pytest.raises(ValidationError) as refused:
        services.submission_upload(
            actor=head_a, submission=a, upload=filled(a, {**FIGURES, "3": "hai"})
        )
    assert any(m.startswith("Ô D") and "phải là số nguyên" in m for m in refused.value.messages)
    assert not a.versions.exists()


def test_a_template_of_an_older_version_or_another_unit_is_refused(
    round_, head_a, head_b, unit_a, unit_b
):
    a = Submission.objects.get(round=round_, unit=unit_a)
    b = Submission.objects.get(round=round_, unit=unit_b)
    upload = filled(a, FIGURES)
    ReportForm.objects.filter(pk=round_.form_id).update(version=2)
    a.refresh_from_db()
    with pytest.raises(ValidationError, match="phiên bản 1"):
        services.submission_upload(actor=head_a, submission=a, upload=upload)
    ReportForm.objects.filter(pk=round_.form_id).update(version=1)
    a = Submission.objects.get(pk=a.pk)
    b = Submission.objects.get(pk=b.pk)
    with pytest.raises(ValidationError, match="đơn vị khác"):
        services.submission_upload(actor=head_b, submission=b, upload=filled(a, FIGURES))
    assert not b.versions.exists()
