"""Lockout after failed sign-ins: per (username, address), and per address across usernames.

django-axes counts failures per (username, client address) and locks that pair after
AXES_FAILURE_LIMIT; `LockoutHandler` adds a cap per address whatever the usernames
(PCTS_LOGIN_IP_FAILURE_LIMIT), so a password spray from one address stops too. Both cool off
AXES_COOLOFF_MINUTES after the last failure; an administrator can unlock at once (`unlock`).
"""

import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_failure_limit
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def _threshold(request=None) -> datetime.datetime:
    """Return the oldest failure still counted: the cool-off before this attempt (or now)."""
    base = getattr(request, "axes_attempt_time", None) or timezone.now()
    return base - datetime.timedelta(minutes=settings.AXES_COOLOFF_MINUTES)


def failures_from_address(request, ip: str | None) -> int:
    """Return the failures from `ip` within the cool-off window, all usernames together."""
    if not ip:
        return 0
    recent = AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=_threshold(request))
    return recent.aggregate(n=Sum("failures_since_start"))["n"] or 0


class LockoutHandler(AxesDatabaseHandler):
    """Axes's database handler with a cap on the failures from one address."""

    def _address_capped(self, request) -> bool:
        ip = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
        return failures_from_address(request, ip) >= settings.PCTS_LOGIN_IP_FAILURE_LIMIT

    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or self._address_capped(request)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        if self._address_capped(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes",
                request=request,
                username=credentials.get("username"),
                ip_address=request.axes_ip_address,
            )


def remaining_attempts(request, username: str) -> int:
    """Return how many more failures this username and address may have before the lock."""
    ip = get_client_ip_address(request)
    pair = AccessAttempt.objects.filter(
        username=username, ip_address=ip, attempt_time__gte=_threshold(request)
    ).aggregate(n=Sum("failures_since_start"))["n"]
    limit = get_failure_limit(request, {"username": username})
    by_pair = limit - (pair or 0)
    by_address = settings.PCTS_LOGIN_IP_FAILURE_LIMIT - failures_from_address(request, ip)
    return max(0, min(by_pair, by_address))


def locked_usernames(usernames) -> set[str]:
    """Return which of `usernames` have a live lock from some address."""
    rows = (
        AccessAttempt.objects.filter(
            username__in=list(usernames),
            attempt_time__gte=_threshold(),
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        )
        .values_list("username", flat=True)
        .distinct()
    )
    return set(rows)


def unlock(*, username: str = "", ip: str = "") -> int:
    """Forget the failures of a username (from every address) or of an address; return rows."""
    from axes.utils import reset

    return reset(username=username or None, ip=ip or None)
