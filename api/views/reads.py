"""Read endpoints: each queryset starts from the user's visible_*(user); other units' ids answer 404."""

import django_filters
from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from api import scoping, serializers
from directives.filters import AssignmentFilter
from directives.models import (
    Assignment,
    Directive,
    ExtensionRequest,
    Notification,
    ProgressReport,
    Task,
)
from units.models import Unit

MAX_ID = 2**63 - 1


class ScopedViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only set over `scope(user)`; an id outside it (or not an id at all) answers 404."""

    scope = None
    lookup_value_regex = r"-?\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator: no user
            return self.queryset
        return type(self).scope(self.request.user)

    def initial(self, request, *args, **kwargs):
        """Refuse a query parameter the operation does not take: a mistyped filter is not ignored."""
        super().initial(request, *args, **kwargs)
        filters = {}
        if self.action == "list" and getattr(self, "filterset_class", None):
            filters = self.filterset_class.base_filters
        allowed = {"cursor", "page_size", *filters} if self.action == "list" else set()
        errors = {
            name: [_("Tham số không được hỗ trợ.")]
            for name in request.query_params
            if name not in allowed
        }
        # The web's forms read an empty field as "any"; an API caller sending a date, a choice
        # or an id with no value has made a mistake (free text may be empty).
        for name, value in request.query_params.lists():
            typed = name in filters and not isinstance(filters[name], django_filters.CharFilter)
            if typed and "" in value:
                errors[name] = [_("Thiếu giá trị.")]
        if errors:
            raise ValidationError(dict(sorted(errors.items())[:20]))

    def get_object(self):
        value = self.kwargs.get(self.lookup_field, "")
        if not value.lstrip("-").isdigit() or not 0 < int(value) <= MAX_ID:
            raise Http404
        return super().get_object()


class IdField(forms.IntegerField):
    """An object id as a filter takes it: a whole number the database's bigint can hold."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    field_class = IdField


class DirectiveFilter(django_filters.FilterSet):
    """Narrow scoped directives: diacritics-blind search (as the web's list) and the track."""

    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="filter_search")
    track = django_filters.ChoiceFilter(choices=Directive.Track.choices)
    issued_from = django_filters.DateFilter(field_name="issued_on", lookup_expr="gte")
    issued_to = django_filters.DateFilter(field_name="issued_on", lookup_expr="lte")

    class Meta:
        model = Directive
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


class TaskFilter(django_filters.FilterSet):
    directive = IdFilter(field_name="directive_id")

    class Meta:
        model = Task
        fields = []


class ReportFilter(django_filters.FilterSet):
    assignment = IdFilter(field_name="assignment_id")
    submitted_from = django_filters.DateFilter(field_name="submitted_on", lookup_expr="gte")

    class Meta:
        model = ProgressReport
        fields = []


class ExtensionFilter(django_filters.FilterSet):
    assignment = IdFilter(field_name="assignment_id")
    state = django_filters.ChoiceFilter(choices=ExtensionRequest.State.choices)

    class Meta:
        model = ExtensionRequest
        fields = []


@extend_schema_view(
    list=extend_schema(summary="Danh sách văn bản chỉ đạo người dùng được xem"),
    retrieve=extend_schema(summary="Một văn bản chỉ đạo"),
)
class DirectiveReads(ScopedViewSet):
    """Văn bản chỉ đạo người dùng được xem; văn bản mật chỉ có số, ngày, cơ quan ban hành."""

    queryset = Directive.objects.none()  # the model, for the schema
    scope = scoping.directives
    serializer_class = serializers.DirectiveSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = DirectiveFilter


@extend_schema_view(
    list=extend_schema(summary="Danh sách nhiệm vụ"),
    retrieve=extend_schema(summary="Một nhiệm vụ"),
)
class TaskReads(ScopedViewSet):
    """Nhiệm vụ của các văn bản người dùng được xem (có ít nhất một phần việc được xem)."""

    queryset = Task.objects.none()  # the model, for the schema
    scope = scoping.tasks
    serializer_class = serializers.TaskSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = TaskFilter


class ApiAssignmentFilter(AssignmentFilter):
    """The web's assignment list filters (dates as yyyy-mm-dd or dd/mm/yyyy).

    `unit` takes any id: the web's picker offers only units the user sees and refuses others,
    while an integration filters by ids it knows; on the scoped rows an id the user may not see
    simply matches nothing, so the answer reveals nothing either way.
    """

    unit = IdFilter(label=_("Đơn vị"), field_name="unit_id")
    directive = IdFilter(label=_("Văn bản"), field_name="task__directive_id")


@extend_schema_view(
    list=extend_schema(summary="Danh sách giao nhiệm vụ (các bộ lọc như trang Danh sách)"),
    retrieve=extend_schema(summary="Một giao nhiệm vụ cho một đơn vị"),
)
class AssignmentReads(ScopedViewSet):
    """Phần việc giao cho từng đơn vị, kèm tình hình thực hiện hôm nay (`timeliness`)."""

    queryset = Assignment.objects.none()  # the model, for the schema
    scope = scoping.assignments
    serializer_class = serializers.AssignmentSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ApiAssignmentFilter


@extend_schema_view(
    list=extend_schema(summary="Danh sách báo cáo tiến độ"),
    retrieve=extend_schema(summary="Một báo cáo tiến độ"),
)
class ReportReads(ScopedViewSet):
    """Báo cáo tiến độ của các phần việc người dùng được xem, kèm kết quả xem xét và tệp."""

    queryset = ProgressReport.objects.none()  # the model, for the schema
    scope = scoping.reports
    serializer_class = serializers.ReportSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ReportFilter


@extend_schema_view(
    list=extend_schema(summary="Danh sách đề nghị gia hạn"),
    retrieve=extend_schema(summary="Một đề nghị gia hạn"),
)
class ExtensionReads(ScopedViewSet):
    """Đề nghị gia hạn của các phần việc người dùng được xem, kèm quyết định."""

    queryset = ExtensionRequest.objects.none()  # the model, for the schema
    scope = scoping.extensions
    serializer_class = serializers.ExtensionSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ExtensionFilter


@extend_schema_view(
    list=extend_schema(summary="Danh sách đơn vị"), retrieve=extend_schema(summary="Một đơn vị")
)
class UnitReads(ScopedViewSet):
    """Đơn vị: tất cả với Thanh tra và lãnh đạo; với đơn vị, đơn vị mình và các đơn vị cùng việc."""

    queryset = Unit.objects.none()  # the model, for the schema
    scope = scoping.units
    serializer_class = serializers.UnitSerializer


@extend_schema_view(
    list=extend_schema(summary="Thông báo của người dùng (chuông)"),
    retrieve=extend_schema(summary="Một thông báo"),
)
class NotificationReads(ScopedViewSet):
    """Thông báo (chuông) của người dùng gắn với khóa: sự kiện và thư đôn đốc."""

    queryset = Notification.objects.none()  # the model, for the schema
    scope = scoping.notifications
    serializer_class = serializers.NotificationSerializer
