from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    name = "directives"
    verbose_name = _("Văn bản chỉ đạo")

    def ready(self):
        # Register the Celery tasks in every process, so that services can hand work to them by
        # name (directives.broker.publish) without importing directives.tasks.
        from directives import tasks  # noqa: F401
