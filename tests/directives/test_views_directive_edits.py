"""The inspectorate edits directives, links them to others and splits them into tasks."""

import datetime

import pytest

from directives import services
from directives.models import Assignment, Directive, DirectiveLink, Task
from tests.directives.directive_helpers import client_for, messages_of, url


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


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
