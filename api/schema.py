"""The OpenAPI schema's defaults: the bearer token scheme and the error answers of every operation."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "api.rest.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Khóa API (pcts_…) tạo ở trang Tài khoản, gửi trong "
            "`Authorization: Bearer <khóa>`.",
        }


ERROR = inline_serializer(
    "Error",
    fields={"detail": serializers.CharField(help_text="Vì sao yêu cầu không được thực hiện.")},
)
VALIDATION_ERROR = OpenApiResponse(
    response={"type": "object", "additionalProperties": True},
    description="Dữ liệu không hợp lệ: mỗi trường sai kèm danh sách lỗi.",
)


class Schema(AutoSchema):
    """Document the answers every operation may give besides success: 400, 401, 404, 429.

    POSTs may also answer 403 (a role that may not), 409 (a directive already registered), 415
    (a body type not taken) and 422 (an Idempotency-Key reused with another request).
    """

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        extra = {
            "400": VALIDATION_ERROR,
            "401": OpenApiResponse(ERROR, description="Thiếu khóa API, khóa sai/hết hạn/thu hồi."),
            "404": OpenApiResponse(ERROR, description="Không có, hoặc người dùng không được xem."),
            "429": OpenApiResponse(ERROR, description="Vượt giới hạn số yêu cầu của khóa."),
        }
        if self.method == "POST":
            extra["403"] = OpenApiResponse(ERROR, description="Vai trò không được làm việc này.")
            extra["409"] = OpenApiResponse(ERROR, description="Văn bản này đã được nhập.")
            extra["415"] = OpenApiResponse(ERROR, description="Kiểu nội dung không nhận.")
            extra["422"] = OpenApiResponse(
                ERROR, description="Idempotency-Key đã dùng cho một yêu cầu khác."
            )
        for code, response in extra.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses
