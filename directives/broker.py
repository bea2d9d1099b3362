"""Hand work to the Celery broker without ever hanging or failing the caller when it is down."""

import logging

from celery import current_app

logger = logging.getLogger(__name__)


def publish(task, args=None, **options) -> bool:
    """Hand `task` (a task or its name) to the broker, giving up within seconds when it is down; say whether it went.

    Kombu would otherwise retry the connection forever and hang the web request; the database
    keeps the work either way (the reminder ledger), and the next sweep does it. By name, the task
    is looked up in the Celery app's registry (directives.apps registers the tasks), so a service
    need not import directives.tasks, which imports the services.
    """
    try:
        if isinstance(task, str):
            task = current_app.tasks[task]
        app = task.app
        if app.conf.task_always_eager:
            task.apply_async(args=args, **options)
            return True
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0.2, interval_step=0.2, timeout=5)
            task.apply_async(args=args, connection=conn, retry=False, **options)
        return True
    except Exception:  # kombu raises several types when Redis is down; the database keeps the work
        logger.warning(
            "Broker unavailable: %s%s not enqueued; the next sweep does the work.",
            getattr(task, "name", task),
            args or "",
            exc_info=True,
        )
        return False
