from django.urls import path

from directives.views import dashboard as views

urlpatterns = [
    path("tong-hop/", views.dashboard, name="dashboard"),
    path("tong-hop/xuat.<str:fmt>", views.dashboard_export, name="dashboard-export"),
    path("tong-hop/danh-sach/", views.dashboard_list, name="dashboard-list"),
    path(
        "tong-hop/danh-sach/xuat.<str:fmt>",
        views.dashboard_list_export,
        name="dashboard-list-export",
    ),
    path("tong-hop/api/van-ban/", views.directive_search, name="dashboard-directive-search"),
    path("tong-hop/api/don-vi/", views.unit_search, name="dashboard-unit-search"),
    path("tong-hop/api/co-quan-ban-hanh/", views.issuer_search, name="dashboard-issuer-search"),
]
