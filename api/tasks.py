"""The API's Celery tasks: the webhook outbox's send, and forgetting old idempotency keys."""

from celery import shared_task
from celery.signals import worker_ready

from api import idempotency, webhooks
from directives.broker import publish


@shared_task(name="api.tasks.webhooks_send", acks_late=True, reject_on_worker_lost=True)
def webhooks_send(delivery_ids: list[int] | None = None) -> dict:
    """Send the given webhook rows (or every due one); a rerun skips rows already sent or leased.

    Enqueued after the commit that wrote them, and by beat every minute (the sweep: what a broker,
    worker or receiver outage left). A failed row waits its backoff; the sweep picks it up then.
    """
    return webhooks.send_due(ids=delivery_ids)


@worker_ready.connect
def _sweep_when_a_worker_starts(sender=None, **kwargs):
    publish(webhooks_send)


@shared_task(name="api.tasks.idempotency_prune")
def idempotency_prune() -> int:
    """Forget Idempotency-Keys older than PCTS_API_IDEMPOTENCY_HOURS (daily, by beat); a rerun deletes nothing new."""
    return idempotency.prune()
