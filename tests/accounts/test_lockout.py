"""Lockout: per (username, address), a cap per address, the client address behind a proxy."""

import pytest
from django.test import RequestFactory

from accounts.client_ip import client_ip
from audit.models import SecurityEvent
from tests.accounts.conftest import browser, sign_in

pytestmark = pytest.mark.django_db
Kind = SecurityEvent.Kind
PROXY = "10.0.0.5"
WRONG = "sai-mat-khau-roi"


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_forwarded_for_is_read_only_from_a_trusted_proxy(settings):
    settings.PCTS_TRUSTED_PROXIES = ["10.0.0.0/24", "2001:db8::1"]
    assert client_ip(request_from("203.0.113.9", "1.2.3.4")) == "203.0.113.9"  # spoofed: ignored
    assert client_ip(request_from(PROXY, "198.51.100.7")) == "198.51.100.7"
    # Only the entries our proxies appended count: the client's own claim to the left is not read.
    assert client_ip(request_from(PROXY, "1.2.3.4, 198.51.100.7, 10.0.0.9")) == "198.51.100.7"
    assert client_ip(request_from("2001:db8::1", "2001:db8::77")) == "2001:db8::77"
    assert client_ip(request_from(PROXY, "garbage")) == PROXY
    assert client_ip(request_from(PROXY)) == PROXY


def test_without_trusted_proxies_the_address_is_remote_addr(settings):
    settings.PCTS_TRUSTED_PROXIES = []
    assert client_ip(request_from(PROXY, "198.51.100.7")) == PROXY


def test_five_failures_lock_the_username_from_that_address_only(head_a, settings):
    attacker = browser("203.0.113.66")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(attacker, "gd.a", WRONG)
    locked = sign_in(attacker, "gd.a")  # even the right password
    assert locked.status_code == 429
    # The owner, from another address, still signs in.
    assert sign_in(browser("198.51.100.20"), "gd.a").status_code == 302
    assert SecurityEvent.objects.filter(kind=Kind.LOCKED_OUT, username="gd.a").exists()


def test_behind_the_proxy_one_client_cannot_lock_a_leader_out_for_everyone(leader, settings):
    settings.PCTS_TRUSTED_PROXIES = [PROXY]
    attacker = browser(PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        sign_in(attacker, "lanhdao", WRONG)
    assert sign_in(attacker, "lanhdao").status_code == 429
    owner = browser(PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert sign_in(owner, "lanhdao").status_code == 302
    event = SecurityEvent.objects.filter(kind=Kind.LOCKED_OUT).first()
    assert event.ip == "203.0.113.66"


def test_a_spray_over_many_usernames_from_one_address_is_stopped(make_user, settings):
    settings.PCTS_LOGIN_IP_FAILURE_LIMIT = 20
    names = [f"canbo{n}" for n in range(12)]
    for name in names:
        make_user(name)
    sprayer = browser("203.0.113.99")
    answers = [sign_in(sprayer, name, f"doan-{k}").status_code for k in range(4) for name in names]
    # The 20th failure locks the address (its answer is the lockout page): 29 of the 48 stopped.
    assert answers[:19] == [200] * 19
    assert set(answers[19:]) == {429}
    # A right password from that address is refused too, until the cool-off or an unlock.
    assert sign_in(sprayer, "canbo0").status_code == 429
    assert sign_in(browser("198.51.100.20"), "canbo0").status_code == 302


def test_the_form_shows_the_attempts_left(head_a, settings):
    c = browser()
    html = sign_in(c, "gd.a", WRONG).content.decode()
    assert "Còn 4 lần thử" in html
    for _ in range(2):
        sign_in(c, "gd.a", WRONG)
    assert "Còn 1 lần thử" in sign_in(c, "gd.a", WRONG).content.decode()


def test_the_lockout_page_says_how_long_and_links_back_to_sign_in(head_a, settings):
    c = browser()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(c, "gd.a", WRONG)
    html = response.content.decode()
    assert response.status_code == 429
    assert "30 phút" in html and 'href="/dang-nhap/"' in html and 'href="/quen-mat-khau/"' in html


def test_an_admin_unlocks_a_user(admin_user, head_a, settings):
    c = browser("203.0.113.66")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(c, "gd.a", WRONG)
    assert sign_in(c, "gd.a").status_code == 429

    admin = browser()
    admin.force_login(admin_user)
    response = admin.post(
        "/admin/units/user/",
        {"action": "unlock_sign_in", "_selected_action": [head_a.pk]},
    )
    assert response.status_code == 302
    assert sign_in(c, "gd.a").status_code == 302
    unlocked = SecurityEvent.objects.get(kind=Kind.UNLOCKED)
    assert unlocked.user_id == admin_user.pk and unlocked.detail["target"] == "gd.a"
