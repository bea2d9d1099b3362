"""Thin Celery tasks for large imports: ids in, a service called."""

from celery import shared_task
from django.conf import settings

from imports import intake, services


@shared_task(
    name="imports.tasks.batch_check",
    soft_time_limit=settings.PCTS_IMPORT_TIME_LIMIT,
    time_limit=settings.PCTS_IMPORT_TIME_LIMIT + 60,
)
def batch_check(batch_id: int) -> None:
    """Check a large batch; a rerun checks it again and replaces its rows (writes nothing else)."""
    services.batch_check(batch_id)


@shared_task(
    name="imports.tasks.batch_apply",
    soft_time_limit=settings.PCTS_IMPORT_TIME_LIMIT,
    time_limit=settings.PCTS_IMPORT_TIME_LIMIT + 60,
)
def batch_apply(batch_id: int, actor_id: int) -> None:
    """Apply a claimed batch; a rerun after it was applied is refused and changes nothing."""
    try:
        services.apply_rows(batch_id, actor_id)
    except Exception:  # the batch records the message; the page shows it
        return


@shared_task(
    name="imports.tasks.intake_ocr",
    soft_time_limit=settings.PCTS_OCR_TIME_LIMIT + 60,
    time_limit=settings.PCTS_OCR_TIME_LIMIT + 120,
)
def intake_ocr(draft_id: int) -> None:
    """Read a long scan into its draft; a rerun once it was read does nothing."""
    intake.intake_ocr(draft_id)
