"""Unit heads' and focal points' journeys: inbox, assignment list and page, reports, extensions."""

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directives import services
from directives.models import ExtensionRequest, ProgressReport
from tests.directives.assignment_helpers import assign, client_for, make_directive, pdf

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def on_21_november_2026():
    with time_machine.travel(datetime.datetime(2026, 11, 21, 9, 0, tzinfo=VN), tick=False):
        yield datetime.date(2026, 11, 21)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def files_on_disk(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def position(html: str, text: str) -> int:
    assert text in html, f"{text!r} is not on the page"
    return html.index(text)


# --------------------------------------------------------------------------- inbox


def test_inbox_puts_overdue_before_due_soon_before_in_progress(
    on_21_november_2026, inspector, unit_a, head_a
):
    assign(inspector, unit_a, deadline="31/12/2026", title="Việc còn hạn dài")
    assign(inspector, unit_a, deadline="30/06/2026", title="Việc đã quá hạn")
    assign(inspector, unit_a, deadline="25/11/2026", title="Việc sắp đến hạn")

    html = client_for(head_a).get(reverse("directives:inbox")).content.decode()

    assert (
        position(html, "Việc đã quá hạn")
        < position(html, "Việc sắp đến hạn")
        < position(html, "Việc còn hạn dài")
    )


def test_inbox_row_shows_symbol_role_deadline_badge_days_late_and_progress(
    on_21_november_2026, inspector, unit_a, focal_a
):
    assignment = assign(
        inspector, unit_a, deadline="30/06/2026", title="Rà soát quy chế chi tiêu nội bộ"
    )
    services.report_submit(
        actor=focal_a, assignment=assignment, body="Đã rà soát 4/10 quy chế", percent=40
    )

    html = client_for(focal_a).get(reverse("directives:inbox")).content.decode()

    assert assignment.task.directive.symbol in html
    assert "Chủ trì" in html
    assert "30/06/2026" in html
    assert 'class="badge t-overdue"' in html
    assert "quá hạn 144 ngày" in html
    assert 'value="40"' in html and "40%" in html
    assert "Đang thực hiện" in html


def test_inbox_counts_days_left_for_work_within_deadline(
    on_21_november_2026, inspector, unit_a, head_a
):
    assign(inspector, unit_a, deadline="25/11/2026")

    html = client_for(head_a).get(reverse("directives:inbox")).content.decode()

    assert "còn 4 ngày" in html
    assert "t-due_soon" in html


def test_inbox_strikes_through_the_original_deadline_after_an_extension(
    on_21_november_2026, inspector, unit_a, focal_a
):
    assignment = assign(inspector, unit_a, deadline="31/12/2026")
    request = services.extension_request(
        actor=focal_a,
        assignment=assignment,
        requested_deadline=datetime.date(2027, 2, 28),
        reason="Chờ kết quả kiểm toán",
    )
    services.extension_decide(actor=inspector, request=request, approve=True)

    html = client_for(focal_a).get(reverse("directives:inbox")).content.decode()

    assert "28/02/2027" in html
    assert ">31/12/2026</del>" in html


def test_inbox_hides_closed_assignments_until_asked(on_21_november_2026, inspector, unit_a, head_a):
    assign(inspector, unit_a, title="Việc vẫn đang làm")
    cancelled = assign(inspector, unit_a, title="Việc đã hủy giao")
    services.assignment_cancel(actor=inspector, assignment=cancelled, reason="Giao nhầm đơn vị")
    client = client_for(head_a)

    default = client.get(reverse("directives:inbox")).content.decode()
    with_closed = client.get(reverse("directives:inbox") + "?closed=1").content.decode()

    assert "Việc vẫn đang làm" in default and "Việc đã hủy giao" not in default
    assert "Việc đã hủy giao" in with_closed


def test_inbox_of_a_unit_without_open_work_says_so(head_a):
    html = client_for(head_a).get(reverse("directives:inbox")).content.decode()

    assert "Đơn vị không có nhiệm vụ nào đang mở." in html


def test_inbox_of_the_inspectorate_explains_and_links_to_the_assignment_list(inspector, leader):
    for user in (inspector, leader):
        html = client_for(user).get(reverse("directives:inbox")).content.decode()

        assert "Tài khoản của bạn thuộc Thanh tra hoặc lãnh đạo" in html
        assert reverse("directives:assignment-list") in html


def test_inbox_of_a_user_in_no_unit_explains_why_it_is_empty(outsider):
    html = client_for(outsider).get(reverse("directives:inbox")).content.decode()

    assert "chưa thuộc đơn vị nào" in html


def test_head_of_a_parent_unit_sees_the_subtree_in_the_inbox(
    inspector, make_user, city, unit_a, unit_b
):
    chairman = make_user("chutich", unit=city, role="head")
    assign(inspector, unit_a, title="Việc của Sở Nội vụ")
    assign(inspector, unit_b, title="Việc của Sở Tài chính")

    html = client_for(chairman).get(reverse("directives:inbox")).content.decode()

    assert "Việc của Sở Nội vụ" in html and "Việc của Sở Tài chính" in html


def test_inbox_does_not_show_another_units_work(inspector, unit_a, head_b):
    assign(inspector, unit_a, title="Việc riêng của Sở Nội vụ")

    html = client_for(head_b).get(reverse("directives:inbox")).content.decode()

    assert "Việc riêng của Sở Nội vụ" not in html


# --------------------------------------------------------------------------- assignment list


def list_html(user, query=""):
    return client_for(user).get(reverse("directives:assignment-list") + query).content.decode()


def test_assignment_list_shows_only_what_the_user_may_see(inspector, unit_a, unit_b, head_b):
    assign(inspector, unit_a, title="Việc của Sở Nội vụ")
    assign(inspector, unit_b, title="Việc của Sở Tài chính")

    html = list_html(head_b)

    assert "Việc của Sở Tài chính" in html
    assert "Việc của Sở Nội vụ" not in html
    assert "Tìm thấy 1 nhiệm vụ" in html


def test_assignment_list_filters_by_timeliness_state_and_role(
    on_21_november_2026, inspector, unit_a, unit_b, focal_a
):
    assign(inspector, unit_a, deadline="30/06/2026", title="Việc quá hạn")
    assign(inspector, unit_a, deadline="31/12/2026", title="Việc trong hạn")
    assign(inspector, unit_b, coordinating=[unit_a], title="Việc phối hợp")

    overdue = list_html(inspector, "?timeliness=overdue")
    coordinating = list_html(inspector, "?role=coordinating")
    assigned_a = list_html(focal_a, "?state=assigned&role=lead")

    assert "Việc quá hạn" in overdue and "Việc trong hạn" not in overdue
    assert "Tìm thấy 1 nhiệm vụ" in coordinating and "Việc phối hợp" in coordinating
    assert (
        "Việc quá hạn" in assigned_a
        and "Việc trong hạn" in assigned_a
        and "Việc phối hợp" not in assigned_a
    )


def test_assignment_list_filters_by_unit_directive_and_track(inspector, unit_a, unit_b):
    plan = make_directive(inspector)
    assign(inspector, unit_a, directive=plan, title="Việc theo kế hoạch")
    assign(inspector, unit_b, title="Việc theo văn bản khác")
    party = services.directive_create(
        actor=inspector,
        raw_symbol="10-CTr/TU",
        issued_on=datetime.date(2026, 1, 5),
        summary="Chương trình PCTN",
    )
    assign(inspector, unit_b, directive=party, title="Việc theo chương trình của Thành ủy")

    by_unit = list_html(inspector, f"?unit={unit_a.pk}")
    by_directive = list_html(inspector, f"?directive={plan.pk}")
    by_track = list_html(inspector, "?track=party")

    assert "Tìm thấy 1 nhiệm vụ" in by_unit and "Việc theo kế hoạch" in by_unit
    assert "Tìm thấy 1 nhiệm vụ" in by_directive and "Việc theo kế hoạch" in by_directive
    assert f"{plan.symbol}</a>" in by_directive and "Bỏ lọc văn bản" in by_directive
    assert "Tìm thấy 1 nhiệm vụ" in by_track and "Việc theo chương trình của Thành ủy" in by_track


def test_the_unit_picker_lists_only_the_chosen_unit_and_searches_the_visible_ones(
    inspector, unit_a, unit_b, head_b, make_unit, city
):
    ward = make_unit("Phường Hoàn Kiếm", kind="ward", parent=city, code="P-HK")
    make_unit(
        "Phường Ba Đình", kind="ward", parent=city, code="P-BD"
    )  # nothing assigned: not offered
    for unit in (unit_a, unit_b, ward):
        assign(inspector, unit)
    url = reverse("directives:unit-search")

    page = list_html(inspector, f"?unit={ward.pk}")
    found = client_for(inspector).get(url, {"scope": "assigned", "q": "hoan kiem"}).json()
    everything = client_for(inspector).get(url, {"scope": "assigned"}).json()["results"]
    own = client_for(head_b).get(url, {"scope": "assigned"}).json()["results"]

    assert (
        f'data-autocomplete="{url}?scope=assigned"' in page
        and f'<option value="{ward.pk}" selected>Phường Hoàn Kiếm</option>' in page
    )
    assert (
        unit_a.name not in page.split('name="unit"')[1].split("</select>")[0]
    )  # only the chosen one is rendered
    assert found["results"] == [{"value": ward.pk, "text": "Phường Hoàn Kiếm"}]
    assert [r["text"] for r in everything] == ["Phường Hoàn Kiếm", "Sở Nội vụ", "Sở Tài chính"]
    assert own == [{"value": unit_b.pk, "text": unit_b.name}]


def test_assignment_list_filters_by_deadline_range_typed_day_first(inspector, unit_a):
    assign(inspector, unit_a, deadline="05/03/2026", title="Hạn mùng 5 tháng 3")
    assign(inspector, unit_a, deadline="03/05/2026", title="Hạn mùng 3 tháng 5")

    html = list_html(inspector, "?deadline_from=01/03/2026&deadline_to=31/03/2026")

    assert "Hạn mùng 5 tháng 3" in html and "Hạn mùng 3 tháng 5" not in html


def test_assignment_list_explains_a_badly_typed_date(inspector, unit_a):
    assign(inspector, unit_a)

    html = list_html(inspector, "?deadline_from=31/02/2026")

    assert "Nhập ngày theo dạng dd/mm/yyyy" in html


def test_search_ignores_diacritics_in_summary_symbol_and_task_title(inspector, unit_a):
    plan = make_directive(
        inspector, summary="Kế hoạch triển khai công tác phòng, chống tham nhũng năm 2026"
    )
    assign(inspector, unit_a, directive=plan, title="Tuyên truyền pháp luật")
    other = make_directive(inspector, summary="Chỉ thị tăng cường kỷ luật, kỷ cương hành chính")
    assign(inspector, unit_a, directive=other, title="Kiểm soát kê khai tài sản, thu nhập")

    by_summary = list_html(inspector, "?q=ke+hoach+tham+nhung")
    by_title = list_html(inspector, "?q=KE+KHAI+tai+san")
    by_symbol = list_html(inspector, f"?q={plan.symbol.lower()}")

    assert "Tuyên truyền pháp luật" in by_summary and "Tìm thấy 1 nhiệm vụ" in by_summary
    assert "Kiểm soát kê khai tài sản" in by_title and "Tìm thấy 1 nhiệm vụ" in by_title
    assert "Tuyên truyền pháp luật" in by_symbol and "Tìm thấy 1 nhiệm vụ" in by_symbol


def test_search_folds_d_with_stroke_and_decomposed_text(inspector, unit_a):
    assign(
        inspector, unit_a, title="Đôn đốc đơn vị\u0300 tự kiểm tra"
    )  # a stray combining mark, as pasted from Word

    html = list_html(inspector, "?q=don+doc+don+vi")

    assert "Tìm thấy 1 nhiệm vụ" in html


def test_assignment_list_is_sorted_by_deadline_with_open_ended_work_last(inspector, unit_a):
    assign(inspector, unit_a, deadline="thường xuyên", title="Việc thường xuyên")
    assign(inspector, unit_a, deadline="31/12/2026", title="Việc hạn cuối năm")
    assign(inspector, unit_a, deadline="31/03/2026", title="Việc hạn quý I")

    html = list_html(inspector)

    assert (
        position(html, "Việc hạn quý I")
        < position(html, "Việc hạn cuối năm")
        < position(html, "Việc thường xuyên")
    )


def test_assignment_list_counts_exactly_and_pages_by_fifty(inspector, unit_a):
    plan = make_directive(inspector)
    for n in range(55):
        assign(inspector, unit_a, directive=plan, title=f"Nhiệm vụ số {n:02d}")

    first = list_html(inspector)
    second = list_html(inspector, "?page=2")

    assert "Tìm thấy 55 nhiệm vụ" in first and "Trang 1/2" in first
    assert second.count('class="t-row-') == 5


def test_assignment_list_query_count_does_not_grow_with_rows(inspector, unit_a, head_a):
    def list_queries():
        client = client_for(head_a)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("directives:assignment-list") + "?q=viec&role=lead")
        assert response.status_code == 200
        return response.content.decode().count('class="t-row-'), len(captured)

    for n in range(5):
        assign(inspector, unit_a, title=f"Việc {n}")
    rows_few, queries_few = list_queries()
    for n in range(45):
        assign(inspector, unit_a, title=f"Việc thêm {n}")
    rows_many, queries_many = list_queries()

    assert (rows_few, rows_many) == (5, 50)
    assert queries_few == queries_many


