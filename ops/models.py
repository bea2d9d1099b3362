from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last time a periodic process (beat, the reminder sweep) showed it is alive."""

    name = models.CharField(_("tên"), max_length=64, primary_key=True)
    at = models.DateTimeField(_("lúc"))

    class Meta:
        verbose_name = _("nhịp hoạt động")
        verbose_name_plural = _("nhịp hoạt động")

    def __str__(self):
        return f"{self.name} @ {self.at:%Y-%m-%d %H:%M:%S}"
