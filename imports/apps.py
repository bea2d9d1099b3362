from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = _("Nhập dữ liệu")

    def ready(self):
        # Register the Celery tasks in every process (see directives.apps).
        from imports import tasks  # noqa: F401
