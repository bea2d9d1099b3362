"""End a user's sessions: what an administrator does for a lost laptop or a departure."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone


def end_sessions_of(user_ids: list[int]) -> int:
    """Delete every live session signed in as one of `user_ids`; return how many."""
    wanted = {str(pk) for pk in user_ids}
    doomed = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get(SESSION_KEY)) in wanted
    ]
    Session.objects.filter(pk__in=doomed).delete()
    return len(doomed)
