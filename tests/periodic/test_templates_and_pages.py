"""Task templates copied to every department or commune in one step; the staff's periodic pages."""

import datetime

import pytest
import time_machine

from directives.models import Assignment, Task
from periodic.models import Recurrence, TaskTemplate
from tests.periodic.helpers import at, client_for, make_directive

D = datetime.date


@pytest.fixture
def clock():
    with time_machine.travel(at(D(2026, 12, 1)), tick=False) as traveller:
        yield traveller


@pytest.fixture
def template(db):
    template = TaskTemplate.objects.create(name="Kế hoạch PCTN hằng năm")
    template.items.create(position=1, title="Báo cáo công tác PCTN theo kỳ", cadence="quarterly")
    template.items.create(
        position=2, title="Ban hành kế hoạch PCTN của đơn vị", deadline_text="trong quý I/2027"
    )
    return template


@pytest.fixture
def units(make_unit, city, unit_a, unit_b):
    ward = make_unit("UBND phường Hoàn Kiếm", kind="ward", parent=city)
    commune = make_unit("UBND xã Sóc Sơn", kind="commune", parent=city)
    make_unit("Sở cũ", parent=city, valid_to=D(2025, 6, 30))
    return {"departments": [unit_a, unit_b], "communes": [ward, commune]}


def test_the_preview_says_what_will_be_created_and_saves_nothing(inspector, template, units, clock):
    directive = make_directive(inspector)
    response = client_for(inspector).post(
        f"/van-ban/{directive.pk}/nhiem-vu-mau/",
        {"template": template.pk, "kinds": ["department", "commune"], "preview": "1"},
    )
    html = response.content.decode()
    assert "Sẽ giao 8 nhiệm vụ: 2 nhiệm vụ mẫu × 4 đơn vị." in html
    assert "Sở cũ" not in html  # dissolved
    assert not directive.tasks.exists()


def test_one_post_copies_every_standard_task_to_every_department(inspector, template, units, clock):
    directive = make_directive(inspector)
    response = client_for(inspector).post(
        f"/van-ban/{directive.pk}/nhiem-vu-mau/",
        {"template": template.pk, "kinds": ["department"], "apply": "1"},
        follow=True,
    )
    assert "Đã giao 4 nhiệm vụ theo mẫu" in response.content.decode()
    series = Recurrence.objects.filter(task__directive=directive)
    assert sorted(r.lead_unit.name for r in series) == sorted(u.name for u in units["departments"])
    one_off = Assignment.objects.filter(
        task__directive=directive, task__title="Ban hành kế hoạch PCTN của đơn vị"
    )
    assert {a.effective_deadline for a in one_off} == {D(2027, 3, 31)}
    assert {a.unit for a in one_off} == set(units["departments"])
    # Each unit's quarterly series has its current quarter open.
    assert Assignment.objects.filter(task__occurrence__recurrence__in=series).count() == 2


def test_communes_take_wards_communes_and_special_zones(inspector, template, units, clock):
    directive = make_directive(inspector)
    client_for(inspector).post(
        f"/van-ban/{directive.pk}/nhiem-vu-mau/",
        {"template": template.pk, "kinds": ["commune"], "apply": "1"},
    )
    leads = set(
        Assignment.objects.filter(task__directive=directive).values_list("unit__name", flat=True)
    )
    assert leads == {"UBND phường Hoàn Kiếm", "UBND xã Sóc Sơn"}


def test_a_template_whose_item_fails_saves_nothing(inspector, template, units, clock):
    template.items.create(position=3, title="Hạn hỏng", deadline_text="ngày 45/13/2027")
    directive = make_directive(inspector)
    response = client_for(inspector).post(
        f"/van-ban/{directive.pk}/nhiem-vu-mau/",
        {"template": template.pk, "kinds": ["department"], "apply": "1"},
    )
    assert "Nhiệm vụ mẫu “Hạn hỏng”" in response.content.decode()
    assert not Task.objects.filter(directive=directive).exists()


def test_units_cannot_apply_templates(head_a, inspector, template, units, clock):
    directive = make_directive(inspector)
    response = client_for(head_a).post(
        f"/van-ban/{directive.pk}/nhiem-vu-mau/",
        {"template": template.pk, "kinds": ["department"], "apply": "1"},
    )
    assert response.status_code == 404
    assert not directive.tasks.exists()


def test_the_staff_create_a_periodic_task_and_see_its_periods(inspector, unit_a, clock):
    directive = make_directive(inspector)
    detail = client_for(inspector).get(directive.get_absolute_url()).content.decode()
    assert f"/van-ban/{directive.pk}/dinh-ky/them/" in detail
    response = client_for(inspector).post(
        f"/van-ban/{directive.pk}/dinh-ky/them/",
        {
            "title": "Báo cáo PCTN 6 tháng và năm",
            "lead_unit": unit_a.pk,
            "cadence": "half_yearly",
            "windows": "report",
            "starts_on": "01/12/2026",
            "deadline_working_days": "5",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Đã giao nhiệm vụ định kỳ" in html
    assert "Năm 2026 (kỳ báo cáo PCTN 15/12/2025 – 14/12/2026)" in html
    assert "6 tháng đầu năm 2027" in html and "Năm 2027" in html


def test_a_start_before_today_is_refused_on_the_form_with_nothing_saved(inspector, unit_a, clock):
    directive = make_directive(inspector)
    response = client_for(inspector).post(
        f"/van-ban/{directive.pk}/dinh-ky/them/",
        {
            "title": "Báo cáo PCTN",
            "lead_unit": unit_a.pk,
            "cadence": "quarterly",
            "windows": "report",
            "starts_on": "01/06/2026",
            "deadline_working_days": "5",
        },
    )
    assert "định kỳ sẽ sinh các kỳ trước khi có nhiệm vụ" in response.content.decode()
    assert not directive.tasks.exists()


def test_the_series_page_speaks_english_too(inspector, unit_a, clock):
    from tests.periodic.helpers import quarterly

    recurrence = quarterly(inspector, unit_a)
    client = client_for(inspector)
    client.cookies["django_language"] = "en"
    html = client.get(
        recurrence.get_absolute_url(), headers={"Accept-Language": "en"}
    ).content.decode()
    assert "Periods" in html and "Nothing to report" in html and "Các kỳ" not in html
