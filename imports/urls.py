from django.urls import path

from imports import intake_views, views

app_name = "imports"

urlpatterns = [
    path("nhap-du-lieu/", views.batch_list, name="batch-list"),
    path("nhap-du-lieu/mau.xlsx", views.template_download, name="template"),
    path("nhap-du-lieu/<int:pk>/", views.batch_detail, name="batch-detail"),
    path("nhap-du-lieu/<int:pk>/tien-do/", views.batch_progress, name="batch-progress"),
    path("nhap-du-lieu/<int:pk>/ghep-cot/", views.batch_mapping, name="batch-mapping"),
    path("nhap-du-lieu/<int:pk>/nhap/", views.batch_apply, name="batch-apply"),
    path("nhap-du-lieu/<int:pk>/hoan-tac/", views.batch_undo, name="batch-undo"),
    path("nhap-du-lieu/<int:pk>/loi.xlsx", views.batch_errors, name="batch-errors"),
]

urlpatterns += [
    path("tiep-nhan-van-ban/", intake_views.intake_start, name="intake-start"),
    path("tiep-nhan-van-ban/<int:pk>/", intake_views.intake_review, name="intake-review"),
    path(
        "tiep-nhan-van-ban/<int:pk>/tien-do/",
        intake_views.intake_progress,
        name="intake-progress",
    ),
]
