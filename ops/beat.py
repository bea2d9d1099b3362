"""Celery beat's scheduler with a heartbeat: every tick marks beat alive (at most every 15 s)."""

import time

from celery.beat import PersistentScheduler
from django.db import close_old_connections, connection

RECORD_EVERY_SECONDS = 15


class HeartbeatScheduler(PersistentScheduler):
    _recorded_at = 0.0

    def tick(self, *args, **kwargs):
        if time.monotonic() - self._recorded_at >= RECORD_EVERY_SECONDS:
            from ops import heartbeat

            if not connection.in_atomic_block:
                close_old_connections()  # beat idles between ticks: the server may have closed it
            heartbeat.record(heartbeat.BEAT)
            self._recorded_at = time.monotonic()
        return super().tick(*args, **kwargs)