def test_overdue_list_pages_deep_with_an_exact_count_and_the_same_queries(
    on_21_november_2026, inspector, unit_a
):
    plan = make_directive(inspector)
    for n in range(60):
        assign(inspector, unit_a, directive=plan, deadline="30/06/2026", title=f"Quá hạn {n:02d}")
    assign(inspector, unit_a, directive=plan, deadline="31/12/2026", title="Việc còn hạn")
    client = client_for(inspector)

    def overdue_page(number):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(
                reverse("directives:assignment-list") + f"?timeliness=overdue&page={number}"
            )
        return response.content.decode(), len(captured)

    (first, first_queries), (second, second_queries) = overdue_page(1), overdue_page(2)

    assert "Tìm thấy 60 nhiệm vụ" in first and "Trang 2/2" in second
    assert (first.count('class="t-row-overdue"'), second.count('class="t-row-overdue"')) == (50, 10)
    assert "Việc còn hạn" not in first + second
    assert first_queries == second_queries


# --------------------------------------------------------------------------- assignment page


def test_assignment_page_shows_directive_task_unit_role_deadlines_state_and_progress(
    on_21_november_2026, inspector, unit_a, focal_a
):
    assignment = assign(
        inspector,
        unit_a,
        deadline="chậm nhất ngày 15/12/2026",
        title="Công khai kết quả tự kiểm tra",
    )
    services.report_submit(
        actor=focal_a, assignment=assignment, body="Đã công khai tại trụ sở", percent=60
    )

    html = client_for(focal_a).get(assignment.get_absolute_url()).content.decode()

    for text in (
        assignment.task.directive.symbol,
        "Công khai kết quả tự kiểm tra",
        "Sở Nội vụ",
        "Chủ trì",
        "15/12/2026",
        "“chậm nhất ngày 15/12/2026”",
        "Đang thực hiện",
        "t-in_progress",
        "60%",
        "còn 24 ngày",
    ):
        assert text in html, text


