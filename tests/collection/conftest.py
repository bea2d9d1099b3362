"""Fixtures of tests/collection: a quarter's round of two units, and the real SMTP sink."""

import datetime

import pytest

from collection import services
from collection.demo import load_example_form
from directives.periods import PeriodKind, make_period
from tests.directives.reminder_helpers import smtp_mailers, start_sink


@pytest.fixture
def sink(settings):
    """A real SMTP server (aiosmtpd) on a free port, configured as the default mailer."""
    controller, handler = start_sink()
    settings.MAILERS = smtp_mailers(controller.port)
    yield handler
    controller.stop()


@pytest.fixture
def round_(unit_a, unit_b):
    """The example form's round of the first report quarter of 2027 (opened 05/01/2027)."""
    period = make_period(PeriodKind.REPORT_QUARTER, 2027, 1)
    return services.round_plan(
        form=load_example_form(),
        period=period,
        units=[unit_a, unit_b],
        today=datetime.date(2027, 1, 5),
    )
