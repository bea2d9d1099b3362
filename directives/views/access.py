"""Access checks shared by the inspectorate's views: what they may not manage answers 404."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from directives.permissions import can_manage, visible_directives


def manager_or_404(user) -> None:
    """Hide the inspectorate's screens from everyone else, as if they did not exist."""
    if not can_manage(user):
        raise Http404


def managed_directive(user, pk):
    """Return a directive the user may manage, or answer 404."""
    manager_or_404(user)
    return get_object_or_404(visible_directives(user), pk=pk)
