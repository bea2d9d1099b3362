from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Nhật ký kiểm toán")

    def ready(self):
        from audit import roles, security, triggers

        # Every migrate (re)attaches the audit trigger to every covered table, so a table added
        # by a later migration is covered as soon as it exists (tests/audit checks the list).
        post_migrate.connect(triggers.install, dispatch_uid="audit-install-triggers")
        # …and grants the app role what it needs, creating the role when it is missing.
        post_migrate.connect(roles.grant, sender=self, dispatch_uid="audit-grant-app-role")
        security.connect()
