from django.urls import path

from directives.views import directive_api as api
from directives.views import directives as views
from directives.views import review

urlpatterns = [
    path("van-ban/", views.directive_list, name="directive-list"),
    path("van-ban/them/", views.directive_create, name="directive-create"),
    path("van-ban/<int:pk>/", views.directive_detail, name="directive-detail"),
    path("van-ban/<int:pk>/sua/", views.directive_edit, name="directive-edit"),
    path("van-ban/<int:pk>/lien-ket/", views.directive_link_add, name="directive-link-add"),
    path("van-ban/<int:pk>/nhiem-vu/them/", views.task_create, name="task-create"),
    path("api/ky-hieu/", api.symbol_parse, name="symbol-parse"),
    path("api/trich-dan/", api.references_find, name="references-find"),
    path("api/thoi-han/", api.deadline_preview, name="deadline-preview"),
    path("api/don-vi/", api.unit_search, name="unit-search"),
    path("xem-xet/", review.review_queue, name="review-queue"),
    path("bao-cao/<int:pk>/xem-xet/", review.report_review, name="report-review"),
    path("gia-han/<int:pk>/quyet-dinh/", review.extension_decide, name="extension-decide"),
    path("nhiem-vu/<int:pk>/huy-giao/", review.assignment_cancel, name="assignment-cancel"),
]
