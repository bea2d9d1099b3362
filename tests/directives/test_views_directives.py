"""The inspectorate registers, finds, links and splits directives in the browser; others get 404."""

import datetime
import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directives import services
from directives.models import Assignment, Attachment, Directive, DirectiveLink, Task

HTTPS = {"X-Forwarded-Proto": "https"}
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
VIETNAM = datetime.timezone(datetime.timedelta(hours=7))


def client_for(user, **kwargs) -> Client:
    """Return a client logged in as `user`, speaking HTTPS as it would behind the TLS proxy."""
    client = Client(headers=HTTPS, **kwargs)
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def url(name, *args):
    return reverse(f"directives:{name}", args=args)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def register(inspector):
    def make(
        symbol="160-KH/TU",
        issued_on=datetime.date(2025, 9, 6),
        summary="Kế hoạch thực hiện Kết luận về phòng, chống tham nhũng",
        **extra,
    ):
        return services.directive_create(
            actor=inspector, raw_symbol=symbol, issued_on=issued_on, summary=summary, **extra
        )

    return make


@pytest.fixture
def give(inspector):
    def make(
        directive,
        lead_unit,
        *,
        coordinating=(),
        deadline="31/12/2026",
        title="Tự kiểm tra việc kê khai tài sản",
    ):
        return services.task_create(
            actor=inspector,
            directive=directive,
            title=title,
            lead_unit=lead_unit,
            coordinating_units=coordinating,
            deadline_text=deadline,
        )

    return make


