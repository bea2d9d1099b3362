from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Tài khoản và đăng nhập")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts.middleware import start_session_clock

        user_logged_in.connect(start_session_clock, dispatch_uid="accounts-session-clock")
