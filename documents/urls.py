"""The documents' URLs: one form per kind, downloads of what was generated, the shipped templates."""

from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("van-ban/<int:pk>/cong-van-don-doc/", views.urge_letter, name="urge-letter"),
    path("van-ban/<int:pk>/bao-cao-dinh-ky/", views.periodic_report, name="periodic-report"),
    path("danh-sach-giao-ban/", views.briefing_list, name="briefing-list"),
    path("van-ban-da-tao/<int:pk>/", views.download, name="download"),
    path("mau-van-ban/<str:kind>.docx", views.default_template_download, name="default-template"),
]