def test_assignment_page_lists_other_units_on_the_task_only_when_visible(
    inspector, unit_a, unit_b, head_a, head_b
):
    lead = assign(inspector, unit_a, coordinating=[unit_b])
    coordinating = lead.task.assignments.get(unit=unit_b)

    lead_view = client_for(head_a).get(lead.get_absolute_url()).content.decode()
    coordinating_view = client_for(head_b).get(coordinating.get_absolute_url()).content.decode()

    assert "Các đơn vị khác cùng thực hiện" in lead_view and "Sở Tài chính" in lead_view
    assert "Các đơn vị khác cùng thực hiện" not in coordinating_view
    assert "Sở Nội vụ" not in coordinating_view


def test_assignment_page_shows_reports_with_files_and_review_outcome(inspector, unit_a, focal_a):
    assignment = assign(inspector, unit_a)
    report = services.report_submit(
        actor=focal_a,
        assignment=assignment,
        body="Đã hoàn thành tự kiểm tra",
        claims_completion=True,
        files=[pdf("Biên bản tự kiểm tra.pdf")],
    )
    services.report_review(
        actor=inspector, report=report, decision="return", reason="Bổ sung danh sách người kê khai"
    )

    html = client_for(focal_a).get(assignment.get_absolute_url()).content.decode()

    attachment = report.attachments.get()
    assert "Đã hoàn thành tự kiểm tra" in html
    assert "Biên bản tự kiểm tra.pdf" in html
    assert reverse("directives:attachment-download", args=[attachment.pk]) in html
    assert "Bị trả lại" in html and "Bổ sung danh sách người kê khai" in html


