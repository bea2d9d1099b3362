"""`manage.py migrate` runs as the database owner ("owner" alias), never as the app role.

The app connects as a role that owns nothing (audit/roles.py), so DDL must come from the owner;
after migrating, post_migrate grants the app role what it needs. `--database` still overrides.
"""

from django.core.management.commands.migrate import Command as MigrateCommand
from django.db import connections

from audit.roles import OWNER_ALIAS


class Command(MigrateCommand):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        if OWNER_ALIAS in connections.settings:
            parser.set_defaults(database=OWNER_ALIAS)
