"""What an administrator sees: the built-in abbreviations, the reminder values in force, axes in Vietnamese."""

from django.test import Client

from directives.models import IssuerCode, ReminderPolicy


def admin_client(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


def test_the_built_in_issuer_abbreviations_are_rows_the_admin_can_edit(admin_user):
    assert IssuerCode.objects.filter(code="TU", name="Tỉnh ủy, Thành ủy").exists()
    assert IssuerCode.objects.count() >= 40

    html = admin_client(admin_user).get("/admin/directives/issuercode/?q=UBND").content.decode()
    assert "UBND" in html and "Ủy ban nhân dân" in html


def test_the_reminder_settings_open_on_the_defaults_in_force_when_none_is_saved(admin_user):
    client = admin_client(admin_user)
    response = client.get("/admin/directives/reminderpolicy/", follow=True)

    assert response.redirect_chain[-1][0] == "/admin/directives/reminderpolicy/add/"
    html = response.content.decode()
    assert "đang áp dụng các giá trị mặc định" in html
    assert 'value="7,3,1"' in html.replace(", ", ",")
    assert ReminderPolicy.objects.count() == 0


def test_the_lockout_pages_speak_vietnamese(admin_user):
    html = admin_client(admin_user).get("/admin/axes/accessattempt/").content.decode()
    assert "lượt thử đăng nhập" in html.lower()
    assert "Access attempts" not in html
