"""manage.py restore: a backup into an empty database and an empty media folder."""

from django.core.management.base import BaseCommand, CommandError

from ops import backup


class Command(BaseCommand):
    help = (
        "Restore a `manage.py backup` directory into the configured database (it must have no "
        "table) and MEDIA_ROOT (it must hold no file), after checking every checksum."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="the backup directory")

    def handle(self, *args, source, **options):
        try:
            manifest = backup.restore(source)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"restored {source}: {backup.describe(manifest)}")
