"""Remove stored files no attachment names; tell which attachments have lost their file."""

from django.core.management.base import BaseCommand

from directives import attachments


class Command(BaseCommand):
    help = (
        "Delete files under the attachments folder that no attachment row names (left by a "
        "refused upload before files were written after commit) and list attachment rows whose "
        "file is missing. --dry-run lists and deletes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list, delete nothing")

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        orphans = attachments.orphan_files()
        for name in orphans[:200]:
            self.stdout.write(f"{'would delete' if dry_run else 'delete'} {name}")
        if len(orphans) > 200:
            self.stdout.write(f"… and {len(orphans) - 200} more")
        if dry_run:
            self.stdout.write(f"{len(orphans)} orphan files; nothing deleted (--dry-run).")
        else:
            freed = attachments.delete_files(orphans)
            self.stdout.write(
                f"{len(orphans)} orphan files deleted, {freed / 1024 / 1024:.1f} MB freed."
            )
        missing = attachments.missing_files()
        for row in missing[:200]:
            self.stdout.write(
                f"attachment {row.pk} ({row.original_name}): file {row.file.name} is missing"
            )
        if missing:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(missing)} attachments have no file; restore them from a backup."
                )
            )
