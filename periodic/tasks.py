"""The periodic app's beat job: a thin Celery task, what a rerun does in the docstring."""

from celery import shared_task

from periodic import services


@shared_task(name="periodic.tasks.horizons_extend", acks_late=True)
def horizons_extend() -> dict:
    """Plan every running recurrence up to the horizon and open the periods begun by today.

    A rerun on the same day plans and opens nothing more (each period is planned and opened once).
    """
    return services.horizons_extend()
