"""Make, find and revoke API tokens; only a token's SHA-256 is stored, its secret is shown once.

A key reads `pcts_<prefix>_<secret>`: the prefix (8 letters) names the token in lists without
revealing it, the secret carries 256 bits from the OS's CSPRNG. Lookup is by the hash of the
whole key, so a database dump lets nobody authenticate.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken

KEY_PREFIX = "pcts_"
# last_used_at is written at most this often per token, so a busy integration does not write
# (and audit) a row per request.
TOUCH_EVERY = datetime.timedelta(seconds=60)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(*, actor, user, name: str, days: int) -> tuple[ApiToken, str]:
    """Make a token for `user` valid for `days` days; return it with its key (shown once, never kept)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Đặt tên cho tích hợp dùng khóa này.")})
    if not 1 <= days <= settings.PCTS_API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {"days": _("Thời hạn từ 1 đến %(n)d ngày.") % {"n": settings.PCTS_API_TOKEN_MAX_DAYS}}
        )
    if actor.pk != user.pk and not actor.is_superuser:
        raise ValidationError(_("Chỉ quản trị viên được tạo khóa cho người khác."))
    prefix = secrets.token_hex(4)
    key = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        key_hash=hash_key(key),
        created_by=actor,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return token, key


def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke a token at once; its holder or an administrator may."""
    if actor.pk != token.user_id and not actor.is_superuser:
        raise ValidationError(_("Không thể thu hồi khóa của người khác."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=token.revoked_at
        )
    return token


def token_for_key(key: str) -> ApiToken | None:
    """Return the usable token `key` names (not revoked, not expired, user active), else None."""
    if not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    token = ApiToken.objects.usable().select_related("user").filter(key_hash=hash_key(key)).first()
    if token is not None:
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
    return token
