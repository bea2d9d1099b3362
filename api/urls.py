"""Every endpoint of the REST API under /api/v1/, the schema and its offline docs page."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from api.views import reads, writes
from api.views.errors import not_found

app_name = "api"

router = SimpleRouter()
router.register("directives", writes.DirectiveViewSet, basename="directive")
router.register("tasks", reads.TaskReads, basename="task")
router.register("assignments", writes.AssignmentViewSet, basename="assignment")
router.register("reports", writes.ReportViewSet, basename="report")
router.register("extensions", writes.ExtensionViewSet, basename="extension")
router.register("units", reads.UnitReads, basename="unit")
router.register("notifications", reads.NotificationReads, basename="notification")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: the site's CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
    # Anything else under /api/v1/ answers a JSON 404, as an unknown id does.
    re_path(r"^.*$", not_found),
]
