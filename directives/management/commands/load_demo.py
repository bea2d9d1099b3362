from django.core.management.base import BaseCommand

from directives import demo


class Command(BaseCommand):
    help = (
        "Load the demo data built from the seed texts (idempotent: a second run changes nothing)."
    )

    def handle(self, *args, **options):
        demo.load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
