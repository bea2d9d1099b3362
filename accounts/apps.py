from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Tài khoản và đăng nhập")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from accounts import signins
        from accounts.middleware import start_session_clock

        user_logged_in.connect(start_session_clock, dispatch_uid="accounts-session-clock")
        user_logged_in.connect(signins.record, dispatch_uid="accounts-sign-in-record")
        user_logged_out.connect(signins.forget, dispatch_uid="accounts-sign-in-forget")
