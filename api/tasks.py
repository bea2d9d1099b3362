"""The webhook outbox's Celery task: ids in, a send, and what a rerun does in the docstring."""

from celery import shared_task
from celery.signals import worker_ready

from api import webhooks
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
