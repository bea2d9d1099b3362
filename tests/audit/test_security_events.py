"""Security events: sign-in and out, failures, lockouts, exports and admin actions are recorded."""

import datetime

import pytest
from django.test import Client

from audit.models import AuditEvent, SecurityEvent
from directives.models import Holiday

Kind = SecurityEvent.Kind
PASSWORD = "Mat-khau-dai-2026"  # tests/conftest.py's make_user


def client():
    return Client(headers={"X-Forwarded-Proto": "https"}, REMOTE_ADDR="203.0.113.7")


def sign_in(c, username, password=PASSWORD):
    return c.post("/dang-nhap/", {"username": username, "password": password})


def kinds():
    return list(SecurityEvent.objects.order_by("id").values_list("kind", "username"))


@pytest.mark.django_db
def test_sign_in_failure_and_sign_out_are_recorded_with_the_client_address(head_a):
    c = client()
    assert sign_in(c, head_a.username, "sai-mat-khau").status_code == 200
    assert sign_in(c, head_a.username).status_code == 302
    c.post("/dang-xuat/")

    assert kinds() == [
        (Kind.LOGIN_FAILED, head_a.username),
        (Kind.LOGIN, head_a.username),
        (Kind.LOGOUT, head_a.username),
    ]
    login = SecurityEvent.objects.get(kind=Kind.LOGIN)
    assert login.ip == "203.0.113.7" and login.user_id == head_a.pk
    # Each is a link of the audit chain too.
    assert AuditEvent.objects.filter(table_name="audit_securityevent", op="I").count() == 3


@pytest.mark.django_db
def test_a_lockout_is_recorded(head_a, settings):
    c = client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(c, head_a.username, "sai-mat-khau")
    assert SecurityEvent.objects.filter(kind=Kind.LOCKED_OUT, username=head_a.username).exists()


@pytest.mark.django_db
def test_an_export_is_recorded_with_its_file(leader):
    c = client()
    c.force_login(leader, backend="django.contrib.auth.backends.ModelBackend")
    response = c.get("/tong-hop/xuat.xlsx")
    assert response.status_code == 200
    export = SecurityEvent.objects.get(kind=Kind.EXPORT)
    assert export.user_id == leader.pk and export.detail["format"] == "xlsx"
    assert export.detail["file"].startswith("tong-hop-den-ngay")
    assert c.get("/tong-hop/xuat.doc").status_code == 404
    assert SecurityEvent.objects.filter(kind=Kind.EXPORT).count() == 1


@pytest.mark.django_db
def test_admin_changes_and_bulk_deletes_are_recorded(admin_user):
    days = [
        Holiday.objects.create(day=datetime.date(2031, 9, d), name=f"Nghỉ bù {d}") for d in (1, 2)
    ]
    c = client()
    c.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")
    response = c.post(
        "/admin/directives/holiday/",
        {"action": "delete_selected", "_selected_action": [h.pk for h in days], "post": "yes"},
    )
    assert response.status_code == 302

    actions = SecurityEvent.objects.filter(kind=Kind.ADMIN_ACTION)
    assert sorted(a.detail["object_id"] for a in actions) == sorted(str(h.pk) for h in days)
    assert {a.detail["action"] for a in actions} == {"delete"}
    assert {a.user_id for a in actions} == {admin_user.pk}
    deleted = AuditEvent.objects.filter(table_name="directives_holiday", op="D")
    assert sorted(e.row_pk for e in deleted) == sorted(str(h.pk) for h in days)
    assert {e.context.get("user") for e in deleted} == {admin_user.pk}
