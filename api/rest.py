"""DRF plumbing: token authentication, the per-token rate, cursor paging, errors."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination, status, throttling
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.response import Response

from api.tokens import token_for_key
from directives.services import DuplicateDirective


class TokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer pcts_…`: the token's user, if the token is usable; else 401."""

    keyword = b"bearer"

    def authenticate(self, request):
        auth = get_authorization_header(request).split()
        if not auth or auth[0].lower() != self.keyword:
            return None
        if len(auth) != 2:
            raise exceptions.AuthenticationFailed(_("Tiêu đề Authorization không hợp lệ."))
        try:
            key = auth[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Khóa API không hợp lệ.")) from exc
        token = token_for_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("Khóa API không đúng, đã hết hạn hoặc đã bị thu hồi.")
            )
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class TokenRateThrottle(throttling.SimpleRateThrottle):
    """PCTS_API_RATE requests per token (default 120 a minute), counted in the shared Redis cache."""

    scope = "token"

    def get_rate(self):
        from django.conf import settings

        return settings.PCTS_API_RATE

    def get_cache_key(self, request, view):
        token = request.auth
        if token is None:
            return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
        return self.cache_format % {"scope": self.scope, "ident": f"t{token.pk}"}


class Cursor(pagination.CursorPagination):
    """Opaque cursors over a stable order (newest id first): pages never skip or repeat a row."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        """Read ?page_size= strictly: one whole number from 1 to max_page_size, else 400."""
        values = request.query_params.getlist(self.page_size_query_param)
        if not values:
            return self.page_size
        if (
            len(values) > 1
            or not values[0].isdigit()
            or not 1 <= int(values[0]) <= self.max_page_size
        ):
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        _("Một số nguyên từ 1 đến %(n)d.") % {"n": self.max_page_size}
                    ]
                }
            )
        return int(values[0])

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
                parameter["description"] = "Số dòng mỗi trang (1–200, mặc định 50)."
            elif parameter["name"] == self.cursor_query_param:
                parameter["description"] = (
                    "Con trỏ trang: lấy từ `next` / `previous` của trang trước."
                )
        return parameters


def exception_handler(exc, context):
    """Answer the services' Django errors as DRF does its own: 400, 404 (never 403 on an object)."""
    # Imported here: rest_framework.views reads these settings while it is being imported.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DuplicateDirective):
        return Response(
            {"detail": exc.messages[0], "existing": exc.existing.pk},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            exc = exceptions.ValidationError(exc.message_dict)
        else:
            exc = exceptions.ValidationError({"detail": exc.messages})
    elif isinstance(exc, DjangoPermissionDenied | Http404):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)
