"""Every URL of the directives app in one list, grouped by screen; names are `directives:<name>`."""

from django.urls import path

from directives.views import (
    assignment_lists,
    assignments,
    common,
    corrections,
    dashboard,
    directive_api,
    directives,
    reminders,
    review,
)

app_name = "directives"

urlpatterns = [
    path("", common.home, name="home"),
    # ------------------------------------------------------------------ directives and tasks
    path("van-ban/", directives.directive_list, name="directive-list"),
    path("van-ban/them/", directives.directive_create, name="directive-create"),
    path("van-ban/<int:pk>/", directives.directive_detail, name="directive-detail"),
    path("van-ban/<int:pk>/sua/", directives.directive_edit, name="directive-edit"),
    path("van-ban/<int:pk>/lien-ket/", directives.directive_link_add, name="directive-link-add"),
    path("van-ban/<int:pk>/nhiem-vu/them/", directives.task_create, name="task-create"),
    # ------------------------------------------------------------------ corrections
    path("nhiem-vu-goc/<int:pk>/sua/", corrections.task_edit, name="task-edit"),
    path("xac-nhan-han/", corrections.flagged_deadlines, name="flagged-deadlines"),
    path(
        "nhiem-vu/<int:pk>/xac-nhan-han/",
        corrections.assignment_confirm_deadline,
        name="assignment-confirm-deadline",
    ),
    # ------------------------------------------------------------------ the forms' and pickers' JSON
    path("api/ky-hieu/", directive_api.symbol_parse, name="symbol-parse"),
    path("api/trich-dan/", directive_api.references_find, name="references-find"),
    path("api/thoi-han/", directive_api.deadline_preview, name="deadline-preview"),
    path("api/don-vi/", directive_api.unit_search, name="unit-search"),
    # ------------------------------------------------------------------ the inspectorate's review
    path("xem-xet/", review.review_queue, name="review-queue"),
    path("xem-xet/chap-nhan/", review.reports_accept, name="reports-accept"),
    path("bao-cao/<int:pk>/xem-xet/", review.report_review, name="report-review"),
    path("gia-han/<int:pk>/quyet-dinh/", review.extension_decide, name="extension-decide"),
    path("nhiem-vu/<int:pk>/huy-giao/", review.assignment_cancel, name="assignment-cancel"),
    # ------------------------------------------------------------------ a unit's assignments
    path("viec-cua-toi/", assignments.inbox, name="inbox"),
    path("nhiem-vu/", assignment_lists.assignment_list, name="assignment-list"),
    path(
        "nhiem-vu/xuat.<str:fmt>",
        assignment_lists.assignment_list_export,
        name="assignment-list-export",
    ),
    path("nhiem-vu/<int:pk>/", assignments.assignment_detail, name="assignment-detail"),
    path("nhiem-vu/<int:pk>/bao-cao/", assignments.report_submit, name="report-submit"),
    path("nhiem-vu/<int:pk>/gia-han/", assignments.extension_request, name="extension-request"),
    path("tep/<int:pk>/", assignments.attachment_download, name="attachment-download"),
    # ------------------------------------------------------------------ reminders and notifications
    path("nhiem-vu/<int:pk>/don-doc/", reminders.assignment_remind, name="assignment-remind"),
    path("nhiem-vu/don-doc/", reminders.list_remind, name="list-remind"),
    path("don-vi/<int:pk>/don-doc/", reminders.unit_remind, name="unit-remind"),
    path("van-ban/<int:pk>/don-doc/", reminders.directive_remind, name="directive-remind"),
    path("thong-bao/", reminders.notification_list, name="notification-list"),
    path("thong-bao/<int:pk>/", reminders.notification_detail, name="notification-detail"),
    path(
        "thong-bao/da-nhan/<str:token>/",
        reminders.reminder_acknowledge,
        name="reminder-acknowledge",
    ),
    # ------------------------------------------------------------------ the dashboard
    path("tong-hop/", dashboard.dashboard, name="dashboard"),
    path("tong-hop/xuat.<str:fmt>", dashboard.dashboard_export, name="dashboard-export"),
    path("tong-hop/danh-sach/", dashboard.dashboard_list, name="dashboard-list"),
    path(
        "tong-hop/danh-sach/xuat.<str:fmt>",
        dashboard.dashboard_list_export,
        name="dashboard-list-export",
    ),
    path("tong-hop/api/van-ban/", dashboard.directive_search, name="dashboard-directive-search"),
    path("tong-hop/api/co-quan-ban-hanh/", dashboard.issuer_search, name="dashboard-issuer-search"),
]
