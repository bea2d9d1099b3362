"""A user sees their own sessions on the profile, ends one or all others; the number is capped."""

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session

from accounts.models import SignIn
from accounts.testing import authenticator_for, totp_code
from audit.models import SecurityEvent
from tests.accounts.conftest import PAGE, browser, enter_code, later, sign_in

pytestmark = pytest.mark.django_db
PROFILE = "/tai-khoan/"
CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


def signed_in(username, ip, agent=CHROME):
    client = browser(ip, HTTP_USER_AGENT=agent)
    assert sign_in(client, username).status_code == 302
    return client


def rows(html: str) -> list[str]:
    return re.findall(r'<tr class="session-row[^"]*" data-session="([0-9a-f-]+)"', html)


def test_the_profile_lists_each_session_and_ends_another_one(head_a):
    office = signed_in("gd.a", "198.51.100.10")
    home = signed_in("gd.a", "203.0.113.7", FIREFOX)
    html = office.get(PROFILE).content.decode()
    listed = rows(html)
    assert len(listed) == 2
    assert "Chrome · Windows" in html and "Firefox · Linux" in html and "203.0.113.7" in html
    this = SignIn.objects.get(session_key=office.session.session_key)
    assert re.search(rf'table-info" data-session="{this.pk}"', html)
    other = SignIn.objects.get(session_key=home.session.session_key)
    ended = office.post(f"/tai-khoan/phien/{other.pk}/ket-thuc/")
    assert ended.status_code == 302 and ended["Location"] == PROFILE
    assert home.get(PAGE)["Location"].startswith("/dang-nhap/")
    assert office.get(PAGE).status_code == 200
    assert rows(office.get(PROFILE).content.decode()) == [str(this.pk)]
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SESSION_ENDED)
    assert event.user_id == head_a.pk and event.detail == {"why": "user", "count": 1}


def test_anothers_session_or_this_one_answers_404_and_a_get_changes_nothing(head_a, head_b):
    mine = signed_in("gd.a", "198.51.100.10")
    theirs = signed_in("gd.b", "198.51.100.11")
    their_row = SignIn.objects.get(session_key=theirs.session.session_key)
    my_row = SignIn.objects.get(session_key=mine.session.session_key)
    assert mine.post(f"/tai-khoan/phien/{their_row.pk}/ket-thuc/").status_code == 404
    assert mine.post(f"/tai-khoan/phien/{my_row.pk}/ket-thuc/").status_code == 404
    assert mine.get(f"/tai-khoan/phien/{my_row.pk}/ket-thuc/").status_code == 405
    assert theirs.get(PAGE).status_code == 200 and SignIn.objects.count() == 2


def test_ending_every_other_session_keeps_this_one(head_a):
    clients = [signed_in("gd.a", f"198.51.100.{n}") for n in (20, 21, 22)]
    response = clients[0].post("/tai-khoan/phien/ket-thuc-khac/", follow=True)
    assert "Đã kết thúc 2 phiên đăng nhập khác." in response.content.decode()
    assert [c.get(PAGE).status_code for c in clients] == [200, 302, 302]
    assert SignIn.objects.count() == 1


def test_a_sign_in_beyond_the_cap_ends_the_oldest(head_a, settings):
    settings.PCTS_MAX_SESSIONS_PER_USER = 2
    first = signed_in("gd.a", "198.51.100.30")
    with later(seconds=5):
        second = signed_in("gd.a", "198.51.100.31")
    with later(seconds=10):
        third = signed_in("gd.a", "198.51.100.32")
        assert first.get(PAGE).status_code == 302
        assert second.get(PAGE).status_code == 200 and third.get(PAGE).status_code == 200
    assert len(rows(third.get(PROFILE).content.decode())) == 2
    capped = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SESSION_ENDED)
    assert capped.detail == {"why": "cap", "count": 1}
    assert "tối đa 2 phiên đăng nhập cùng lúc" in third.get(PROFILE).content.decode()


def test_the_row_follows_the_session_through_the_second_factor(leader):
    device = authenticator_for(leader)
    client = browser()
    sign_in(client, "lanhdao")
    before = client.session.session_key
    with later(seconds=2):
        assert enter_code(client, totp_code(device), PROFILE)["Location"] == PROFILE
        after = client.session.session_key
        assert after != before
        assert SignIn.objects.get(user=leader).session_key == after
        html = client.get(PROFILE).content.decode()
    assert len(rows(html)) == 1 and "Phiên này" in html


def test_a_password_change_and_a_sign_out_leave_no_session_listed(head_a):
    stays = signed_in("gd.a", "198.51.100.40")
    goes = signed_in("gd.a", "198.51.100.41")
    changed = stays.post(
        "/tai-khoan/mat-khau/",
        {
            "old_password": "Mat-khau-dai-2026",
            "new_password1": "Bau-troi-xanh-ngat-2027",
            "new_password2": "Bau-troi-xanh-ngat-2027",
        },
    )
    assert changed.status_code == 302
    assert goes.get(PAGE).status_code == 302
    assert not Session.objects.filter(session_key=goes.session.session_key).exists()
    assert SignIn.objects.count() == 1
    stays.post("/dang-xuat/")
    assert SignIn.objects.count() == 0


def test_a_password_of_digits_only_is_allowed_asvs_6_2_5(head_a):
    validate_password("4829173650194", user=head_a)  # raises if any composition rule applies
