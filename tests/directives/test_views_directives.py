"""The inspectorate registers, finds and reads directives in the browser; others get 404."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directives import services
from directives.models import Attachment, Directive, DirectiveLink, Task
from tests.directives.directive_helpers import PDF_BYTES, VIETNAM, client_for, create_form, url


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# --------------------------------------------------------------------------- list


def test_inspector_sees_symbol_type_date_issuer_and_task_counts(
    inspector, register, give, unit_a, unit_b
):
    directive = register()
    give(directive, unit_a, coordinating=[unit_b])
    response = client_for(inspector).get(url("directive-list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "160-KH/TU" in html and "06/09/2025" in html and "Kế hoạch" in html
    assert "Nhập văn bản" in html
    row = response.context["page"][0]
    assert (row.task_count, row.open_count) == (1, 2)


def test_unit_people_list_only_directives_given_to_their_unit(
    head_a, register, give, unit_a, unit_b
):
    mine, theirs = (
        register("160-KH/TU"),
        register("31/KH-UBND", issued_on=datetime.date(2026, 1, 5)),
    )
    give(mine, unit_a)
    give(theirs, unit_b)
    html = client_for(head_a).get(url("directive-list")).content.decode()
    assert "160-KH/TU" in html
    assert "31/KH-UBND" not in html
    assert "Nhập văn bản" not in html


def test_leader_reads_every_directive_but_cannot_register_one(leader, register):
    register()
    client = client_for(leader)
    html = client.get(url("directive-list")).content.decode()
    assert "160-KH/TU" in html and "Nhập văn bản" not in html
    assert client.get(url("directive-create")).status_code == 404


def test_search_ignores_diacritics(inspector, register):
    register("160-KH/TU", summary="Kế hoạch về phòng, chống tham nhũng, tiêu cực")
    register("10-CTr/TU", summary="Chương trình thực hành tiết kiệm, chống lãng phí")
    html = (
        client_for(inspector)
        .get(url("directive-list"), {"q": "ke hoach tham nhung"})
        .content.decode()
    )
    assert "160-KH/TU" in html
    assert "10-CTr/TU" not in html


def test_list_filters_by_track_and_year(inspector, register):
    register("160-KH/TU", issued_on=datetime.date(2025, 9, 6))
    register("31/KH-UBND", issued_on=datetime.date(2026, 1, 5))
    client = client_for(inspector)
    party = client.get(url("directive-list"), {"track": "party"}).content.decode()
    assert "160-KH/TU" in party and "31/KH-UBND" not in party
    year = client.get(url("directive-list"), {"year": "2026"}).content.decode()
    assert "31/KH-UBND" in year and "160-KH/TU" not in year


def test_classified_directive_shows_only_the_paper_file_placeholder(inspector, register):
    register("12-CV/TU", summary="Nội dung không được lưu", is_classified=True)
    html = client_for(inspector).get(url("directive-list")).content.decode()
    assert "Văn bản mật – hồ sơ giấy" in html
    assert "Nội dung không được lưu" not in html


@pytest.mark.parametrize("persona", ["inspector", "head_a"])
def test_list_query_count_does_not_grow_with_rows(request, persona, inspector, unit_a):
    user = request.getfixturevalue(persona)

    def add(count, start):
        for n in range(start, start + count):
            directive = services.directive_create(
                actor=inspector,
                raw_symbol=f"{n}/KH-UBND",
                issued_on=datetime.date(2025, 3, 1),
                summary=f"Kế hoạch số {n}",
            )
            services.task_create(
                actor=inspector,
                directive=directive,
                title="Nhiệm vụ",
                lead_unit=unit_a,
                deadline_text="31/12/2026",
            )

    client = client_for(user)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url("directive-list"))
        assert response.status_code == 200
        return len(captured), len(response.context["page"].object_list)

    add(5, 1)
    client.get(url("directive-list"))  # warm the per-process caches once
    few, rows_few = queries()
    add(45, 6)
    many, rows_many = queries()
    assert (rows_few, rows_many) == (5, 25)
    assert few == many


# --------------------------------------------------------------------------- register


def test_inspector_registers_a_directive_with_a_file_and_a_link_to_an_unregistered_document(
    inspector,
):
    data = create_form(
        **{
            "tracking_officer": str(inspector.pk),
            "links-0-symbol": "160-KH/TU",
            "links-0-issued_on": "06/09/2025",
        }
    )
    data["attachments"] = [
        SimpleUploadedFile("5046.pdf", PDF_BYTES, content_type="application/pdf")
    ]
    response = client_for(inspector).post(url("directive-create"), data)
    directive = Directive.objects.get(symbol="5046/UBND-TTTP")
    assert response.status_code == 302 and response.url == directive.get_absolute_url()
    assert directive.issued_on == datetime.date(2025, 9, 18)
    assert (directive.signer, directive.tracking_officer) == ("Lê Quang Huy", inspector)
    assert directive.attachments.get().original_name == "5046.pdf"
    link = DirectiveLink.objects.get(source=directive)
    assert (link.kind, link.target.symbol, link.target.is_stub) == ("implements", "160-KH/TU", True)
    assert link.target.issued_on == datetime.date(2025, 9, 6)


@time_machine.travel(datetime.datetime(2026, 6, 1, 9, tzinfo=VIETNAM), tick=False)
@pytest.mark.parametrize(
    "typed,expected",
    [("25/03/2026", datetime.date(2026, 3, 25)), ("05/03/2026", datetime.date(2026, 3, 5))],
)
def test_issue_date_is_read_day_first(inspector, typed, expected):
    response = client_for(inspector).post(
        url("directive-create"), create_form(raw_symbol="31/KH-UBND", issued_on=typed)
    )
    assert response.status_code == 302
    assert Directive.objects.get().issued_on == expected


def test_unparseable_symbol_shows_the_parser_message_and_saves_nothing(inspector):
    response = client_for(inspector).post(url("directive-create"), create_form(raw_symbol="abc"))
    assert response.status_code == 200
    assert "không phải là số, ký hiệu văn bản" in response.content.decode()
    assert Directive.objects.count() == 0


def test_bad_issue_date_is_explained_in_vietnamese(inspector):
    response = client_for(inspector).post(
        url("directive-create"), create_form(issued_on="31/02/2025")
    )
    assert "không tồn tại: tháng 2 năm 2025 chỉ có 28 ngày" in response.content.decode()
    assert Directive.objects.count() == 0


def test_duplicate_is_refused_with_a_link_to_the_registered_directive(inspector, register):
    existing = register("160-KH/TU", issued_on=datetime.date(2025, 9, 6))
    response = client_for(inspector).post(
        url("directive-create"), create_form(raw_symbol="160-kh/tu", issued_on="20/09/2025")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Văn bản 160-KH/TU ngày 06/09/2025 đã được nhập." in html
    assert f'href="{existing.get_absolute_url()}"' in html
    assert Directive.objects.count() == 1


@pytest.mark.parametrize("extra", [{"body": "Nội dung mật"}, {"body": "", "attachments": "file"}])
def test_classified_directive_with_body_or_file_is_refused(inspector, extra):
    data = create_form(is_classified="on", **{k: v for k, v in extra.items() if k != "attachments"})
    if "attachments" in extra:
        data["attachments"] = [
            SimpleUploadedFile("mat.pdf", PDF_BYTES, content_type="application/pdf")
        ]
    response = client_for(inspector).post(url("directive-create"), data)
    assert "Văn bản mật không được lưu nội dung hoặc tệp" in response.content.decode()
    assert Directive.objects.count() == 0
    assert Attachment.objects.count() == 0


def test_file_that_is_not_a_document_is_refused_on_the_attachments_field(inspector):
    data = create_form()
    data["attachments"] = [
        SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    ]
    response = client_for(inspector).post(url("directive-create"), data)
    assert "không phải tệp .pdf như tên tệp ghi" in str(
        response.context["form"].errors["attachments"]
    )
    assert Directive.objects.count() == 0


def test_unreadable_link_symbol_saves_nothing(inspector):
    response = client_for(inspector).post(
        url("directive-create"), create_form(**{"links-0-symbol": "Kế hoạch 845"})
    )
    assert response.status_code == 200
    assert response.context["links"].forms[0].errors["symbol"]
    assert Directive.objects.count() == 0


def test_post_without_csrf_token_is_refused(inspector):
    client = client_for(inspector, enforce_csrf_checks=True)
    response = client.post(url("directive-create"), create_form())
    assert response.status_code == 403
    assert Directive.objects.count() == 0


# --------------------------------------------------------------------------- who may do what


@pytest.mark.parametrize("persona", ["head_a", "focal_a", "outsider", "leader"])
@pytest.mark.parametrize(
    "method,name,needs_directive",
    [
        ("get", "directive-create", False),
        ("get", "directive-edit", True),
        ("post", "directive-edit", True),
        ("get", "task-create", True),
        ("post", "task-create", True),
        ("post", "directive-link-add", True),
        ("get", "symbol-parse", False),
        ("post", "references-find", False),
        ("get", "deadline-preview", False),
    ],
)
def test_only_the_inspectorate_reaches_its_screens(
    request, persona, method, name, needs_directive, register, give, unit_a
):
    directive = register()
    give(directive, unit_a)
    client = client_for(request.getfixturevalue(persona))
    target = url(name, directive.pk) if needs_directive else url(name)
    params = (
        {"directive": directive.pk, "text": "khẩn trương"} if name == "deadline-preview" else {}
    )
    response = getattr(client, method)(target, params)
    assert response.status_code == 404
    assert Task.objects.count() == 1 and DirectiveLink.objects.count() == 0


@pytest.mark.parametrize("persona", ["head_a", "outsider"])
def test_another_units_directive_answers_404(request, persona, register, give, unit_b):
    directive = register()
    give(directive, unit_b)
    assert (
        client_for(request.getfixturevalue(persona))
        .get(url("directive-detail", directive.pk))
        .status_code
        == 404
    )


def test_anonymous_visitor_is_sent_to_the_login_page(register):
    response = client_for(None).get(url("directive-list"))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


# --------------------------------------------------------------------------- detail


def test_detail_shows_header_chain_and_matrix_coloured_by_timeliness(
    inspector, register, give, unit_a, unit_b
):
    plan = register("160-KH/TU", issued_on=datetime.date(2025, 9, 6))
    letter = register("5046/UBND-TTTP", issued_on=datetime.date(2025, 9, 18), signer="Lê Quang Huy")
    services.directive_link_add(actor=inspector, source=letter, target=plan, kind="implements")
    urgent = give(
        letter,
        unit_a,
        coordinating=[unit_b],
        deadline="khẩn trương",
        title="Tuyên truyền trong tháng",
    )
    later = (datetime.date.today() + datetime.timedelta(days=60)).strftime("%d/%m/%Y")
    give(letter, unit_b, deadline=later, title="Tự kiểm tra nội bộ")
    html = client_for(inspector).get(url("directive-detail", letter.pk)).content.decode()
    assert "ngày 18 tháng 9 năm 2025" in html and "Lê Quang Huy" in html and "Công văn" in html
    assert 'id="chain-up"' in html and plan.get_absolute_url() in html
    lead = urgent.assignments.get(unit=unit_a)
    assert lead.get_absolute_url() in html
    assert "t-overdue" in html and "t-in_progress" in html
    assert "cần xác nhận" in html
    assert ">CT</a>" in html and ">PH</a>" in html
    down = client_for(inspector).get(url("directive-detail", plan.pk)).content.decode()
    assert 'id="chain-down"' in down and letter.get_absolute_url() in down


def test_matrix_query_count_does_not_grow_with_tasks_and_units(
    inspector, register, give, make_unit, unit_a
):
    small, big = register("1/KH-UBND"), register("2/KH-UBND")
    give(small, unit_a)
    units = [make_unit(f"Phường {n}") for n in range(4)]
    for n in range(5):
        give(
            big,
            units[n % 4],
            coordinating=[u for u in units if u != units[n % 4]],
            title=f"Việc {n}",
        )
    client = client_for(inspector)

    def queries(directive):
        with CaptureQueriesContext(connection) as captured:
            html = client.get(url("directive-detail", directive.pk)).content.decode()
        return len(captured), html.count('class="t-')

    (few, small_cells), (many, big_cells) = queries(small), queries(big)

    assert (small_cells, big_cells) == (1, 20)
    assert few == many


def test_unit_people_see_only_their_part_of_the_matrix(head_a, register, give, unit_a, unit_b):
    directive = register()
    give(directive, unit_a, title="Việc của Sở Nội vụ")
    give(directive, unit_b, title="Việc của Sở Tài chính")
    response = client_for(head_a).get(url("directive-detail", directive.pk))
    html = response.content.decode()
    assert "Việc của Sở Nội vụ" in html and "Việc của Sở Tài chính" not in html
    assert [u.pk for u in response.context["units"]] == [unit_a.pk]
    assert "Giao nhiệm vụ" not in html


def test_detail_links_attachments_to_the_download_view(inspector, register):
    directive = register(
        files=[SimpleUploadedFile("ke-hoach.pdf", PDF_BYTES, content_type="application/pdf")]
    )
    html = client_for(inspector).get(url("directive-detail", directive.pk)).content.decode()
    assert url("attachment-download", directive.attachments.get().pk) in html
