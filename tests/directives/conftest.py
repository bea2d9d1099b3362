"""Fixtures shared by the dashboard, export, period and tally tests, and the reminder sending tests."""

import datetime

import pytest
import time_machine

from tests.directives.dashboard_data import NOW
from tests.directives.reminder_helpers import (
    REMINDER_DAY,
    assign,
    morning,
    ran_on,
    smtp_mailers,
    start_sink,
)


@pytest.fixture
def frozen():
    """Stop the clock at the dashboard data's "today" (20/03/2026, 09:00 in Hà Nội)."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def sink(settings):
    """A real SMTP server (aiosmtpd) on a free port, configured as the default mailer."""
    controller, handler = start_sink()
    settings.MAILERS = smtp_mailers(controller.port)
    yield handler
    controller.stop()


@pytest.fixture
def three_heads(inspector, make_unit, make_user, city, settings):
    """Three units with a head and an item at a reminder point on REMINDER_DAY each: a part per digest."""
    settings.PCTS_REMINDER_PLAN_CHUNK_ITEMS = 1
    heads = []
    with time_machine.travel(morning(REMINDER_DAY), tick=False):
        ran_on(REMINDER_DAY - datetime.timedelta(days=1))
        for n in range(3):
            unit = make_unit(parent=city)
            heads.append(make_user(f"head{n}", unit=unit, role="head"))
            assign(inspector, unit, REMINDER_DAY + datetime.timedelta(days=3))
    return heads
