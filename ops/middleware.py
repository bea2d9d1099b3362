"""Forwarded headers believed only from trusted proxies, and a request id on every request."""

import logging
import re
import uuid

from accounts.client_ip import from_trusted_proxy
from ops import logcontext

access_log = logging.getLogger("pcts.access")
FORWARDED_FROM_PROXY_ONLY = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_REQUEST_ID")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class ForwardedHeadersMiddleware:
    """Drop X-Forwarded-Proto and X-Request-ID unless a trusted proxy sent them; tag the request.

    Django's SECURE_PROXY_SSL_HEADER believes X-Forwarded-Proto from anyone, so a client talking
    to gunicorn directly could claim https; this runs first and removes what no proxy vouches for.
    The request id (the proxy's, else a new one) goes into every log line of the request and back
    in the X-Request-ID response header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        trusted = from_trusted_proxy(request)
        if not trusted:
            for key in FORWARDED_FROM_PROXY_ONLY:
                request.META.pop(key, None)
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = logcontext.bind(request)
        try:
            response = self.get_response(request)
            if response.status_code in (403, 404):
                self._log_denied(request, response)
        finally:
            logcontext.unbind(token)
        response["X-Request-ID"] = request.request_id
        return response

    @staticmethod
    def _log_denied(request, response):
        """Log a 404 (a foreign object answers 404, as a missing one does) or 403 to a signed-in user."""
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        access_log.warning(
            "denied %s %s: %s",
            request.method,
            request.path,
            response.status_code,
            extra={"status": response.status_code, "method": request.method, "path": request.path},
        )
