from django.urls import path

from directives.routes import assignments, dashboard, directives, reminders
from directives.views import common

app_name = "directives"

urlpatterns = [
    path("", common.home, name="home"),
    *directives.urlpatterns,
    *assignments.urlpatterns,
    *reminders.urlpatterns,
    *dashboard.urlpatterns,
]
