"""Re-authentication before sensitive actions: role changes, token creation, 2FA changes.

A session that confirmed the password (and a code, when the user has an authenticator) less
than PCTS_REAUTH_MINUTES ago may go on; otherwise the user is sent to confirm first and comes
back to the page asked for.
"""

import functools
import time

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

REAUTH_AT = "pcts_reauth_at"


def mark_reauthenticated(request) -> None:
    request.session[REAUTH_AT] = time.time()


def recently_reauthenticated(request) -> bool:
    confirmed = request.session.get(REAUTH_AT)
    return confirmed is not None and time.time() - confirmed <= settings.PCTS_REAUTH_MINUTES * 60


def reauth_redirect(request):
    target = request.get_full_path() if request.method == "GET" else request.path
    return redirect(f"{reverse('accounts:reauth')}?{urlencode({'next': target})}")


def reauth_required(view):
    """Decorate a view so it runs only after a recent re-authentication."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not recently_reauthenticated(request):
            return reauth_redirect(request)
        return view(request, *args, **kwargs)

    return wrapper


class ReauthAdminMixin:
    """Ask an administrator to re-authenticate before adding or changing these objects."""

    def changeform_view(self, request, *args, **kwargs):
        if not recently_reauthenticated(request):
            return reauth_redirect(request)
        return super().changeform_view(request, *args, **kwargs)
