"""Security events: sign-in and out, failures, lockouts, 2FA, passwords, exports, admin actions.

`record(kind, request=..., user=..., **detail)` is the one way to write one; the receivers below
connect Django's and django-axes's signals to it. A `SecurityEvent` row is covered by the audit
trigger like any other table, so every security event is also a link of the audit chain.
"""

import logging

from django.contrib.admin.models import LogEntry, LogEntryManager
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from accounts.client_ip import client_ip as _client_ip
from audit.models import SecurityEvent

logger = logging.getLogger("pcts.security")
Kind = SecurityEvent.Kind


def client_ip(request) -> str | None:
    return _client_ip(request) if request is not None else None


def record(kind: str, *, request=None, user=None, username: str = "", **detail) -> SecurityEvent:
    """Write a security event; `user` defaults to the request's signed-in user."""
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    event = SecurityEvent.objects.create(
        kind=kind,
        user_id=user.pk if user is not None else None,
        username=(user.get_username() if user is not None else username)[:150],
        ip=client_ip(request),
        path=(request.get_full_path() if request is not None else "")[:500],
        detail=detail,
    )
    logger.info(
        "security event %s user=%s ip=%s",
        kind,
        event.username,
        event.ip,
        extra={
            "security_event": str(kind),
            "event_user": event.username,
            "ip": event.ip,
            "path": event.path,
            "detail": detail,
        },
    )
    return event


def _logged_in(sender, request, user, **kwargs):
    record(Kind.LOGIN, request=request, user=user)


def _logged_out(sender, request, user, **kwargs):
    record(Kind.LOGOUT, request=request, user=user)


def _login_failed(sender, credentials, request=None, **kwargs):
    record(Kind.LOGIN_FAILED, request=request, username=str(credentials.get("username", "")))


def _locked_out(sender, request, username, ip_address, **kwargs):
    record(Kind.LOCKED_OUT, request=request, username=str(username or ""), ip_address=ip_address)


def _admin_action(instance: LogEntry):
    record(
        Kind.ADMIN_ACTION,
        user=instance.user,
        action={1: "add", 2: "change", 3: "delete"}.get(instance.action_flag, "other"),
        model=instance.content_type.model if instance.content_type_id else "",
        object_id=str(instance.object_id or ""),
        object=instance.object_repr,
    )


def connect():
    from axes.signals import user_locked_out

    user_logged_in.connect(_logged_in, dispatch_uid="audit-login")
    user_logged_out.connect(_logged_out, dispatch_uid="audit-logout")
    user_login_failed.connect(_login_failed, dispatch_uid="audit-login-failed")
    user_locked_out.connect(_locked_out, dispatch_uid="audit-locked-out")
    _record_admin_log_entries()


def _record_admin_log_entries():
    """Record every admin log entry as a security event, the bulk ones included.

    The admin writes its log through `LogEntryManager.log_actions`, saving one entry (post_save
    fires) or bulk-creating several (no signal), so the method is wrapped once here instead.
    """
    original = LogEntryManager.log_actions
    if getattr(original, "audited", False):
        return

    def log_actions(self, *args, **kwargs):
        entries = original(self, *args, **kwargs)
        for entry in entries if isinstance(entries, list) else [entries]:
            _admin_action(entry)
        return entries

    log_actions.audited = True
    LogEntryManager.log_actions = log_actions
