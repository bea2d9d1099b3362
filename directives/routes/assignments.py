from django.urls import path

from directives.views import assignments as views

urlpatterns = [
    path("viec-cua-toi/", views.inbox, name="inbox"),
    path("nhiem-vu/", views.assignment_list, name="assignment-list"),
    path("nhiem-vu/don-vi/", views.assignment_unit_search, name="assignment-unit-search"),
    path("nhiem-vu/<int:pk>/", views.assignment_detail, name="assignment-detail"),
    path("nhiem-vu/<int:pk>/bao-cao/", views.report_submit, name="report-submit"),
    path("nhiem-vu/<int:pk>/gia-han/", views.extension_request, name="extension-request"),
    path("tep/<int:pk>/", views.attachment_download, name="attachment-download"),
]
