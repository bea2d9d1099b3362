"""Robust input: duplicates answered with the first result, odd queries explained."""

import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from directives import services
from directives.models import ProgressReport
from tests.directives.assignment_helpers import assign, client_for

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"directives:{name}", args=args)


# --------------------------------------------------------------------------- one token, one result


@pytest.mark.django_db(transaction=True)
def test_five_concurrent_posts_with_one_token_record_one_report_and_all_answer_alike(
    inspector, unit_a, focal_a
):
    assignment = assign(inspector, unit_a)
    token = str(uuid.uuid4())
    clients = [client_for(focal_a, raise_request_exception=False) for _ in range(5)]
    start = threading.Barrier(len(clients))
    answers = []

    def post(client: Client):
        try:
            start.wait()
            response = client.post(
                url("report-submit", assignment.pk),
                {"body": "Đã rà soát 12 quy trình", "percent": "60", "submission_token": token},
            )
            answers.append((response.status_code, response.get("Location")))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert answers == [(302, f"/nhiem-vu/{assignment.pk}/#bao-cao")] * 5
    assert ProgressReport.objects.filter(assignment=assignment).count() == 1


def test_a_repeated_completion_claim_gets_the_first_report_not_a_second_claim_error(
    inspector, unit_a, focal_a
):
    assignment = assign(inspector, unit_a)
    token = uuid.uuid4()
    fields = {"body": "Đã hoàn thành", "claims_completion": True, "submission_token": token}
    first = services.report_submit(actor=focal_a, assignment=assignment, **fields)
    again = services.report_submit(actor=focal_a, assignment=assignment, **fields)
    assert again.pk == first.pk


def test_a_token_used_on_another_assignment_is_refused(inspector, unit_a, focal_a):
    token = uuid.uuid4()
    services.report_submit(
        actor=focal_a, assignment=assign(inspector, unit_a), body="x", submission_token=token
    )
    with pytest.raises(ValidationError, match="Mã gửi báo cáo không hợp lệ"):
        services.report_submit(
            actor=focal_a, assignment=assign(inspector, unit_a), body="y", submission_token=token
        )


# --------------------------------------------------------------------------- odd queries


@pytest.mark.parametrize(
    "name", ["unit-search", "dashboard-directive-search", "dashboard-issuer-search"]
)
def test_a_nul_character_in_a_picker_query_is_explained_not_a_server_error(inspector, name):
    response = client_for(inspector).get(url(name), {"q": "Sở\x00Nội vụ"})
    assert response.status_code == 400
    assert response.json() == {
        "results": [],
        "error": "Từ khóa tìm kiếm chứa ký tự không hợp lệ (NUL); hãy gõ lại.",
    }


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"as_of": "31/12/9999"}, "as_of", "Ngày tính số liệu phải trong các năm 1945 – 2100."),
        ({"as_of": "01/01/0001"}, "as_of", "Ngày tính số liệu phải trong các năm 1945 – 2100."),
        ({"period": "year", "year": "9999"}, "year", "Năm phải từ 1945 đến 2100."),
        ({"period": "month", "year": "0", "number": "1"}, "year", "Năm phải từ 1945 đến 2100."),
    ],
)
@pytest.mark.parametrize("page", ["dashboard", "dashboard-list"])
def test_a_day_or_year_out_of_range_is_explained_on_its_field(
    inspector, unit_a, page, query, field, message
):
    assign(inspector, unit_a)
    response = client_for(inspector).get(url(page), query)
    assert response.status_code == 200
    assert response.context["filter"].form.errors[field] == [message]
    assert message in response.content.decode()


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_an_export_with_a_day_out_of_range_does_not_fail(inspector, unit_a, fmt):
    assign(inspector, unit_a)
    response = client_for(inspector).get(url("dashboard-export", fmt), {"as_of": "31/12/9999"})
    assert response.status_code == 200
