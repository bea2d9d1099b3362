"""Session limits and the second factor, checked on every request of a signed-in user."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from accounts import twofactor
from audit import security

SIGNED_IN_AT = "pcts_signed_in_at"
LAST_SEEN_AT = "pcts_last_seen_at"
# The idle clock is written at most this often, so a busy page does not save the session on
# every request (and the idle timeout is exact to within this).
TOUCH_EVERY_SECONDS = 60

# Pages an unverified session may open: signing in and out, the second step, enrolment,
# the password reset, the language switch and the health check.
OPEN_TO_UNVERIFIED = {
    "accounts:login",
    "accounts:logout",
    "accounts:verify",
    "accounts:enrol",
    "accounts:password-reset",
    "accounts:password-reset-done",
    "accounts:password-reset-confirm",
    "accounts:password-reset-complete",
    "units:healthz",
    "ops:readyz",
    "set_language",
}


class SessionTimeoutMiddleware:
    """End a session idle for PCTS_SESSION_IDLE_MINUTES, or older than SESSION_COOKIE_AGE.

    Django's session expiry moves forward whenever the session is saved, so the absolute limit
    is kept here, counted from the sign-in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            expired = self._expired(request)
            if expired:
                user = request.user
                logout(request)
                security.record(
                    security.Kind.SESSION_EXPIRED, request=request, user=user, why=expired
                )
                messages.info(request, _("Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại."))
                return redirect_to_login(request)
        return self.get_response(request)

    def _expired(self, request) -> str:
        session, now = request.session, time.time()
        signed_in = session.setdefault(SIGNED_IN_AT, now)
        last_seen = session.get(LAST_SEEN_AT, now)
        if now - signed_in > settings.SESSION_COOKIE_AGE:
            return "absolute"
        if now - last_seen > settings.PCTS_SESSION_IDLE_MINUTES * 60:
            return "idle"
        if now - last_seen >= TOUCH_EVERY_SECONDS or LAST_SEEN_AT not in session:
            session[LAST_SEEN_AT] = now
        return ""


def start_session_clock(sender, request, user, **kwargs):
    """Start the absolute and idle clocks when a user signs in."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now


def redirect_to_login(request):
    target = request.get_full_path() if request.method == "GET" else ""
    url = reverse("accounts:login")
    return redirect(f"{url}?{urlencode({'next': target})}" if target else url)


class TwoFactorMiddleware:
    """Send an unverified session to the code page, or to enrolment where 2FA is required."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if twofactor.has_authenticator(user):
            target = "accounts:verify"
        elif twofactor.two_factor_required(user):
            target = "accounts:enrol"
        else:
            return None
        # The page shows no menu (and so no counts) until the second step is done.
        request.two_factor_pending = True
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_TO_UNVERIFIED:
            return None
        return redirect(with_next(reverse(target), request))


def with_next(url: str, request) -> str:
    """Append the page the user asked for, when it is a page of this site worth returning to."""
    wanted = request.GET.get("next") or (request.get_full_path() if request.method == "GET" else "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return f"{url}?{urlencode({'next': wanted})}"
    return url
