"""The admin makes tokens (key shown once, after re-authentication) and registers webhooks."""

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from accounts.reauth import REAUTH_AT
from api.models import ApiToken, Webhook, WebhookDelivery
from tests.directives.assignment_helpers import assign

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    session = client.session
    session[REAUTH_AT] = timezone.now().timestamp()
    session.save()
    return client


def test_the_admin_asks_for_reauthentication_before_a_token(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/api/apitoken/add/")
    assert response.status_code == 302 and "xac-nhan-lai" in response["Location"]


def test_the_admin_makes_a_token_for_a_user_and_shows_the_key_once(admin_client, head_a):
    response = admin_client.post(
        "/admin/api/apitoken/add/", {"user": head_a.pk, "name": "Trục liên thông", "days": 30}
    )
    assert response.status_code == 302
    token = ApiToken.objects.get()
    assert token.user == head_a and token.created_by.username == "quantri"
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    [message] = [m for m in messages if "pcts_" in m]
    key = message.rsplit(" ", 1)[-1]
    assert key.startswith(f"pcts_{token.prefix}_")
    assert key in admin_client.get(response["Location"]).content.decode()  # the next page shows it
    change = admin_client.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()
    assert key not in change and token.prefix in change


def test_the_admin_registers_a_webhook_that_then_gets_events(admin_client, inspector, unit_a):
    response = admin_client.post(
        "/admin/api/webhook/add/",
        {
            "name": "Hệ thống giao việc TP",
            "url": "https://giaoviec.example.vn/pcts",
            "secret": "bi-mat",
            "kinds": ["assigned", "report_submitted"],
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Webhook.objects.get().kinds == ["assigned", "report_submitted"]
    assign(inspector, unit_a)
    assert WebhookDelivery.objects.count() == 1
    assert admin_client.get("/admin/api/webhookdelivery/").status_code == 200
    row = WebhookDelivery.objects.get()
    assert admin_client.get(f"/admin/api/webhookdelivery/{row.pk}/change/").status_code == 200
