"""manage.py bench: measure PCTS at province scale on generated data in its own database."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench import database, report, runner
from bench.scales import parse_scale


class Command(BaseCommand):
    help = (
        "Generate (or reuse) a synthetic province in the database <NAME>_bench_<scale> on the same server, "
        "measure the main pages, the reference SQL and the reminder sweep, and print a table."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            default="S",
            help="S, M, L, or custom:UNITS,DIRECTIVES,ASSIGNMENTS,REPORTS (default S)",
        )
        parser.add_argument(
            "--json", dest="json_path", help="also write the results to this JSON file"
        )
        parser.add_argument(
            "--only",
            help="comma-separated metrics: "
            f"{', '.join(report.ALL_NAMES + report.OPTIONAL_NAMES)} (load_mixed only when named)",
        )
        parser.add_argument(
            "--load-users", type=int, default=50, help="load_mixed: simulated users (default 50)"
        )
        parser.add_argument(
            "--load-seconds",
            type=int,
            default=None,
            help="load_mixed: how long (default 60 s at M and L, 15 s at S and custom)",
        )
        parser.add_argument(
            "--requests", type=int, default=50, help="timed requests per page (default 50)"
        )
        parser.add_argument(
            "--regenerate", action="store_true", help="rebuild the data even if it matches"
        )
        parser.add_argument(
            "--check-queries",
            action="store_true",
            help="exit non-zero when a query-count target is missed (dashboard ≤ 8; lists, inbox, matrix independent of rows)",
        )

    def handle(
        self,
        *args,
        scale,
        json_path,
        only,
        requests,
        regenerate,
        check_queries,
        load_users,
        load_seconds,
        **options,
    ):
        try:
            chosen = parse_scale(scale)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if requests < 1:
            raise CommandError("--requests must be at least 1")
        # Pages are measured as production runs them.
        settings.DEBUG = False
        database.as_owner()
        try:
            document = runner.run(
                chosen,
                only=only,
                requests=requests,
                regenerate=regenerate,
                load_users=load_users,
                load_seconds=load_seconds,
                log=lambda text: self.stderr.write(text),
            )
        except runner.BenchError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.table(document))
        if json_path:
            report.write_json(document, json_path)
            self.stdout.write(f"written {json_path}")
        failures = report.query_failures(document["metrics"])
        for failure in failures:
            self.stderr.write(f"query target missed: {failure}")
        if check_queries and failures:
            raise CommandError(f"{len(failures)} query-count target(s) missed")
        load = document["metrics"].get("load_mixed")
        if load and (load["errors"] or not load["requests"]):
            # Errors under load are wrong answers, not slowness: a failure at any scale.
            samples = "; ".join(load["error_samples"])
            raise CommandError(
                f"load_mixed: {load['errors']} errors of {load['requests']}: {samples}"
            )
