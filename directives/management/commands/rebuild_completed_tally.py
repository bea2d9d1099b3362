"""Recount the dashboard's completed tally after loading data with triggers switched off."""

from django.core.management.base import BaseCommand, CommandError

from directives import tally


class Command(BaseCommand):
    help = (
        "Recount the completed tally the dashboard reads (kept by triggers; needed only after a load "
        "with triggers off). --check reports drift and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="report drift, exit 1 if any; write nothing"
        )

    def handle(self, *args, **options):
        if options["check"]:
            wrong = tally.drift()
            for unit_id, role, is_key, month, on_time, counted, kept in wrong[:50]:
                self.stdout.write(
                    f"unit {unit_id} {role} key={is_key} {month} on_time={on_time}:"
                    f" rows {counted}, tally {kept}"
                )
            if wrong:
                raise CommandError(
                    f"the completed tally is wrong for {len(wrong)} keys; run without --check"
                )
            self.stdout.write("The completed tally matches the assignments.")
            return
        self.stdout.write(f"Completed tally rebuilt: {tally.rebuild()} rows.")