def create_form(**overrides):
    data = {
        "raw_symbol": "5046/UBND-TTTP",
        "issued_on": "18/09/2025",
        "issuer_name": "UBND thành phố",
        "signer": "Lê Quang Huy",
        "summary": "Triển khai Kế hoạch 160-KH/TU về phòng, chống tham nhũng",
        "body": "Giao các sở, ngành tổ chức tuyên truyền trong tháng 9/2023.",
        "tracking_officer": "",
        "links-TOTAL_FORMS": "2",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "30",
        "links-0-symbol": "",
        "links-0-issued_on": "",
        "links-0-kind": "implements",
        "links-1-symbol": "",
        "links-1-issued_on": "",
        "links-1-kind": "implements",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


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
    assert response.status_code == 302 and reverse("units:login") in response.url


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


# --------------------------------------------------------------------------- edit and links


def test_inspector_completes_a_stub_from_its_edit_page(inspector, register):
    letter = register("5046/UBND-TTTP", issued_on=datetime.date(2025, 9, 18))
    link = services.directive_link_add(
        actor=inspector, source=letter, target="160-KH/TU", kind="implements"
    )
    stub = link.target
    client = client_for(inspector)
    assert "chưa nhập đủ" in client.get(url("directive-detail", stub.pk)).content.decode()
    response = client.post(
        url("directive-edit", stub.pk),
        {
            "issued_on": "06/09/2025",
            "summary": "Kế hoạch thực hiện Kết luận",
            "issuer_name": "Ban Thường vụ Thành ủy",
            "signer": "",
            "body": "",
            "tracking_officer": "",
        },
    )
    assert response.status_code == 302
    stub.refresh_from_db()
    assert (stub.is_stub, stub.issued_on, stub.summary) == (
        False,
        datetime.date(2025, 9, 6),
        "Kế hoạch thực hiện Kết luận",
    )


def test_completing_a_stub_with_its_real_date_gives_it_the_real_identity(inspector, register):
    letter = register("5046/UBND-TTTP", issued_on=datetime.date(2025, 9, 18))
    stub = services.directive_link_add(
        actor=inspector, source=letter, target="160-KH/TU", kind="implements"
    ).target
    services.directive_update(
        actor=inspector, directive=stub, issued_on=datetime.date(2025, 9, 6), summary="Kế hoạch"
    )
    with pytest.raises(services.DuplicateDirective) as refused:
        register("160-KH/TU", issued_on=datetime.date(2025, 9, 6))
    assert refused.value.existing == stub


def test_an_edited_date_that_makes_a_registered_document_again_is_refused(inspector, register):
    first = register("31/KH-UBND", issued_on=datetime.date(2024, 3, 1))
    second = register("31/KH-UBND", issued_on=datetime.date(2025, 3, 1))
    response = client_for(inspector).post(
        url("directive-edit", second.pk),
        {"issued_on": "15/06/2024", "summary": "Đổi trích yếu", "issuer_name": "", "signer": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "31/KH-UBND ngày 01/03/2024 đã được nhập" in html
    second.refresh_from_db()
    assert (second.issued_on, second.summary) == (datetime.date(2025, 3, 1), first.summary)


def test_edit_with_an_impossible_date_saves_nothing(inspector, register):
    directive = register()
    response = client_for(inspector).post(
        url("directive-edit", directive.pk),
        {
            "issued_on": "31/02/2025",
            "summary": "Đổi trích yếu",
            "issuer_name": "",
            "signer": "",
            "body": "",
        },
    )
    assert "chỉ có 28 ngày" in response.content.decode()
    directive.refresh_from_db()
    assert directive.summary != "Đổi trích yếu"


def test_link_add_by_symbol_links_a_registered_directive(inspector, register):
    plan, letter = (
        register("160-KH/TU"),
        register("5046/UBND-TTTP", issued_on=datetime.date(2025, 9, 18)),
    )
    response = client_for(inspector).post(
        url("directive-link-add", letter.pk),
        {"symbol": "160-kh/tu", "kind": "based_on"},
        follow=True,
    )
    assert "Đã liên kết" in " ".join(messages_of(response))
    assert DirectiveLink.objects.get().target == plan
    assert Directive.objects.count() == 2


def test_link_add_answers_json_and_creates_a_stub_for_an_unregistered_symbol(inspector, register):
    letter = register("5046/UBND-TTTP", issued_on=datetime.date(2025, 9, 18))
    response = client_for(inspector).post(
        url("directive-link-add", letter.pk),
        {"symbol": "126/NQ-CP", "kind": "implements", "issued_on": "29/11/2017"},
        headers={"Accept": "application/json"},
    )
    data = response.json()
    assert data["ok"] is True
    assert data["link"]["kind"] == "implements"
    target = data["link"]["target"]
    assert (target["symbol"], target["is_stub"], target["issued_on"]) == (
        "126/NQ-CP",
        True,
        "29/11/2017",
    )
    assert target["url"] == Directive.objects.get(symbol="126/NQ-CP").get_absolute_url()


def test_link_add_with_a_bad_symbol_explains_and_saves_nothing(inspector, register):
    letter = register("5046/UBND-TTTP", issued_on=datetime.date(2025, 9, 18))
    client = client_for(inspector)
    response = client.post(
        url("directive-link-add", letter.pk),
        {"symbol": "Số: /HC-TH", "kind": "implements"},
        follow=True,
    )
    assert "dự thảo chưa có số" in " ".join(messages_of(response))
    json_response = client.post(
        url("directive-link-add", letter.pk),
        {"symbol": "abc", "kind": "implements"},
        headers={"Accept": "application/json"},
    )
    assert (
        json_response.status_code == 400
        and "không phải là số, ký hiệu" in json_response.json()["error"]
    )
    assert DirectiveLink.objects.count() == 0 and Directive.objects.count() == 1


# --------------------------------------------------------------------------- JSON endpoints


def test_symbol_parse_shows_parts_warnings_and_suggests_the_lost_stroke(inspector):
    data = (
        client_for(inspector)
        .get(url("symbol-parse"), {"symbol": "27-KH/DU", "issued_on": "01/03/2025"})
        .json()
    )
    assert data["ok"] is True
    assert (data["number"], data["doc_type"], data["type_name"], data["issuer"], data["track"]) == (
        "27",
        "KH",
        "Kế hoạch",
        "DU",
        "party",
    )
    assert any("ĐU" in w for w in data["warnings"])
    assert data["suggestions"] == ["27-KH/ĐU"]
    assert data["duplicate"] is None and data["date_error"] is None


def test_symbol_parse_points_at_the_registered_duplicate(inspector, register):
    existing = register("31/KH-UBND", issued_on=datetime.date(2026, 1, 5))
    data = (
        client_for(inspector)
        .get(url("symbol-parse"), {"symbol": "31/kh-ubnd", "issued_on": "10/02/2026"})
        .json()
    )
    assert data["duplicate"] == {
        "id": existing.pk,
        "symbol": "31/KH-UBND",
        "url": existing.get_absolute_url(),
    }


def test_symbol_parse_explains_a_bad_symbol_and_a_bad_date(inspector):
    client = client_for(inspector)
    bad = client.get(url("symbol-parse"), {"symbol": "Số: /HC-TH"}).json()
    assert bad["ok"] is False and "dự thảo chưa có số" in bad["error"]
    date = client.get(
        url("symbol-parse"), {"symbol": "160-KH/TU", "issued_on": "32/01/2025"}
    ).json()
    assert date["ok"] is True and "Ngày «32/01/2025»" in date["date_error"]


def test_references_find_lists_full_and_partial_references_and_which_are_registered(
    inspector, register
):
    plan = register("160-KH/TU", issued_on=datetime.date(2023, 9, 6))
    text = (
        "Thực hiện Kế hoạch số 160-KH/TU ngày 6-9-2023 của Ban Thường vụ Thành ủy, Nghị định 59/2019 "
        "và Công văn số 5046/UBND-TTTP ngày 18/9/2023."
    )
    client = client_for(inspector, enforce_csrf_checks=True)
    client.get(url("directive-create"))
    token = client.cookies["csrftoken"].value
    response = client.post(
        url("references-find"),
        json.dumps({"text": text}),
        content_type="application/json",
        headers={"X-CSRFToken": token, "Origin": "https://testserver"},
        secure=True,
    )
    assert response.status_code == 200
    refs = response.json()["references"]
    assert [r["symbol"] for r in refs] == ["160-KH/TU", None, "5046/UBND-TTTP"]
    first, partial, letter = refs
    assert (
        first["registered"]["url"] == plan.get_absolute_url() and first["issued_on"] == "06/09/2023"
    )
    assert (partial["partial"], partial["number"], partial["year"], partial["type_word"]) == (
        True,
        "59",
        2019,
        "Nghị định",
    )
    assert letter["registered"] is None and letter["kind"] == "letter"
    assert set(first) == {
        "symbol",
        "partial",
        "kind",
        "number",
        "year",
        "doc_type",
        "issuer",
        "issued_on",
        "type_word",
        "span",
        "registered",
    }


def test_references_find_needs_the_csrf_header_and_json(inspector):
    client = client_for(inspector, enforce_csrf_checks=True)
    no_token = client.post(
        url("references-find"), json.dumps({"text": "160-KH/TU"}), content_type="application/json"
    )
    assert no_token.status_code == 403
    plain = client_for(inspector).post(
        url("references-find"), "không phải json", content_type="application/json"
    )
    assert plain.status_code == 400 and plain.json()["ok"] is False


def test_deadline_preview_returns_the_computed_date_note_and_flag(inspector, register):
    directive = register("5046/UBND-TTTP", issued_on=datetime.date(2023, 9, 18))
    client = client_for(inspector)
    quarter = client.get(
        url("deadline-preview"), {"text": "trong quý III/2023", "directive": directive.pk}
    ).json()
    assert (
        quarter["ok"],
        quarter["due"],
        quarter["due_iso"],
        quarter["kind"],
        quarter["flagged"],
    ) == (True, "30/09/2023", "2023-09-30", "quarter", False)
    assert "30/09/2023" in quarter["note"]
    asap = client.get(
        url("deadline-preview"), {"text": "khẩn trương", "directive": directive.pk}
    ).json()
    assert (asap["due"], asap["flagged"]) == ("25/09/2023", True)
    early = client.get(
        url("deadline-preview"), {"text": "15/08/2023", "directive": directive.pk}
    ).json()
    assert early["ok"] is False and "trước ngày ban hành văn bản 18/09/2023" in early["error"]
    nonsense = client.get(
        url("deadline-preview"), {"text": "bla bla", "directive": directive.pk}
    ).json()
    assert nonsense["ok"] is False and "Không hiểu thời hạn" in nonsense["error"]
    assert (
        client.get(
            url("deadline-preview"), {"text": "ngay", "directive": directive.pk + 99}
        ).status_code
        == 404
    )


def test_unit_search_is_accent_insensitive_in_vietnamese_order_and_at_most_20(inspector, make_unit):
    for name in [
        "UBND phường Đống Đa",
        "UBND phường Ba Đình",
        "UBND phường Ánh Dương",
        "UBND phường Ân Thi",
    ]:
        make_unit(name, kind="ward")
    make_unit("UBND quận Đống Đa", kind="district", valid_to=datetime.date(2025, 6, 30))
    for n in range(25):
        make_unit(f"Sở thử {n:02d}")
    client = client_for(inspector)
    found = client.get(url("unit-search"), {"q": "dong da"}).json()["results"]
    assert [r["text"] for r in found] == ["UBND phường Đống Đa"]
    assert set(found[0]) == {"value", "text"}
    wards = [
        r["text"] for r in client.get(url("unit-search"), {"q": "ubnd phuong"}).json()["results"]
    ]
    assert wards == [
        "UBND phường Ánh Dương",
        "UBND phường Ân Thi",
        "UBND phường Ba Đình",
        "UBND phường Đống Đa",
    ]
    assert len(client.get(url("unit-search"), {"q": "so thu"}).json()["results"]) == 20


def test_unit_search_answers_404_to_a_scope_it_does_not_know_or_a_dashboard_the_user_lacks(
    inspector, head_a, focal_a
):
    assert client_for(inspector).get(url("unit-search"), {"scope": "all"}).status_code == 404
    assert client_for(focal_a).get(url("unit-search"), {"scope": "dashboard"}).status_code == 404
    assert client_for(head_a).get(url("unit-search"), {"scope": "dashboard"}).status_code == 200


# --------------------------------------------------------------------------- tasks


def task_form(lead, coordinating=(), deadline="trong quý IV/2025", **extra):
    return {
        "title": "Tuyên truyền, phổ biến Kế hoạch",
        "description": "",
        "lead_unit": str(lead.pk),
        "coordinating_units": [str(u.pk) for u in coordinating],
        "deadline_text": deadline,
        **extra,
    }


def test_inspector_splits_a_directive_into_a_task_with_lead_and_coordinating_units(
    inspector, register, unit_a, unit_b
):
    directive = register("5046/UBND-TTTP", issued_on=datetime.date(2025, 9, 18))
    response = client_for(inspector).post(
        url("task-create", directive.pk), task_form(unit_a, [unit_b])
    )
    task = Task.objects.get()
    assert response.status_code == 302 and response.url == task.get_absolute_url()
    roles = {
        a.unit_id: (a.role, a.effective_deadline, a.deadline_text) for a in task.assignments.all()
    }
    assert roles == {
        unit_a.pk: (Assignment.Role.LEAD, datetime.date(2025, 12, 31), "trong quý IV/2025"),
        unit_b.pk: (Assignment.Role.COORDINATING, datetime.date(2025, 12, 31), "trong quý IV/2025"),
    }


def test_task_form_offers_units_in_vietnamese_order(inspector, register, unit_a, unit_b, make_unit):
    make_unit("Ban Nội chính Thành ủy", kind="party")
    directive = register()
    html = client_for(inspector).get(url("task-create", directive.pk)).content.decode()
    assert (
        html.index("Ban Nội chính Thành ủy") < html.index("Sở Nội vụ") < html.index("Sở Tài chính")
    )
    assert "task_form.js" in html


@pytest.mark.parametrize(
    "deadline,message",
    [
        ("15/08/2025", "trước ngày ban hành văn bản 18/09/2025"),
        ("bla bla", "Không hiểu thời hạn «bla bla»"),
        ("", "Nhập thời hạn; nhiệm vụ không có hạn thì ghi «thường xuyên»."),
    ],
)
def test_bad_deadline_is_shown_on_its_field_and_saves_nothing(
    inspector, register, unit_a, deadline, message
):
    directive = register("5046/UBND-TTTP", issued_on=datetime.date(2025, 9, 18))
    response = client_for(inspector).post(
        url("task-create", directive.pk), task_form(unit_a, deadline=deadline)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["deadline_text"])
    assert Task.objects.count() == 0


def test_dissolved_unit_cannot_be_given_a_new_task(inspector, register, make_unit, unit_a):
    district = make_unit(
        "UBND quận Hoàn Kiếm", kind="district", valid_to=datetime.date(2025, 6, 30)
    )
    directive = register()
    client = client_for(inspector)
    lead = client.post(url("task-create", directive.pk), task_form(district))
    assert "đã giải thể" in " ".join(lead.context["form"].errors["lead_unit"])
    helper = client.post(url("task-create", directive.pk), task_form(unit_a, [district]))
    assert "đã giải thể" in " ".join(helper.context["form"].errors["coordinating_units"])
    assert Task.objects.count() == 0 and Assignment.objects.count() == 0


def test_preview_button_shows_the_computed_deadline_without_saving(inspector, register, unit_a):
    directive = register("5046/UBND-TTTP", issued_on=datetime.date(2023, 9, 18))
    response = client_for(inspector).post(
        url("task-create", directive.pk), task_form(unit_a, deadline="khẩn trương", preview="1")
    )
    html = response.content.decode()
    assert "Hạn tính được: 25/09/2023" in html and "cần xác nhận" in html
    assert Task.objects.count() == 0


def test_stub_directive_must_be_completed_before_tasks_are_given(inspector, register, unit_a):
    letter = register("5046/UBND-TTTP", issued_on=datetime.date(2025, 9, 18))
    stub = services.directive_link_add(
        actor=inspector, source=letter, target="160-KH/TU", kind="implements"
    ).target
    response = client_for(inspector).post(
        url("task-create", stub.pk), task_form(unit_a, deadline="31/12/2026")
    )
    assert "Hãy bổ sung thông tin văn bản trước khi giao nhiệm vụ." in response.content.decode()
    assert Task.objects.count() == 0
