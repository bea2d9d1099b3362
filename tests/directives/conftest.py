"""Fixtures shared by the dashboard, export, period and tally tests, and the reminder sending tests."""

import pytest
import time_machine

from tests.directives.dashboard_data import NOW
from tests.directives.reminder_helpers import smtp_mailers, start_sink


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
