from django.urls import path

from ops import views

app_name = "ops"

urlpatterns = [
    path("readyz", views.readyz, name="readyz"),
]
