from django.urls import path

from directives.views import dashboard as views

urlpatterns = [
    path("tong-hop/", views.dashboard, name="dashboard"),
]
