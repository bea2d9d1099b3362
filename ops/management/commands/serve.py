"""manage.py serve: collect static files, then replace this process with gunicorn."""

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand

from ops import serving


class Command(BaseCommand):
    help = (
        "Run the production server: gunicorn with workers sized from the host (see ops/serving.py), "
        "bound to PCTS_BIND (default 127.0.0.1:PCTS_PORT), static files by whitenoise."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="skip collectstatic (the image collected them at build time)",
        )
        parser.add_argument(
            "--print", action="store_true", help="print the gunicorn command instead of running it"
        )

    def handle(self, *args, no_collectstatic, print: bool, **options):
        argv = serving.gunicorn_argv()
        if print:
            self.stdout.write(" ".join(argv))
            return
        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stderr.write(f"PCTS: serving with {' '.join(argv[3:])}")
        self.stderr.flush()
        os.execv(argv[0], argv)
