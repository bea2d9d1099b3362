"""Write endpoints: each calls the web's service (so audit, events and the tally stay right).

The object is fetched from the user's visible set first (another unit's id answers 404), then
the web's permission check runs: a unit writes only on its own part, the inspectorate decides.
Every POST takes an Idempotency-Key (api.idempotency) and is audited with the token's name.
"""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import parsers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied

from api import idempotency, inputs, serializers
from api.views.reads import AssignmentReads, DirectiveReads, ExtensionReads, ReportReads
from directives import services
from directives.permissions import can_manage
from units.selectors import user_unit_ids

IDEMPOTENCY = OpenApiParameter(
    idempotency.HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Khóa do bên gọi chọn (tối đa 255 ký tự): gửi lại cùng khóa nhận lại kết quả "
    "lần đầu, không ghi hai lần.",
)
JSON = [parsers.JSONParser]
JSON_OR_FORM = [parsers.JSONParser, parsers.MultiPartParser, parsers.FormParser]


def _checked(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _own_part_or_404(user, assignment) -> None:
    """A unit writes only on its own part: the lead unit reads its partners' parts, never writes."""
    if assignment.unit_id not in user_unit_ids(user):
        raise Http404


def _manager_or_404(user) -> None:
    """The inspectorate's decisions answer 404 to others, as the web's pages do."""
    if not can_manage(user):
        raise Http404


class DirectiveViewSet(DirectiveReads):
    __doc__ = DirectiveReads.__doc__

    parser_classes = JSON

    @extend_schema(
        summary="Nhập văn bản chỉ đạo mới (cán bộ Thanh tra)",
        request=inputs.DirectiveCreateInput,
        responses={201: serializers.DirectiveSerializer},
        parameters=[IDEMPOTENCY],
    )
    def create(self, request):
        if not can_manage(request.user):
            raise PermissionDenied
        data = _checked(inputs.DirectiveCreateInput, request)

        def run():
            directive = services.directive_create(actor=request.user, **data)
            return status.HTTP_201_CREATED, serializers.DirectiveSerializer(directive).data

        return idempotency.write(request, run)


class AssignmentViewSet(AssignmentReads):
    __doc__ = AssignmentReads.__doc__

    parser_classes = JSON_OR_FORM

    @extend_schema(
        summary="Gửi báo cáo tiến độ (kèm tệp) cho phần việc của đơn vị mình",
        request={
            "application/json": inputs.ReportSubmitInput,
            "multipart/form-data": inputs.ReportSubmitInput,
        },
        responses={201: serializers.ReportSerializer},
        parameters=[IDEMPOTENCY],
    )
    @action(detail=True, methods=["post"], url_path="reports")
    def reports(self, request, pk=None):
        assignment = self.get_object()
        _own_part_or_404(request.user, assignment)
        data = _checked(inputs.ReportSubmitInput, request)

        def run():
            report = services.report_submit(actor=request.user, assignment=assignment, **data)
            return status.HTTP_201_CREATED, serializers.ReportSerializer(report).data

        return idempotency.write(request, run)

    @extend_schema(
        summary="Đề nghị gia hạn phần việc của đơn vị mình",
        request=inputs.ExtensionRequestInput,
        responses={201: serializers.ExtensionSerializer},
        parameters=[IDEMPOTENCY],
    )
    @action(detail=True, methods=["post"], url_path="extensions", parser_classes=JSON)
    def extensions(self, request, pk=None):
        assignment = self.get_object()
        _own_part_or_404(request.user, assignment)
        data = _checked(inputs.ExtensionRequestInput, request)

        def run():
            extension = services.extension_request(
                actor=request.user, assignment=assignment, **data
            )
            return status.HTTP_201_CREATED, serializers.ExtensionSerializer(extension).data

        return idempotency.write(request, run)


class ReportViewSet(ReportReads):
    __doc__ = ReportReads.__doc__

    parser_classes = JSON

    @extend_schema(
        summary="Chấp nhận hoặc trả lại một báo cáo (cán bộ Thanh tra)",
        request=inputs.ReviewInput,
        responses={200: serializers.ReportSerializer},
        parameters=[IDEMPOTENCY],
    )
    @action(detail=True, methods=["post"], url_path="review")
    def review(self, request, pk=None):
        _manager_or_404(request.user)
        report = self.get_object()
        data = _checked(inputs.ReviewInput, request)

        def run():
            services.report_review(actor=request.user, report=report, **data)
            fresh = self.get_queryset().get(pk=report.pk)
            return status.HTTP_200_OK, serializers.ReportSerializer(fresh).data

        return idempotency.write(request, run)


class ExtensionViewSet(ExtensionReads):
    __doc__ = ExtensionReads.__doc__

    parser_classes = JSON

    @extend_schema(
        summary="Quyết định một đề nghị gia hạn (cán bộ Thanh tra)",
        request=inputs.ExtensionDecisionInput,
        responses={200: serializers.ExtensionSerializer},
        parameters=[IDEMPOTENCY],
    )
    @action(detail=True, methods=["post"], url_path="decision")
    def decision(self, request, pk=None):
        _manager_or_404(request.user)
        extension = self.get_object()
        data = _checked(inputs.ExtensionDecisionInput, request)

        def run():
            decided = services.extension_decide(actor=request.user, request=extension, **data)
            return status.HTTP_200_OK, serializers.ExtensionSerializer(decided).data

        return idempotency.write(request, run)