def test_assignment_page_shows_extension_requests_and_decisions(inspector, unit_a, focal_a):
    assignment = assign(inspector, unit_a, deadline="31/12/2026")
    request = services.extension_request(
        actor=focal_a,
        assignment=assignment,
        requested_deadline=datetime.date(2027, 3, 31),
        reason="Chờ thanh tra chuyên ngành",
    )
    services.extension_decide(
        actor=inspector, request=request, approve=False, note="Đề nghị hoàn thành đúng hạn"
    )

    html = client_for(focal_a).get(assignment.get_absolute_url()).content.decode()

    assert "từ 31/12/2026 đến 31/03/2027" in html
    assert "Không đồng ý" in html and "Đề nghị hoàn thành đúng hạn" in html


def test_assignment_page_offers_forms_to_the_units_people_only(
    inspector, make_user, city, unit_a, focal_a
):
    chairman = make_user("chutich", unit=city, role="head")
    assignment = assign(inspector, unit_a)
    submit_url = reverse("directives:report-submit", args=[assignment.pk])

    assert submit_url in client_for(focal_a).get(assignment.get_absolute_url()).content.decode()
    for onlooker in (inspector, chairman):
        html = client_for(onlooker).get(assignment.get_absolute_url()).content.decode()
        assert submit_url not in html
        assert reverse("directives:extension-request", args=[assignment.pk]) not in html


def test_assignment_page_offers_no_extension_form_while_a_request_is_pending(
    inspector, unit_a, focal_a
):
    assignment = assign(inspector, unit_a)
    services.extension_request(
        actor=focal_a,
        assignment=assignment,
        requested_deadline=datetime.date(2027, 1, 31),
        reason="Thiếu nhân lực",
    )

    html = client_for(focal_a).get(assignment.get_absolute_url()).content.decode()

    assert reverse("directives:extension-request", args=[assignment.pk]) not in html
    assert "Chờ quyết định" in html


# --------------------------------------------------------------------------- visibility and CSRF


@pytest.mark.parametrize(
    "url_name,method",
    [
        ("assignment-detail", "get"),
        ("assignment-detail", "post"),
        ("report-submit", "get"),
        ("report-submit", "post"),
        ("extension-request", "get"),
        ("extension-request", "post"),
    ],
)
def test_other_units_assignments_answer_404_on_every_url(
    url_name, method, inspector, unit_a, head_b, outsider
):
    assignment = assign(inspector, unit_a)
    url = reverse(f"directives:{url_name}", args=[assignment.pk])
    data = {
        "body": "x",
        "submission_token": str(uuid.uuid4()),
        "requested_deadline": "31/01/2027",
        "reason": "x",
    }

    for stranger in (head_b, outsider):
        response = getattr(client_for(stranger), method)(url, data if method == "post" else None)
        assert response.status_code == 404, stranger
    assert not ProgressReport.objects.exists() and not ExtensionRequest.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login_page(inspector, unit_a):
    assignment = assign(inspector, unit_a)

    response = client_for(None).get(assignment.get_absolute_url())

    assert response.status_code == 302 and reverse("units:login") in response["Location"]


