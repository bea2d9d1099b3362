"""Run the reminder sweep for one day and send synchronously, without a broker."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from directives import reminders
from directives.models import ReminderDelivery
from directives.reminders import texts
from units.vietnamese import format_date


class Command(BaseCommand):
    help = (
        "Plan the day's reminder digests (once, whatever the hour) and send every due reminder now, "
        "through EMAIL_HOST/EMAIL_PORT like the app. --dry-run writes and sends nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="the day to plan, YYYY-MM-DD (default: today, Asia/Ho_Chi_Minh)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="print what would be sent; write nothing"
        )

    def handle(self, *args, **options):
        try:
            day = (
                datetime.date.fromisoformat(options["date"])
                if options["date"]
                else timezone.localdate()
            )
        except ValueError as exc:
            raise CommandError(f"--date must be YYYY-MM-DD: {exc}") from exc
        if options["dry_run"]:
            self._dry_run(day)
            return
        self.stdout.write(f"Reminders for {format_date(day)}: planning…")
        summary = reminders.run_for_day(day, progress=self._progress)
        if not summary.planned:
            self.stdout.write(
                "The digests of this day were planned already; sending what is still due."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"recipients: {summary.recipients}  digests: {summary.digests}  items: {summary.items}  "
                f"skipped: {summary.skipped}  sent: {summary.sent}  failed: {summary.failed}  "
                f"retrying: {summary.retrying}  seconds: {summary.seconds:.2f}"
            )
        )

    def _progress(self, result):
        self.stdout.write(
            f"  sent {result.sent}, failed {result.failed}, retrying {result.retrying}…"
        )

    def _dry_run(self, day):
        summary = reminders.run_for_day(day, dry_run=True)
        if not summary.planned:
            pending = ReminderDelivery.objects.filter(
                state__in=[ReminderDelivery.State.PENDING, ReminderDelivery.State.SENDING]
            ).count()
            self.stdout.write(
                f"The digests of {format_date(day)} were planned already; {pending} reminder(s) wait to be sent."
            )
            return
        for digest in summary.details:
            cc = ", ".join(u.email for u in digest.cc if u.email)
            address = digest.recipient.email or "(no e-mail address: skipped)"
            self.stdout.write(f"{digest.recipient} <{address}>" + (f"  cc: {cc}" if cc else ""))
            for item in digest.items:
                marker = "*" if item.triggered else " "
                escalated = (
                    f"  [escalated, level {item.escalation_level}]" if item.escalation_level else ""
                )
                self.stdout.write(
                    f"  {marker} {item.symbol}: {item.task_title[:60]} – {item.unit_name} – "
                    f"{format_date(item.deadline)} – {texts.status_text(item)}{escalated}"
                )
        self.stdout.write(
            self.style.SUCCESS(
                f"dry run – recipients: {summary.recipients}  digests: {summary.digests}  items: {summary.items}  "
                f"skipped: {summary.skipped}  failed: 0  (nothing written or sent)"
            )
        )
