"""Two-factor sign-in: enrolment on first sign-in, codes, backup codes, the admin, who needs it."""

import base64
import re

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.testing import authenticator_for, totp_code
from accounts.twofactor import new_backup_codes
from audit.models import SecurityEvent
from tests.accounts.conftest import PAGE, browser, enter_code, later, sign_in

Kind = SecurityEvent.Kind
pytestmark = pytest.mark.django_db


def events(user):
    return list(
        SecurityEvent.objects.filter(user_id=user.pk).order_by("id").values_list("kind", flat=True)
    )


def test_staff_enrol_on_first_sign_in_and_then_reach_their_pages(inspector):
    c = browser()
    response = sign_in(c, "thanhtra")
    assert response.status_code == 302
    home = c.get(PAGE)
    assert home.status_code == 302 and home["Location"].startswith("/tai-khoan/hai-lop/dang-ky/")

    page = c.get(home["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and 'id="totp-secret"' in html
    device = TOTPDevice.objects.get(user=inspector, confirmed=False)
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    assert base64.b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key

    wrong = c.post("/tai-khoan/hai-lop/dang-ky/", {"code": "000000"})
    assert wrong.status_code == 200 and "Mã không đúng" in wrong.content.decode()
    assert c.get(PAGE).status_code == 302  # still not through

    with later(seconds=2):  # past the throttle's wait after one failure
        done = c.post("/tai-khoan/hai-lop/dang-ky/", {"code": totp_code(device)})
    codes = re.findall(r'<li class="col">([a-z2-7]{8})</li>', done.content.decode())
    assert done.status_code == 200 and len(codes) == 10
    assert c.get(PAGE).status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert Kind.OTP_ENROLLED in events(inspector) and Kind.BACKUP_CODES_NEW in events(inspector)


def test_a_password_alone_never_enrols_a_second_device(inspector):
    authenticator_for(inspector)
    c = browser()
    sign_in(c, "thanhtra")
    response = c.get("/tai-khoan/hai-lop/dang-ky/")
    assert response.status_code == 302 and response["Location"].startswith(
        "/dang-nhap/ma-xac-thuc/"
    )
    assert TOTPDevice.objects.filter(user=inspector).count() == 1


def test_sign_in_with_the_second_factor(leader):
    device = authenticator_for(leader)
    c = browser()
    assert sign_in(c, "lanhdao")["Location"] == "/"
    to_code = c.get("/tong-hop/")
    assert to_code.status_code == 302
    assert to_code["Location"] == "/dang-nhap/ma-xac-thuc/?next=%2Ftong-hop%2F"

    wrong = enter_code(c, "123456", "/tong-hop/")
    assert wrong.status_code == 200 and "Mã không đúng" in wrong.content.decode()
    with later(seconds=2):
        ok = enter_code(c, totp_code(device), "/tong-hop/")
        assert ok.status_code == 302 and ok["Location"] == "/tong-hop/"
        assert c.get("/tong-hop/").status_code == 200
    assert events(leader) == [Kind.LOGIN, Kind.OTP_FAILED, Kind.OTP_VERIFIED]


def test_a_code_works_once(leader):
    device = authenticator_for(leader)
    code = totp_code(device)
    first, second = browser(), browser()
    sign_in(first, "lanhdao")
    assert enter_code(first, code).status_code == 302
    sign_in(second, "lanhdao")
    assert enter_code(second, code).status_code == 200
    assert second.get(PAGE).status_code == 302


def test_sign_in_without_the_second_factor_stops_at_the_code_page(leader):
    authenticator_for(leader)
    c = browser()
    sign_in(c, "lanhdao")
    for path in ("/", "/tong-hop/", "/api/don-vi/?q=so", "/tai-khoan/", "/admin/"):
        response = c.get(path)
        assert response.status_code == 302 and response["Location"].startswith(
            "/dang-nhap/ma-xac-thuc/"
        )


def test_unit_people_sign_in_with_a_password_alone(head_a):
    c = browser()
    assert sign_in(c, "gd.a").status_code == 302
    assert c.get(PAGE).status_code == 200
    assert not TOTPDevice.objects.filter(user=head_a).exists()


def test_unit_people_may_enrol_and_are_then_asked_for_a_code(head_a):
    c = browser()
    sign_in(c, "gd.a")
    c.get("/tai-khoan/hai-lop/dang-ky/")
    device = TOTPDevice.objects.get(user=head_a)
    assert c.post("/tai-khoan/hai-lop/dang-ky/", {"code": totp_code(device)}).status_code == 200

    again = browser()
    sign_in(again, "gd.a")
    assert again.get(PAGE)["Location"].startswith("/dang-nhap/ma-xac-thuc/")
    assert enter_code(again, totp_code(device)).status_code == 302
    assert again.get(PAGE).status_code == 200


def test_a_backup_code_signs_in_once(inspector):
    authenticator_for(inspector)
    codes = new_backup_codes(inspector)
    c = browser()
    sign_in(c, "thanhtra")
    used = enter_code(c, codes[0].upper()[:4] + " " + codes[0][4:])  # as typed from paper
    assert used.status_code == 302
    assert StaticToken.objects.filter(device__user=inspector).count() == 9
    assert Kind.BACKUP_CODE_USED in events(inspector)

    again = browser()
    sign_in(again, "thanhtra")
    assert enter_code(again, codes[0]).status_code == 200
    assert again.get(PAGE).status_code == 302


def test_new_backup_codes_replace_the_old_ones_after_reauthentication(inspector):
    device = authenticator_for(inspector)
    old = new_backup_codes(inspector)
    c = browser()
    sign_in(c, "thanhtra")
    enter_code(c, totp_code(device))
    asked = c.post("/tai-khoan/hai-lop/ma-du-phong/")
    assert asked.status_code == 302 and asked["Location"].startswith("/tai-khoan/xac-nhan-lai/")
    confirmed = c.post(
        asked["Location"],
        {"password": "Mat-khau-dai-2026", "code": totp_code(device), "next": "/tai-khoan/"},
    )
    assert confirmed.status_code == 302 and confirmed["Location"] == "/tai-khoan/"
    page = c.post("/tai-khoan/hai-lop/ma-du-phong/")
    new = re.findall(r'<li class="col">([a-z2-7]{8})</li>', page.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert set(
        StaticToken.objects.filter(device__user=inspector).values_list("token", flat=True)
    ) == set(new)


def test_the_admin_requires_a_verified_session(admin_user):
    c = browser()
    sign_in(c, "quantri")
    response = c.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(
        "/tai-khoan/hai-lop/dang-ky/"
    )
    verified = browser()
    verified.force_login(admin_user)  # tests/conftest.py: verified by the persona's authenticator
    assert verified.get("/admin/").status_code == 200
    # The admin's own sign-in page gives way to the site's.
    assert browser().get("/admin/login/?next=/admin/")["Location"] == "/dang-nhap/?next=/admin/"
