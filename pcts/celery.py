"""The Celery app, configured from Django settings (CELERY_* names), with the beat schedule as data."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcts.settings")

app = Celery("pcts", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The same variable as settings.PCTS_REMINDER_SWEEP_SECONDS (read here: this module is imported
# with the package, before the settings may be loaded).
SWEEP_SECONDS = float(os.environ.get("PCTS_REMINDER_SWEEP_SECONDS") or 600)

# Times are UTC. The sweep runs often and is idempotent: it does the day's work once, after the
# configured local hour, and catches up after downtime.
app.conf.beat_schedule = {
    "reminders-sweep": {
        "task": "directives.tasks.reminders_sweep",
        "schedule": SWEEP_SECONDS,
        "options": {"expires": SWEEP_SECONDS * 0.9},
    },
    # "Item overdue" events for the webhooks (directives/events/overdue.py).
    "overdue-events": {
        "task": "directives.tasks.overdue_events",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
    # The event outbox's sweep: sends what the after-commit task missed (broker, worker, SMTP down).
    "events-sweep": {
        "task": "directives.tasks.events_send",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # The webhook outbox's sweep (api.webhooks), likewise.
    "webhooks-sweep": {
        "task": "api.tasks.webhooks_send",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Idempotency-Keys older than PCTS_API_IDEMPOTENCY_HOURS are forgotten.
    "api-idempotency-prune": {
        "task": "api.tasks.idempotency_prune",
        "schedule": 86400.0,
        "options": {"expires": 3600},
    },
    # The working-day calendar rolls forward: Vietnam's holidays seeded up to two years ahead.
    "holidays-roll": {
        "task": "directives.tasks.holidays_roll",
        "schedule": 86400.0,
        "options": {"expires": 3600},
    },
    # Periodic tasks' occurrences: plan the rolling horizon on and open the periods that began.
    "periodic-horizons": {
        "task": "periodic.tasks.horizons_extend",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
    "collection-rounds": {
        "task": "collection.tasks.rounds_plan",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
    # Reminders of unsent periodic reports, with the reminder sweep (collection/reminders.py).
    "collection-reminders": {
        "task": "collection.tasks.submissions_remind",
        "schedule": SWEEP_SECONDS,
        "options": {"expires": SWEEP_SECONDS * 0.9},
    },
}
