from django.urls import path

from directives.views import reminders as views

urlpatterns = [
    path("nhiem-vu/<int:pk>/don-doc/", views.assignment_remind, name="assignment-remind"),
    path("don-vi/<int:pk>/don-doc/", views.unit_remind, name="unit-remind"),
    path("van-ban/<int:pk>/don-doc/", views.directive_remind, name="directive-remind"),
    path("thong-bao/", views.notification_list, name="notification-list"),
    path("thong-bao/<int:pk>/", views.notification_detail, name="notification-detail"),
]
