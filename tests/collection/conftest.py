"""Fixtures of tests/collection: the real SMTP sink the directives' event tests use."""

import pytest

from tests.directives.reminder_helpers import smtp_mailers, start_sink


@pytest.fixture
def sink(settings):
    """A real SMTP server (aiosmtpd) on a free port, configured as the default mailer."""
    controller, handler = start_sink()
    settings.MAILERS = smtp_mailers(controller.port)
    yield handler
    controller.stop()
