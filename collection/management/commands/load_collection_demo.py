from django.core.management.base import BaseCommand

from collection.demo import load_collection_demo


class Command(BaseCommand):
    help = "Add the example PCTN report form (TT 06/2025, to check) and one open round."

    def handle(self, *args, **options):
        form = load_collection_demo()
        self.stdout.write(f"{form}: {form.rounds.count()} round(s)")
