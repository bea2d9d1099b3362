"""Fixtures shared by the dashboard, export, period and tally tests."""

import pytest
import time_machine

from tests.directives.dashboard_data import NOW


@pytest.fixture
def frozen():
    """Stop the clock at the dashboard data's "today" (20/03/2026, 09:00 in Hà Nội)."""
    with time_machine.travel(NOW, tick=False):
        yield
