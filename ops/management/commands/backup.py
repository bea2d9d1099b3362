"""manage.py backup: the database and the media folder into one checked directory."""

import datetime
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ops import backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump custom format, the server's own version) and MEDIA_ROOT "
        "with a manifest of sha256 checksums, into --output or PCTS_BACKUP_DIR/pcts-<UTC time>."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="the backup directory to create (must not exist)")
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="afterwards delete all but the newest KEEP backups in PCTS_BACKUP_DIR (0: none)",
        )

    def handle(self, *args, output, keep, **options):
        root = Path(settings.PCTS_BACKUP_DIR)
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        target = Path(output) if output else root / f"pcts-{stamp}"
        try:
            result = backup.backup(target)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{result.path}: {backup.describe(result.manifest)}")
        if keep > 0:
            for old in sorted(root.glob("pcts-*"), reverse=True)[keep:]:
                if (old / backup.MANIFEST).exists():
                    shutil.rmtree(old)
                    self.stdout.write(f"deleted {old}")
