from django.core.management.base import BaseCommand

from periodic.demo import load_periodic_demo


class Command(BaseCommand):
    help = "Add the periodic tasks and the yearly PCTN task template to the demo data (idempotent)."

    def handle(self, *args, **options):
        added = load_periodic_demo()
        self.stdout.write(
            self.style.SUCCESS(f"Periodic demo ready ({added} periodic tasks added).")
        )
