from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeriodicConfig(AppConfig):
    name = "periodic"
    verbose_name = _("Nhiệm vụ định kỳ")

    def ready(self):
        # An occurrence's skip or move is told on each of its assignments' timelines.
        from directives import timeline
        from periodic import tasks  # noqa: F401  (registers the beat job by name)
        from periodic.selectors import occurrence_timeline

        if occurrence_timeline not in timeline.SOURCES:
            timeline.SOURCES.append(occurrence_timeline)
