"""Report collection's beat job: a thin Celery task, what a rerun does in the docstring."""

from celery import shared_task

from collection import reminders, services
from directives.reminders import is_due


@shared_task(name="collection.tasks.rounds_plan", acks_late=True)
def rounds_plan() -> dict:
    """Plan every obligation's rounds up to the horizon and open the rounds whose period began.

    A rerun on the same day plans and opens nothing more (a round is unique per form and period).
    """
    return services.horizons_extend()


@shared_task(name="collection.tasks.submissions_remind", acks_late=True)
def submissions_remind() -> dict:
    """After PCTS_REMINDER_HOUR, remind the units of unsent periodic reports at each reminder point.

    A rerun tells nothing more: each (submission, stage) is written once (collection/reminders.py).
    """
    if not is_due():
        return {"reminded": 0, "skipped": 0}
    return reminders.submissions_remind()