# --------------------------------------------------------------------------- cancelling an assignment


def test_the_inspectorate_cancels_an_assignment_with_a_reason_the_page_and_timeline_tell(
    on_21_november_2026, inspector, unit_a, head_a
):
    assignment = assign(inspector, unit_a, title="Việc giao nhầm")
    url = reverse("directives:assignment-cancel", args=[assignment.pk])
    page = client_for(inspector).get(assignment.get_absolute_url()).content.decode()
    assert url in page  # the form is offered to the inspectorate

    response = client_for(inspector).post(
        url, {"reason": "Giao nhầm đơn vị, đúng ra là Sở Tài chính"}, follow=True
    )

    assignment.refresh_from_db()
    assert (assignment.state, assignment.cancelled_by, assignment.cancel_reason) == (
        "cancelled",
        inspector,
        "Giao nhầm đơn vị, đúng ra là Sở Tài chính",
    )
    html = response.content.decode()
    assert f"Đã hủy giao nhiệm vụ cho {unit_a}." in html
    assert "Hủy giao nhiệm vụ. Lý do: Giao nhầm đơn vị, đúng ra là Sở Tài chính" in html
    assert url not in html  # nothing left to cancel
    head_page = client_for(head_a).get(assignment.get_absolute_url()).content.decode()
    assert "Lý do: Giao nhầm đơn vị" in head_page and url not in head_page


def test_a_cancel_without_a_reason_is_refused_in_vietnamese_and_changes_nothing(
    on_21_november_2026, inspector, unit_a
):
    assignment = assign(inspector, unit_a)

    response = client_for(inspector).post(
        reverse("directives:assignment-cancel", args=[assignment.pk]),
        {"reason": "   "},
        follow=True,
    )

    assert "Ghi lý do hủy giao nhiệm vụ." in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.state == "assigned" and assignment.cancelled_at is None


def test_completed_work_cannot_be_cancelled(on_21_november_2026, inspector, unit_a, head_a):
    assignment = assign(inspector, unit_a)
    report = services.report_submit(
        actor=head_a, assignment=assignment, body="Đã xong", claims_completion=True
    )
    services.report_review(actor=inspector, report=report, decision="accept")

    response = client_for(inspector).post(
        reverse("directives:assignment-cancel", args=[assignment.pk]),
        {"reason": "Nhầm"},
        follow=True,
    )

    assert "Nhiệm vụ đã hoàn thành, không thể hủy." in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.state == "completed" and assignment.cancel_reason == ""


@pytest.mark.parametrize("who", ["head_a", "focal_a", "head_b"])
def test_units_cannot_cancel_assignments(on_21_november_2026, request, inspector, unit_a, who):
    assignment = assign(inspector, unit_a)

    response = client_for(request.getfixturevalue(who)).post(
        reverse("directives:assignment-cancel", args=[assignment.pk]), {"reason": "Không muốn làm"}
    )

    assert response.status_code == 404
    assignment.refresh_from_db()
    assert assignment.state == "assigned"


def test_cancelling_needs_the_csrf_token(on_21_november_2026, inspector, unit_a):
    assignment = assign(inspector, unit_a)
    client = client_for(inspector)
    client.handler.enforce_csrf_checks = True

    response = client.post(
        reverse("directives:assignment-cancel", args=[assignment.pk]), {"reason": "Nhầm"}
    )

    assert response.status_code == 403
    assignment.refresh_from_db()
    assert assignment.state == "assigned"
