from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectionConfig(AppConfig):
    name = "collection"
    verbose_name = _("Thu thập báo cáo định kỳ")

    def ready(self):
        from collection import tasks  # noqa: F401  (registers the beat job by name)
