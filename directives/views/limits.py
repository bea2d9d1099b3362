"""Limits on the JSON helpers behind the forms: the longest input and a rate per user.

The helpers answer as an officer types (a symbol, a pasted text, a deadline, a picker search),
so a script can call them far faster than a person: each signed-in user may make
PCTS_API_RATE calls (counted in the shared cache, django-ratelimit), and no call reads more
than PCTS_API_MAX_INPUT_CHARS characters. Both answers are JSON with a message, like the rest.
"""

import functools

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from units.vietnamese import format_number

# A character may take up to 4 bytes in UTF-8, and a JSON body adds quotes and escapes.
BYTES_PER_CHAR = 6


def too_long(request) -> bool:
    limit = settings.PCTS_API_MAX_INPUT_CHARS
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    return length > limit * BYTES_PER_CHAR + 1024 or any(
        len(value) > limit for value in request.GET.values()
    )


def too_long_response() -> JsonResponse:
    message = _("Dữ liệu gửi lên quá dài (tối đa %(n)s ký tự).") % {
        "n": format_number(settings.PCTS_API_MAX_INPUT_CHARS)
    }
    return JsonResponse({"ok": False, "results": [], "error": message}, status=413)


def json_helper(view):
    """Refuse a too long input (413) and a user over the rate (429) before the view runs."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if too_long(request):
            return too_long_response()
        if is_ratelimited(
            request, group="json-helpers", key="user", rate=settings.PCTS_API_RATE, increment=True
        ):
            message = _("Quá nhiều yêu cầu trong một phút; vui lòng chờ một lát rồi thử lại.")
            return JsonResponse({"ok": False, "results": [], "error": message}, status=429)
        return view(request, *args, **kwargs)

    return wrapper
