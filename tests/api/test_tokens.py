"""Token lifecycle: hashed at rest, shown once, expiring, revocable, rate-limited; made after re-auth."""

import datetime
import hashlib

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.reauth import REAUTH_AT
from api import tokens
from api.models import ApiToken

pytestmark = pytest.mark.django_db


def test_only_the_hash_of_the_key_is_stored(head_a):
    token, key = tokens.token_create(actor=head_a, user=head_a, name="VPĐT", days=30)
    token.refresh_from_db()
    assert key.startswith(f"pcts_{token.prefix}_")
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert not [name for name, value in row.items() if key in str(value)]


def test_a_token_is_refused_once_expired(api, head_a, key_for, client):
    key = key_for(head_a, days=1)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get("/api/v1/directives/", **auth).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, seconds=1)):
        assert client.get("/api/v1/directives/", **auth).status_code == 401


def test_a_revoked_token_is_refused_at_once(head_a, client):
    token, key = tokens.token_create(actor=head_a, user=head_a, name="VPĐT", days=30)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get("/api/v1/directives/", **auth).status_code == 200
    tokens.token_revoke(actor=head_a, token=token)
    assert client.get("/api/v1/directives/", **auth).status_code == 401


def test_an_inactive_users_token_is_refused(head_a, key_for, client):
    key = key_for(head_a)
    head_a.is_active = False
    head_a.save()
    assert client.get("/api/v1/directives/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_last_used_time_is_kept(head_a, client):
    token, key = tokens.token_create(actor=head_a, user=head_a, name="VPĐT", days=30)
    assert token.last_used_at is None
    client.get("/api/v1/units/", HTTP_AUTHORIZATION=f"Bearer {key}")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_rate_is_counted_per_token(settings, head_a, key_for, client):
    settings.PCTS_API_RATE = "3/m"
    first, second = key_for(head_a), key_for(head_a)
    codes = [
        client.get("/api/v1/units/", HTTP_AUTHORIZATION=f"Bearer {first}").status_code
        for _ in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    assert client.get("/api/v1/units/", HTTP_AUTHORIZATION=f"Bearer {second}").status_code == 200


def test_nobody_makes_a_token_for_someone_else_but_an_admin(head_a, head_b, admin_user):
    with pytest.raises(Exception, match="quản trị"):
        tokens.token_create(actor=head_a, user=head_b, name="x", days=30)
    token, _key = tokens.token_create(actor=admin_user, user=head_b, name="x", days=30)
    assert token.user == head_b


def test_the_profile_page_asks_for_reauthentication_before_making_a_token(client, head_a):
    client.force_login(head_a)
    url = reverse("apitokens:token-create")
    response = client.post(url, {"name": "VPĐT", "days": 90})
    assert response.status_code == 302 and reverse("accounts:reauth") in response["Location"]
    assert not ApiToken.objects.exists()


def test_the_key_is_shown_once_after_reauthentication(client, head_a):
    client.force_login(head_a)
    session = client.session
    session[REAUTH_AT] = timezone.now().timestamp()
    session.save()
    response = client.post(reverse("apitokens:token-create"), {"name": "VPĐT", "days": 90})
    assert response.status_code == 200
    key = response.context["key"]
    assert key in response.content.decode()
    listing = client.get(reverse("apitokens:token-list")).content.decode()
    assert "VPĐT" in listing and key not in listing
    assert client.get("/api/v1/units/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


def test_a_user_revokes_their_own_token_and_not_anothers(client, head_a, head_b):
    own, _ = tokens.token_create(actor=head_a, user=head_a, name="A", days=30)
    other, _ = tokens.token_create(actor=head_b, user=head_b, name="B", days=30)
    client.force_login(head_a)
    assert client.post(reverse("apitokens:token-revoke", args=[other.pk])).status_code == 404
    assert client.post(reverse("apitokens:token-revoke", args=[own.pk])).status_code == 302
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.revoked_at is not None and other.revoked_at is None
