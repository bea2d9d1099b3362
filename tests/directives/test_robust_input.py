"""Robust input: duplicates answered with the first result, odd queries explained, implausible values refused."""

import datetime
import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from directives import services
from directives.models import Directive, ProgressReport, Task
from tests.directives.assignment_helpers import assign, client_for, make_directive

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


# --------------------------------------------------------------------------- plausible values


def test_a_summary_over_the_limit_is_refused_on_its_field_and_the_form_says_the_limit(
    inspector, settings
):
    settings.PCTS_SUMMARY_MAX_CHARS = 50
    form = client_for(inspector).get(url("directive-create")).content.decode()
    assert "Tối đa 50 ký tự." in form
    with pytest.raises(ValidationError) as refused:
        services.directive_create(
            actor=inspector,
            raw_symbol="31/KH-UBND",
            issued_on=datetime.date(2026, 1, 5),
            summary="Kế hoạch " * 7,
        )
    assert refused.value.message_dict == {
        "summary": ["Trích yếu dài 63 ký tự, quá mức tối đa 50 ký tự: hãy rút gọn."]
    }
    directive = make_directive(inspector, summary="Kế hoạch ngắn")
    with pytest.raises(ValidationError, match="quá mức tối đa 50 ký tự"):
        services.directive_update(actor=inspector, directive=directive, summary="x" * 51)
    assert Directive.objects.get(pk=directive.pk).summary == "Kế hoạch ngắn"


def test_a_report_over_the_limit_is_refused_on_its_field_and_saves_nothing(
    inspector, unit_a, focal_a, settings
):
    settings.PCTS_REPORT_MAX_CHARS = 1000
    assignment = assign(inspector, unit_a)
    client = client_for(focal_a)
    assert "Tối đa 1.000 ký tự." in client.get(url("report-submit", assignment.pk)).text
    # Line breaks arrive as CR LF but count once, as the browser counts them.
    exactly = ("x" * 99 + "\r\n") * 10
    response = client.post(
        url("report-submit", assignment.pk),
        {"body": exactly + "y", "submission_token": str(uuid.uuid4())},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["body"] == [
        "Nội dung báo cáo dài 1.001 ký tự, quá mức tối đa 1.000 ký tự: "
        "hãy tóm tắt và đính kèm tệp cho phần chi tiết."
    ]
    assert not ProgressReport.objects.exists()
    services.report_submit(actor=focal_a, assignment=assignment, body=exactly)


@pytest.mark.parametrize(
    "deadline", ["06/01/2036", "trong năm 2036", "chậm nhất ngày 31/12/9999", "0 ngày làm việc"]
)
def test_an_implausible_deadline_is_refused_and_no_task_is_created(inspector, unit_a, deadline):
    directive = make_directive(inspector)  # issued 05/01/2026
    with pytest.raises(ValidationError) as refused:
        services.task_create(
            actor=inspector,
            directive=directive,
            title="Tự kiểm tra",
            lead_unit=unit_a,
            deadline_text=deadline,
        )
    message = refused.value.message_dict["deadline_text"][0]
    if deadline.startswith("0 "):
        assert message == (
            "«0 ngày làm việc» không phải là thời hạn: số ngày (tuần, tháng) phải lớn hơn 0."
        )
    else:
        assert "muộn hơn 10 năm sau ngày ban hành văn bản 05/01/2026: kiểm tra lại năm." in message
    assert not Task.objects.exists()
    preview = client_for(inspector).get(
        url("deadline-preview"), {"directive": directive.pk, "text": deadline}
    )
    assert preview.json() == {"ok": False, "error": message}


def test_a_deadline_ten_years_after_the_issue_date_is_still_accepted(inspector, unit_a):
    task = services.task_create(
        actor=inspector,
        directive=make_directive(inspector),
        title="Đề án 10 năm",
        lead_unit=unit_a,
        deadline_text="05/01/2036",
    )
    assert task.assignments.get().effective_deadline == datetime.date(2036, 1, 5)


def test_an_extension_more_than_ten_years_after_the_issue_date_is_refused(
    inspector, unit_a, head_a
):
    assignment = assign(inspector, unit_a)
    client = client_for(head_a)
    response = client.post(
        url("extension-request", assignment.pk),
        {"requested_deadline": "31/12/9999", "reason": "Chờ kiểm toán"},
    )
    assert response.context["form"].errors["requested_deadline"] == [
        "Thời hạn 31/12/9999 muộn hơn 10 năm sau ngày ban hành văn bản 05/01/2026: kiểm tra lại năm."
    ]
    request = services.extension_request(
        actor=head_a,
        assignment=assignment,
        requested_deadline=datetime.date(2027, 3, 31),
        reason="Chờ kiểm toán",
    )
    with pytest.raises(ValidationError, match="muộn hơn 10 năm"):
        services.extension_decide(
            actor=inspector, request=request, approve=True, deadline=datetime.date(2037, 1, 1)
        )
    assignment.refresh_from_db()
    assert assignment.effective_deadline == datetime.date(2026, 12, 31)


# --------------------------------------------------------------------------- the stroke of Đ


@pytest.mark.parametrize(
    ("first", "then"),
    [("37-QĐ/TW", "37-QD/TW"), ("37-QD/TW", "37-QĐ/TW"), ("27-KH/ĐU", "27-KH/DU")],
)
def test_a_symbol_that_lost_the_stroke_of_d_is_the_same_document(inspector, first, then):
    day = datetime.date(2025, 3, 10)
    registered = services.directive_create(
        actor=inspector, raw_symbol=first, issued_on=day, summary="Quy định"
    )
    with pytest.raises(services.DuplicateDirective) as refused:
        services.directive_create(
            actor=inspector, raw_symbol=then, issued_on=day, summary="Quy định"
        )
    assert refused.value.existing == registered
    assert refused.value.messages == [
        f"Văn bản {first} ngày 10/03/2025 đã được nhập: «{then}» là cùng ký hiệu, bị mất nét chữ Đ."
    ]
    preview = client_for(inspector).get(
        url("symbol-parse"), {"symbol": then, "issued_on": "10/03/2025"}
    )
    assert preview.json()["duplicate"]["id"] == registered.pk
    # Cited in a link, it is the registered document, not a new stub.
    source = make_directive(inspector)
    link = services.directive_link_add(
        actor=inspector, source=source, target=then, kind="based_on", issued_on=day
    )
    assert link.target == registered


@pytest.mark.parametrize(("one", "other"), [("12-ĐA/TU", "12-DA/TU"), ("5/HĐ-UBND", "5/HD-UBND")])
def test_two_codes_that_differ_by_the_stroke_are_two_documents(inspector, one, other):
    day = datetime.date(2025, 3, 10)
    for symbol in (one, other):
        services.directive_create(actor=inspector, raw_symbol=symbol, issued_on=day, summary="x")
    assert Directive.objects.count() == 2
