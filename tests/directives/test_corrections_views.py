"""The correction screens: the task edit page, the directive edit page's symbol and files, warnings."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from directives import services
from directives.models import Assignment, Attachment, Directive, DirectiveLink, ExtensionRequest
from directives.services import corrections
from tests.directives.directive_helpers import PDF_BYTES, client_for, create_form, messages_of, url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def task(register, give, unit_a, unit_b):
    directive = register("31/KH-UBND", issued_on=datetime.date(2026, 1, 5), summary="Kế hoạch")
    return give(directive, unit_a, coordinating=[unit_b], deadline="30/06/2026")


def edit_data(task, **overrides):
    data = {
        "action": "task",
        "version": corrections.task_version(task),
        "title": task.title,
        "description": "",
        "deadline_text": "",
        "reason": "",
    }
    return {**data, **overrides}


# --------------------------------------------------------------------------- the task edit page


def test_the_task_edit_page_is_the_inspectorates_only(inspector, head_a, task):
    assert client_for(inspector).get(url("task-edit", task.pk)).status_code == 200
    assert client_for(head_a).get(url("task-edit", task.pk)).status_code == 404


def test_the_task_edit_form_shows_every_error_at_once_and_keeps_what_was_typed(
    inspector, task, unit_a
):
    response = client_for(inspector).post(
        url("task-edit", task.pk),
        edit_data(task, title="", description="Nội dung đã gõ", deadline_text="ngày 45/13/2026"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nhập tên nhiệm vụ." in html
    assert "Ghi lý do điều chỉnh thời hạn." in html
    form = response.context["form"]
    assert set(form.errors) == {"title", "deadline_text", "reason"}
    assert "Nội dung đã gõ" in html and "ngày 45/13/2026" in html
    task.refresh_from_db()
    assert task.title == "Tự kiểm tra việc kê khai tài sản"


def test_the_task_edit_page_saves_title_and_deadline_in_one_go(inspector, task, unit_a, unit_b):
    response = client_for(inspector).post(
        url("task-edit", task.pk),
        edit_data(
            task,
            title="Tự kiểm tra kê khai tài sản năm 2026",
            deadline_text="15/07/2026",
            reason="Văn bản đính chính",
            deadline_units=[str(unit_b.pk)],
        ),
        follow=True,
    )
    assert "Đã lưu điều chỉnh nhiệm vụ." in messages_of(response)
    task.refresh_from_db()
    assert task.title == "Tự kiểm tra kê khai tài sản năm 2026"
    assert task.assignments.get(unit=unit_b).effective_deadline == datetime.date(2026, 7, 15)
    assert task.assignments.get(unit=unit_a).effective_deadline == datetime.date(2026, 6, 30)


def test_two_staff_editing_at_once_the_second_sees_the_change_and_loses_nothing(inspector, task):
    client = client_for(inspector)
    opened = edit_data(task, title="Tên của cán bộ thứ hai")
    corrections.task_correct_text(
        actor=inspector, task=task, title="Tên của cán bộ thứ nhất", description=""
    )
    response = client.post(url("task-edit", task.pk), opened)
    html = response.content.decode()
    assert response.status_code == 200
    assert "vừa được người khác sửa" in html
    assert "Tên của cán bộ thứ nhất" in html  # the other's change
    assert "Tên của cán bộ thứ hai" in html  # what was typed
    task.refresh_from_db()
    assert task.title == "Tên của cán bộ thứ nhất"
    # The re-shown form carries the current version: saving again goes through.
    again = dict(opened, version=response.context["form"].data["version"])
    assert client.post(url("task-edit", task.pk), again).status_code == 302
    task.refresh_from_db()
    assert task.title == "Tên của cán bộ thứ hai"


def test_units_are_added_changed_and_removed_from_the_task_edit_page(
    inspector, task, unit_a, unit_b, make_unit, city
):
    client = client_for(inspector)
    unit_c = make_unit(parent=city)
    page = url("task-edit", task.pk)
    version = corrections.task_version

    added = client.post(
        page,
        {
            "action": "add",
            "add-version": version(task),
            "add-unit": unit_c.pk,
            "add-role": "coordinating",
        },
    )
    assert added.status_code == 302
    assert task.assignments.get(unit=unit_c).role == Assignment.Role.COORDINATING

    client.post(page, {"action": "lead", "lead-version": version(task), "lead-unit": unit_b.pk})
    assert task.assignments.get(role="lead").unit == unit_b

    removed = client.post(
        page,
        {
            "action": "remove",
            "remove-version": version(task),
            "remove-assignment": task.assignments.get(unit=unit_c).pk,
            "remove-reason": "Giao nhầm đơn vị",
        },
    )
    assert removed.status_code == 302
    assert task.assignments.get(unit=unit_c).state == Assignment.State.CANCELLED


def test_removing_the_only_lead_from_the_page_is_refused_with_a_sentence(inspector, task, unit_a):
    response = client_for(inspector).post(
        url("task-edit", task.pk),
        {
            "action": "remove",
            "remove-version": corrections.task_version(task),
            "remove-assignment": task.assignments.get(unit=unit_a).pk,
            "remove-reason": "Giao nhầm",
        },
    )
    assert response.status_code == 200
    assert "chủ trì duy nhất" in response.content.decode()
    assert task.assignments.get(unit=unit_a).state == Assignment.State.ASSIGNED


def test_a_closed_task_edit_page_says_so_and_a_post_is_refused(inspector, task):
    for assignment in task.assignments.order_by("-role"):
        services.assignment_cancel(actor=inspector, assignment=assignment, reason="Bỏ")
    client = client_for(inspector)
    assert "không sửa được nữa" in client.get(url("task-edit", task.pk)).content.decode()
    response = client.post(url("task-edit", task.pk), edit_data(task, title="Mới"))
    assert response.status_code == 200
    assert "không sửa được nữa" in response.content.decode()
    task.refresh_from_db()
    assert task.title != "Mới"


# --------------------------------------------------------------------------- the directive edit page


def directive_edit_data(directive, **overrides):
    data = {
        "raw_symbol": directive.symbol,
        "issued_on": directive.issued_on.strftime("%d/%m/%Y"),
        "issuer_name": directive.issuer_name,
        "signer": "",
        "summary": directive.summary,
        "body": "",
        "tracking_officer": "",
    }
    return {**data, **overrides}


def test_a_mistyped_symbol_is_corrected_in_place_and_its_links_kept(
    inspector, register, give, unit_a
):
    plan = register("160-KH/TU")
    letter = register("5064/UBND-TTTP", issued_on=datetime.date(2025, 9, 18))
    services.directive_link_add(actor=inspector, source=letter, target=plan, kind="implements")
    give(letter, unit_a)
    response = client_for(inspector).post(
        url("directive-edit", letter.pk), directive_edit_data(letter, raw_symbol="5046/ubnd-tttp")
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.symbol, letter.number, letter.issuer_code, letter.drafting_unit) == (
        "5046/UBND-TTTP",
        "5046",
        "UBND",
        "TTTP",
    )
    assert DirectiveLink.objects.get().source == letter
    assert letter.tasks.count() == 1
    assert "5046" in letter.search_text


def test_a_symbol_correction_that_duplicates_another_directive_is_refused(inspector, register):
    register("31/KH-UBND", issued_on=datetime.date(2025, 3, 1))
    typo = register("13/KH-UBND", issued_on=datetime.date(2025, 3, 1))
    response = client_for(inspector).post(
        url("directive-edit", typo.pk),
        directive_edit_data(typo, raw_symbol="31/KH-UBND", summary="Trích yếu mới"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "31/KH-UBND ngày 01/03/2025 đã được nhập" in html
    typo.refresh_from_db()
    assert (typo.symbol, typo.summary) == (
        "13/KH-UBND",
        "Kế hoạch thực hiện Kết luận về phòng, chống tham nhũng",
    )


def test_a_symbol_correction_losing_the_stroke_of_d_is_refused_as_the_same_document(
    inspector, register
):
    register("37-QĐ/TW", issued_on=datetime.date(2021, 10, 25))
    other = register("38-QĐ/TW", issued_on=datetime.date(2021, 10, 25))
    response = client_for(inspector).post(
        url("directive-edit", other.pk), directive_edit_data(other, raw_symbol="37-QD/TW")
    )
    assert "bị mất nét chữ Đ" in response.content.decode()
    other.refresh_from_db()
    assert other.symbol == "38-QĐ/TW"


def test_the_directive_edit_form_shows_a_bad_symbol_with_the_other_errors(inspector, register):
    directive = register()
    response = client_for(inspector).post(
        url("directive-edit", directive.pk),
        directive_edit_data(directive, raw_symbol="Số: /HC-TH", issued_on="31/02/2025", summary=""),
    )
    form = response.context["form"]
    assert {"raw_symbol", "issued_on", "summary"} <= set(form.errors)
    assert "dự thảo chưa có số" in " ".join(form.errors["raw_symbol"])


def test_the_registration_form_shows_a_bad_symbol_with_the_other_errors(inspector):
    response = client_for(inspector).post(
        url("directive-create"),
        create_form(raw_symbol="Số: /HC-TH", issued_on="31/02/2025", summary=""),
    )
    assert {"raw_symbol", "issued_on", "summary"} <= set(response.context["form"].errors)
    assert not Directive.objects.exists()


def test_files_are_added_and_removed_on_the_directive_edit_page(
    inspector, register, settings, django_capture_on_commit_callbacks
):
    directive = register()
    client = client_for(inspector)
    pdf = SimpleUploadedFile("ke-hoach.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(
        url("directive-edit", directive.pk), directive_edit_data(directive, attachments=[pdf])
    )
    assert response.status_code == 302
    assert Attachment.objects.get(directive=directive).original_name == "ke-hoach.pdf"
    with django_capture_on_commit_callbacks(execute=True):
        second = corrections.directive_attachments_change(
            actor=inspector,
            directive=directive,
            add=[SimpleUploadedFile("phu-luc.pdf", PDF_BYTES, content_type="application/pdf")],
        )
    stored = Attachment.objects.get(original_name="phu-luc.pdf")
    assert second.fields["added"] == ["phu-luc.pdf"]
    assert (settings.MEDIA_ROOT / stored.file.name).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("directive-edit", directive.pk),
            directive_edit_data(directive, remove_attachments=[stored.pk]),
        )
    assert response.status_code == 302
    assert list(directive.attachments.values_list("original_name", flat=True)) == ["ke-hoach.pdf"]
    assert not (settings.MEDIA_ROOT / stored.file.name).exists()


def test_a_file_refused_by_the_policy_saves_nothing_else(inspector, register):
    directive = register()
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client_for(inspector).post(
        url("directive-edit", directive.pk),
        directive_edit_data(directive, summary="Trích yếu mới", attachments=[fake]),
    )
    assert response.status_code == 200
    assert "attachments" in response.context["form"].errors
    directive.refresh_from_db()
    assert directive.summary != "Trích yếu mới"


# --------------------------------------------------------------------------- extension past the lead


def test_an_extension_for_a_coordinating_unit_past_the_leads_deadline_warns(
    inspector, head_b, task, unit_b
):
    part = task.assignments.get(unit=unit_b)
    request = services.extension_request(
        actor=head_b,
        assignment=part,
        requested_deadline=datetime.date(2026, 7, 31),
        reason="Chờ số liệu",
    )
    client = client_for(inspector)
    queue = client.get(url("review-queue")).content.decode()
    assert "Sau hạn của đơn vị chủ trì (30/06/2026)" in queue
    response = client.post(
        url("extension-decide", request.pk),
        {"decision": "approve", "deadline": "31/07/2026"},
        follow=True,
    )
    said = " ".join(messages_of(response))
    assert "Đã đồng ý gia hạn" in said
    assert "sau hạn của đơn vị chủ trì (30/06/2026)" in said
    request.refresh_from_db()
    assert request.state == ExtensionRequest.State.APPROVED


def test_an_extension_within_the_leads_deadline_does_not_warn(inspector, head_b, task, unit_b):
    corrections.task_correct_deadline(
        actor=inspector,
        task=task,
        deadline_text="15/06/2026",
        reason="Phối hợp gửi trước",
        units=[unit_b],
    )
    services.extension_request(
        actor=head_b,
        assignment=task.assignments.get(unit=unit_b),
        requested_deadline=datetime.date(2026, 6, 25),
        reason="Chờ số liệu",
    )
    assert (
        "Sau hạn của đơn vị chủ trì"
        not in client_for(inspector).get(url("review-queue")).content.decode()
    )
