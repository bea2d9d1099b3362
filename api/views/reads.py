"""Read endpoints: each queryset starts from the user's visible_*(user); other units' ids answer 404."""

import django_filters
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

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

    def get_object(self):
        value = self.kwargs.get(self.lookup_field, "")
        if not value.lstrip("-").isdigit() or not 0 < int(value) <= MAX_ID:
            raise Http404
        return super().get_object()


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
    directive = django_filters.NumberFilter(field_name="directive_id")

    class Meta:
        model = Task
        fields = []


class ReportFilter(django_filters.FilterSet):
    assignment = django_filters.NumberFilter(field_name="assignment_id")
    submitted_from = django_filters.DateFilter(field_name="submitted_on", lookup_expr="gte")

    class Meta:
        model = ProgressReport
        fields = []


class ExtensionFilter(django_filters.FilterSet):
    assignment = django_filters.NumberFilter(field_name="assignment_id")
    state = django_filters.ChoiceFilter(choices=ExtensionRequest.State.choices)

    class Meta:
        model = ExtensionRequest
        fields = []


@extend_schema_view(
    list=extend_schema(summary="Danh sách văn bản chỉ đạo người dùng được xem"),
    retrieve=extend_schema(summary="Một văn bản chỉ đạo"),
)
class DirectiveReads(ScopedViewSet):
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
    queryset = Task.objects.none()  # the model, for the schema
    scope = scoping.tasks
    serializer_class = serializers.TaskSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = TaskFilter


class ApiAssignmentFilter(AssignmentFilter):
    """The web's assignment list filters, as they are (dates typed dd/mm/yyyy or yyyy-mm-dd)."""


@extend_schema_view(
    list=extend_schema(summary="Danh sách giao nhiệm vụ (các bộ lọc như trang Danh sách)"),
    retrieve=extend_schema(summary="Một giao nhiệm vụ cho một đơn vị"),
)
class AssignmentReads(ScopedViewSet):
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
    queryset = ExtensionRequest.objects.none()  # the model, for the schema
    scope = scoping.extensions
    serializer_class = serializers.ExtensionSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ExtensionFilter


@extend_schema_view(
    list=extend_schema(summary="Danh sách đơn vị"), retrieve=extend_schema(summary="Một đơn vị")
)
class UnitReads(ScopedViewSet):
    queryset = Unit.objects.none()  # the model, for the schema
    scope = scoping.units
    serializer_class = serializers.UnitSerializer


@extend_schema_view(
    list=extend_schema(summary="Thông báo của người dùng (chuông)"),
    retrieve=extend_schema(summary="Một thông báo"),
)
class NotificationReads(ScopedViewSet):
    queryset = Notification.objects.none()  # the model, for the schema
    scope = scoping.notifications
    serializer_class = serializers.NotificationSerializer
