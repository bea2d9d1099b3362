from django.urls import path

from directives import views

app_name = "directives"

urlpatterns = [
    path("", views.home, name="home"),
]
