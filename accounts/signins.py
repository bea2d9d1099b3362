"""The user's own sessions: recorded at sign-in, listed on the profile, ended one by one or all.

At most PCTS_MAX_SESSIONS_PER_USER sessions live at once (default 5): a new sign-in beyond that
ends the oldest (its browser finds itself at the sign-in page). Each ending is a security event. A session's key changes at every authentication step; SignInMiddleware moves
the row along, so the list always names live sessions.
"""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.client_ip import client_ip
from accounts.models import SignIn
from audit import security

SIGN_IN = "pcts_sign_in"  # the session's SignIn id
SIGN_IN_KEY = "pcts_sign_in_key"  # the session key the row holds


def record(sender, request, user, **kwargs):
    """On sign-in (user_logged_in): write the session's row, then end the oldest beyond the cap."""
    if request is None or not hasattr(request, "session"):
        return
    session = request.session
    if session.session_key is None:
        session.save()
    # A key seen before (a test client's force_login reusing its session) is the same sign-in anew.
    row, _ = SignIn.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "signed_in_at": timezone.now(),
            "ip": client_ip(request) or None,
            "user_agent": request.headers.get("User-Agent", "")[:300],
        },
    )
    session[SIGN_IN] = str(row.pk)
    session[SIGN_IN_KEY] = session.session_key
    beyond = live_for(user)[settings.PCTS_MAX_SESSIONS_PER_USER :]
    if beyond:
        _end(beyond)
        security.record(
            security.Kind.SESSION_ENDED, request=request, user=user, why="cap", count=len(beyond)
        )


def forget(sender, request, user, **kwargs):
    """On sign-out (user_logged_out): the row goes with the session."""
    if request is not None and hasattr(request, "session") and SIGN_IN in request.session:
        SignIn.objects.filter(pk=request.session[SIGN_IN]).delete()


def follow_key(request) -> None:
    """Move this session's row to the session's current key, if it changed (cycle_key)."""
    session = getattr(request, "session", None)
    if session is not None and SIGN_IN in session:
        key = session.session_key
        if key and key != session.get(SIGN_IN_KEY):
            SignIn.objects.filter(pk=session[SIGN_IN]).update(session_key=key)
            session[SIGN_IN_KEY] = key  # SessionMiddleware, outside this one, saves it


class SignInMiddleware:
    """Keep a sign-in's row on its session's current key (the key changes at each step)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        follow_key(request)
        return response


def live_for(user) -> list[SignIn]:
    """Return the user's sign-ins whose session is still alive, newest first; forget the others."""
    rows = list(SignIn.objects.filter(user=user))
    alive = set(
        Session.objects.filter(
            session_key__in=[r.session_key for r in rows], expire_date__gt=timezone.now()
        ).values_list("session_key", flat=True)
    )
    dead = [r.pk for r in rows if r.session_key not in alive]
    if dead:
        SignIn.objects.filter(pk__in=dead).delete()
    return [r for r in rows if r.session_key in alive]


def _end(rows) -> None:
    with transaction.atomic():
        Session.objects.filter(session_key__in=[r.session_key for r in rows]).delete()
        SignIn.objects.filter(pk__in=[r.pk for r in rows]).delete()


_BROWSERS = (
    ("Edg/", "Microsoft Edge"),
    ("OPR/", "Opera"),
    ("coc_coc", "Cốc Cốc"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Windows", "Windows"),
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


def describe(user_agent: str) -> str:
    """Say a browser in a few words ("Chrome · Windows"), or the raw text when unknown."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    text = " · ".join(part for part in (browser, system) if part)
    return text or re.sub(r"\s+", " ", user_agent)[:60] or _("Không rõ")


def sessions_context(request) -> list[dict]:
    """The profile's list: each live sign-in, this one marked."""
    current = request.session.get(SIGN_IN)
    return [
        {
            "id": str(row.pk),
            "at": row.signed_in_at,
            "ip": row.ip,
            "browser": describe(row.user_agent),
            "this": str(row.pk) == current,
        }
        for row in live_for(request.user)
    ]


@login_required
@require_POST
def end_one(request, pk):
    """End one of the user's other sessions (another user's or this one's id: 404)."""
    if str(pk) == request.session.get(SIGN_IN):
        raise Http404
    row = SignIn.objects.filter(pk=pk, user=request.user).first()
    if row is None:
        raise Http404
    _end([row])
    security.record(security.Kind.SESSION_ENDED, request=request, why="user", count=1)
    messages.success(request, _("Đã kết thúc phiên đăng nhập đó."))
    return redirect("accounts:profile")


def end_other_sessions(request) -> int:
    """End every live session of the signed-in user but this one; return how many."""
    follow_key(request)  # a password change has just cycled this session's key
    current = request.session.get(SIGN_IN)
    others = [row for row in live_for(request.user) if str(row.pk) != current]
    _end(others)
    return len(others)


@login_required
@require_POST
def end_others(request):
    """End every session of the user but this one."""
    count = end_other_sessions(request)
    security.record(security.Kind.SESSION_ENDED, request=request, why="user", count=count)
    messages.success(request, _("Đã kết thúc %(n)d phiên đăng nhập khác.") % {"n": count})
    return redirect("accounts:profile")
