"""Forwarded headers (X-Forwarded-Proto, X-Forwarded-For, X-Request-ID) count only from trusted proxies."""

import pytest
from django.urls import reverse

from accounts.client_ip import client_ip

pytestmark = pytest.mark.django_db

LOGIN = "accounts:login"


@pytest.fixture
def https_redirect(settings):
    settings.SECURE_SSL_REDIRECT = True


def test_x_forwarded_proto_from_a_trusted_proxy_makes_the_request_secure(
    client, settings, https_redirect
):
    settings.PCTS_TRUSTED_PROXIES = ["10.0.0.0/24"]
    response = client.get(
        reverse(LOGIN), HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="10.0.0.5", secure=False
    )
    assert response.status_code == 200


def test_x_forwarded_proto_from_anyone_else_is_ignored(client, settings, https_redirect):
    settings.PCTS_TRUSTED_PROXIES = ["10.0.0.0/24"]
    response = client.get(reverse(LOGIN), HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="10.0.1.5")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_x_forwarded_proto_is_ignored_when_no_proxy_is_configured(client, settings, https_redirect):
    settings.PCTS_TRUSTED_PROXIES = []
    response = client.get(reverse(LOGIN), HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301


def test_the_request_id_of_a_trusted_proxy_is_kept(client, settings):
    settings.PCTS_TRUSTED_PROXIES = ["10.0.0.5"]
    response = client.get(reverse(LOGIN), HTTP_X_REQUEST_ID="proxy-abc-123", REMOTE_ADDR="10.0.0.5")
    assert response["X-Request-ID"] == "proxy-abc-123"


def test_the_request_id_of_a_client_is_replaced(client, settings):
    settings.PCTS_TRUSTED_PROXIES = ["10.0.0.5"]
    response = client.get(reverse(LOGIN), HTTP_X_REQUEST_ID="chosen-by-me", REMOTE_ADDR="10.0.9.9")
    assert response["X-Request-ID"] != "chosen-by-me"
    assert len(response["X-Request-ID"]) == 32


def test_a_garbled_request_id_from_a_proxy_is_replaced(client, settings):
    settings.PCTS_TRUSTED_PROXIES = ["10.0.0.5"]
    response = client.get(reverse(LOGIN), HTTP_X_REQUEST_ID="a b\r\nc", REMOTE_ADDR="10.0.0.5")
    assert response["X-Request-ID"] != "a b\r\nc"


def test_the_client_address_is_the_forwarded_one_only_behind_a_trusted_proxy(rf, settings):
    settings.PCTS_TRUSTED_PROXIES = ["10.0.0.5"]
    behind = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.7")
    direct = rf.get("/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_ip(behind) == "203.0.113.7"
    assert client_ip(direct) == "198.51.100.1"
