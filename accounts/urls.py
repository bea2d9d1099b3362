from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import profile_views, reset_views, signins, views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-nhap/ma-xac-thuc/", views.verify, name="verify"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/", profile_views.profile, name="profile"),
    path("tai-khoan/phien/<uuid:pk>/ket-thuc/", signins.end_one, name="session-end"),
    path("tai-khoan/phien/ket-thuc-khac/", signins.end_others, name="sessions-end-others"),
    path("tai-khoan/mat-khau/", profile_views.PasswordChangeView.as_view(), name="password-change"),
    path("tai-khoan/hai-lop/dang-ky/", views.enrol, name="enrol"),
    path("tai-khoan/hai-lop/ma-du-phong/", profile_views.backup_codes_new, name="backup-codes"),
    path("tai-khoan/hai-lop/tat/", profile_views.two_factor_disable, name="two-factor-disable"),
    path("tai-khoan/xac-nhan-lai/", profile_views.reauth, name="reauth"),
    path("quen-mat-khau/", reset_views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "quen-mat-khau/da-gui/",
        reset_views.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        reset_views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "dat-lai-mat-khau/xong/",
        reset_views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
]
