"""Sessions: the idle and absolute timeouts, password change, re-authentication, the profile."""

import pytest

from accounts.testing import authenticator_for, totp_code
from audit.models import SecurityEvent
from tests.accounts.conftest import PAGE, PASSWORD, browser, enter_code, later, sign_in

pytestmark = pytest.mark.django_db
Kind = SecurityEvent.Kind


def test_an_idle_session_ends(head_a, settings):
    settings.PCTS_SESSION_IDLE_MINUTES = 30
    c = browser()
    sign_in(c, "gd.a")
    with later(minutes=20):
        assert c.get(PAGE).status_code == 200
    with later(minutes=45):  # 25 idle minutes after the last request
        assert c.get(PAGE).status_code == 200
    with later(minutes=80):
        response = c.get("/viec-cua-toi/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")
    assert c.get(PAGE).status_code == 302
    expired = SecurityEvent.objects.get(kind=Kind.SESSION_EXPIRED)
    assert expired.user_id == head_a.pk and expired.detail["why"] == "idle"


def test_a_busy_session_still_ends_at_the_absolute_limit(head_a, settings):
    settings.PCTS_SESSION_IDLE_MINUTES = 30
    settings.SESSION_COOKIE_AGE = 3600
    c = browser()
    sign_in(c, "gd.a")
    for minutes in (20, 40, 55):
        with later(minutes=minutes):
            assert c.get(PAGE).status_code == 200
    with later(minutes=65):
        assert c.get(PAGE).status_code == 302
    assert SecurityEvent.objects.get(kind=Kind.SESSION_EXPIRED).detail["why"] == "absolute"


def test_changing_the_password_ends_every_other_session(head_a):
    here, elsewhere = browser(), browser("198.51.100.77")
    sign_in(here, "gd.a")
    sign_in(elsewhere, "gd.a")
    new = "Bau-troi-xanh-ngat-2027"
    response = here.post(
        "/tai-khoan/mat-khau/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert here.get(PAGE).status_code == 200
    assert elsewhere.get(PAGE).status_code == 302
    assert SecurityEvent.objects.filter(kind=Kind.PASSWORD_CHANGED, user_id=head_a.pk).exists()


def test_a_breached_password_is_refused_on_change(head_a):
    c = browser()
    sign_in(c, "gd.a")
    response = c.post(
        "/tai-khoan/mat-khau/",
        {"old_password": PASSWORD, "new_password1": "iloveyou123", "new_password2": "iloveyou123"},
    )
    assert response.status_code == 200 and "lộ lọt" in response.content.decode()


def test_the_profile_saves_name_and_phone_and_asks_again_for_a_new_email(head_a):
    c = browser()
    sign_in(c, "gd.a")
    page = c.get("/tai-khoan/").content.decode()
    assert "Chưa bật" in page
    saved = c.post(
        "/tai-khoan/", {"full_name": "Nguyễn Văn A", "email": "gd.a@example.vn", "phone": "0912"}
    )
    assert saved.status_code == 302
    head_a.refresh_from_db()
    assert (head_a.full_name, head_a.phone) == ("Nguyễn Văn A", "0912")

    asked = c.post(
        "/tai-khoan/", {"full_name": "Nguyễn Văn A", "email": "moi@example.vn", "phone": "0912"}
    )
    assert asked.status_code == 302 and asked["Location"].startswith("/tai-khoan/xac-nhan-lai/")
    head_a.refresh_from_db()
    assert head_a.email == "gd.a@example.vn"
    assert c.post(asked["Location"], {"password": PASSWORD}).status_code == 302
    c.post("/tai-khoan/", {"full_name": "Nguyễn Văn A", "email": "moi@example.vn", "phone": "0912"})
    head_a.refresh_from_db()
    assert head_a.email == "moi@example.vn"


def test_role_changes_in_the_admin_ask_for_reauthentication(admin_user, head_a):
    device = authenticator_for(admin_user)
    c = browser()
    sign_in(c, "quantri")
    enter_code(c, totp_code(device))
    change = f"/admin/units/user/{head_a.pk}/change/"
    asked = c.get(change)
    assert asked.status_code == 302 and asked["Location"].startswith("/tai-khoan/xac-nhan-lai/")
    refused = c.post(asked["Location"], {"password": "sai-roi", "code": totp_code(device)})
    assert refused.status_code == 200
    back = c.post(
        asked["Location"], {"password": PASSWORD, "code": totp_code(device), "next": change}
    )
    assert back["Location"] == change
    assert c.get(change).status_code == 200
    assert c.get("/admin/auth/group/add/").status_code == 200
    with later(minutes=11):
        assert c.get(change).status_code == 302
    assert SecurityEvent.objects.filter(kind=Kind.REAUTHENTICATED).count() == 1


def test_an_admin_ends_every_session_of_a_user(admin_user, head_a, focal_a):
    laptop, phone, other = browser(), browser("198.51.100.77"), browser()
    sign_in(laptop, "gd.a")
    sign_in(phone, "gd.a")
    sign_in(other, "daumoi.a")
    admin = browser()
    admin.force_login(admin_user)
    response = admin.post(
        "/admin/units/user/", {"action": "end_sessions", "_selected_action": [head_a.pk]}
    )
    assert response.status_code == 302
    assert laptop.get(PAGE).status_code == 302 and phone.get(PAGE).status_code == 302
    assert other.get(PAGE).status_code == 200 and admin.get("/admin/").status_code == 200
    assert SecurityEvent.objects.get(kind=Kind.SESSIONS_ENDED).detail["target"] == "gd.a"
