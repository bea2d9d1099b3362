"""The review queue shows each report's files, asks before accepting, and accepts in bulk."""

import pytest
from django.urls import reverse

from directives import services
from directives.models import Assignment, ReportReview
from tests.directives.assignment_helpers import assign, client_for, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def submit(head, assignment, **extra):
    return services.report_submit(
        actor=head, assignment=assignment, body="Đã xong", claims_completion=True, **extra
    )


def test_the_queue_links_each_reports_files_and_asks_before_an_accept(inspector, unit_a, head_a):
    report = submit(head_a, assign(inspector, unit_a), files=[pdf("Báo cáo tự kiểm tra.pdf")])
    html = client_for(inspector).get(reverse("directives:review-queue")).content.decode()

    row = html.split(f'id="report-{report.pk}"', 1)[1].split("</tr>", 1)[0]
    file = report.attachments.get()
    assert reverse("directives:attachment-download", args=[file.pk]) in row
    assert "Báo cáo tự kiểm tra.pdf" in row
    assert 'data-confirm="Chấp nhận báo cáo của Sở Nội vụ?"' in row
    assert f'name="reports" value="{report.pk}" form="bulk-accept"' in row
    assert 'class="form-control extension-date"' not in row  # the date box is the extensions'


def test_bulk_accept_accepts_each_ticked_report_and_ignores_what_the_user_cannot_see(
    inspector, unit_a, unit_b, head_a, head_b
):
    first = submit(head_a, assign(inspector, unit_a))
    second = submit(head_b, assign(inspector, unit_b))
    untouched = submit(head_a, assign(inspector, unit_a, title="Việc khác"))

    response = client_for(inspector).post(
        reverse("directives:reports-accept"),
        {"reports": [first.pk, second.pk, "999999", "x"]},
        follow=True,
    )

    assert "Đã chấp nhận 2 báo cáo." in response.content.decode()
    for report in (first, second):
        report.assignment.refresh_from_db()
        assert report.assignment.state == Assignment.State.COMPLETED
    assert ReportReview.objects.filter(report=untouched).count() == 0


def test_bulk_accept_names_a_report_the_service_refuses_and_is_closed_to_units(
    inspector, unit_a, head_a
):
    report = submit(head_a, assign(inspector, unit_a))
    services.report_review(actor=inspector, report=report, decision="accept")

    again = client_for(inspector).post(
        reverse("directives:reports-accept"), {"reports": [report.pk]}, follow=True
    )
    assert "Không chấp nhận được: Sở Nội vụ:" in again.content.decode()
    assert ReportReview.objects.filter(report=report).count() == 1
    assert (
        client_for(head_a)
        .post(reverse("directives:reports-accept"), {"reports": [report.pk]})
        .status_code
        == 404
    )
    assert client_for(inspector).get(reverse("directives:reports-accept")).status_code == 405
