"""The periodic app's URLs; names are `periodic:<name>`."""

from django.urls import path

from periodic import views

app_name = "periodic"

urlpatterns = [
    path("van-ban/<int:pk>/dinh-ky/them/", views.series_create, name="series-create"),
    path("van-ban/<int:pk>/nhiem-vu-mau/", views.template_apply_view, name="template-apply"),
    path("dinh-ky/<int:pk>/", views.series_detail, name="series-detail"),
    path("ky/<int:pk>/bo-qua/", views.occurrence_skip, name="occurrence-skip"),
    path("ky/<int:pk>/doi-han/", views.occurrence_reschedule, name="occurrence-reschedule"),
    path("nhiem-vu/<int:pk>/khong-phat-sinh/", views.nothing_to_report, name="nothing-to-report"),
]
