"""One row per signed-in session, so a user sees and ends their own sessions (ASVS 7.5.2, 7.1.2)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignIn(models.Model):
    """A session signed in as `user`: when, from where, with what browser.

    `session_key` follows the session when its key changes (each authentication step cycles it;
    accounts.signins.SignInMiddleware keeps it current); ending a sign-in deletes that session.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="sign_ins",
    )
    session_key = models.CharField(_("khóa phiên"), max_length=40, unique=True)
    signed_in_at = models.DateTimeField(_("đăng nhập lúc"), default=timezone.now)
    ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    user_agent = models.CharField(_("trình duyệt"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("phiên đăng nhập")
        verbose_name_plural = _("phiên đăng nhập")
        ordering = ["-signed_in_at"]
        indexes = [models.Index(fields=["user", "signed_in_at"])]

    def __str__(self):
        return f"{self.user} · {timezone.localtime(self.signed_in_at):%d/%m/%Y %H:%M}"
