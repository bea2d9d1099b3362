"""Password reset by mail: one short-lived link, the same answer for any address, throttles."""

import re

import pytest

from audit.models import SecurityEvent
from tests.accounts.conftest import PASSWORD, browser, later, sign_in
from tests.directives.reminder_helpers import text_part

pytestmark = pytest.mark.django_db
Kind = SecurityEvent.Kind
NEW = "Bau-troi-xanh-ngat-2027"


def ask(client, email):
    return client.post("/quen-mat-khau/", {"email": email})


def link_in(sink) -> str:
    body = text_part(sink.messages[-1]["message"])
    return re.search(r"http://[^\s]+/dat-lai-mat-khau/[^\s]+/", body).group(0).split("8000", 1)[-1]


def set_password(client, link, password=NEW):
    landing = client.get(link)
    assert landing.status_code == 302  # Django moves the token out of the address
    form = client.get(landing["Location"])
    return form, client.post(
        landing["Location"], {"new_password1": password, "new_password2": password}
    )


def test_a_reset_link_sets_a_new_password_once(head_a, sink, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    c = browser()
    response = ask(c, "gd.a@example.vn")
    assert response.status_code == 302 and response["Location"] == "/quen-mat-khau/da-gui/"
    assert len(sink.messages) == 1 and sink.messages[0]["to"] == ["gd.a@example.vn"]
    assert "Đặt lại mật khẩu" in sink.messages[0]["subject"]
    link = link_in(sink)

    form, done = set_password(c, link)
    assert 'name="new_password1"' in form.content.decode()
    assert done.status_code == 302 and done["Location"] == "/dat-lai-mat-khau/xong/"
    assert sign_in(browser(), "gd.a", NEW).status_code == 302

    reused = browser()
    again = reused.get(link, follow=True)
    assert 'id="invalid-link"' in again.content.decode()
    kinds = list(SecurityEvent.objects.values_list("kind", flat=True))
    assert Kind.PASSWORD_RESET_REQUESTED in kinds and Kind.PASSWORD_RESET_DONE in kinds


def test_an_expired_link_is_refused(head_a, sink, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    ask(browser(), "gd.a@example.vn")
    link = link_in(sink)
    with later(minutes=settings.PASSWORD_RESET_TIMEOUT // 60 + 1):
        page = browser().get(link, follow=True)
    assert 'id="invalid-link"' in page.content.decode()
    assert sign_in(browser(), "gd.a", PASSWORD).status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_mail(head_a, sink):
    known, unknown = ask(browser(), "gd.a@example.vn"), ask(browser(), "khong-co@example.vn")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [m["to"] for m in sink.messages] == [["gd.a@example.vn"]]
    page = browser().get(unknown["Location"]).content.decode()
    assert "Nếu địa chỉ này thuộc một tài khoản PCTS" in page


def test_requests_are_throttled_per_address_silently(head_a, sink, settings):
    settings.PCTS_RESET_RATE_PER_ADDRESS = "2/h"
    answers = [ask(browser(f"198.51.100.{n}"), "GD.A@example.vn").status_code for n in range(4)]
    assert answers == [302] * 4
    assert len(sink.messages) == 2


def test_requests_are_throttled_per_client_address(head_a, sink, settings):
    settings.PCTS_RESET_RATE_PER_IP = "3/h"
    c = browser("203.0.113.5")
    answers = [ask(c, f"nguoi{n}@example.vn").status_code for n in range(4)]
    assert answers == [302, 302, 302, 429]
    assert "Quá nhiều yêu cầu" in ask(c, "gd.a@example.vn").content.decode()
    assert sink.messages == []
