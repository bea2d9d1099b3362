from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running PCTS: health, heartbeats, the production server, backups, request logging."""

    name = "ops"
    verbose_name = _("Vận hành")
