"""Report collection's beat job: a thin Celery task, what a rerun does in the docstring."""

from celery import shared_task

from collection import services


@shared_task(name="collection.tasks.rounds_plan", acks_late=True)
def rounds_plan() -> dict:
    """Plan every obligation's rounds up to the horizon and open the rounds whose period began.

    A rerun on the same day plans and opens nothing more (a round is unique per form and period).
    """
    return services.horizons_extend()
