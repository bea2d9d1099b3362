from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark harness: `manage.py bench` and the pieces it measures with; no models."""

    name = "bench"
    verbose_name = "PCTS bench"
