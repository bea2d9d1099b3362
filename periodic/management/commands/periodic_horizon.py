from django.core.management.base import BaseCommand
from django.utils import timezone

from periodic import selectors, services
from units.vietnamese import format_date


class Command(BaseCommand):
    help = "Show how far every periodic task is planned (with --extend, roll the horizon on first)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--extend", action="store_true", help="run the beat job's extension first"
        )

    def handle(self, *args, extend=False, **options):
        today = timezone.localdate()
        if extend:
            totals = services.horizons_extend(today)
            self.stdout.write(
                f"extended {totals['recurrences']} series: {totals['planned']} planned, "
                f"{totals['opened']} opened"
            )
        self.stdout.write(
            f"today {format_date(today)}, horizon {format_date(services.planning_horizon(today))}"
        )
        for row in selectors.horizon_table(today):
            recurrence = row["recurrence"]
            first, last, upcoming = row["first"], row["last"], row["next"]
            self.stdout.write(
                f"{recurrence.task.directive.symbol} | {recurrence.task.title[:50]} | "
                f"{recurrence.cadence} | {row['planned']} periods ({row['open']} open, "
                f"{row['skipped']} skipped) | "
                f"{selectors.occurrence_label(first) if first else '-'} → "
                f"{selectors.occurrence_label(last) if last else '-'} | "
                f"planned until {format_date(recurrence.planned_until)} | "
                f"next due {format_date(upcoming.due_on) if upcoming else '-'}"
            )
