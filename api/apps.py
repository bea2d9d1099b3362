from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Giao diện lập trình (API)")

    def ready(self):
        # Every event also writes this app's webhook outbox rows (directives.events.EVENT_OUTBOXES),
        # and the Celery task that sends them is registered in every process, like directives'.
        from api import tasks, webhooks  # noqa: F401
        from directives import events

        if webhooks.write_deliveries not in events.EVENT_OUTBOXES:
            events.EVENT_OUTBOXES.append(webhooks.write_deliveries)
