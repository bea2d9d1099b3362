"""Clients that sign in through the real forms, from a chosen address."""

import contextlib
import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from tests.directives.reminder_helpers import smtp_mailers, start_sink

PASSWORD = "Mat-khau-dai-2026"  # tests/conftest.py's make_user
PAGE = "/viec-cua-toi/"  # the inbox: every persona may open it
HTTPS = {"X-Forwarded-Proto": "https"}


def browser(ip="198.51.100.10", **extra) -> Client:
    """Return a fresh client (no session) speaking from `ip`."""
    return Client(headers=HTTPS, REMOTE_ADDR=ip, **extra)


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post("/dang-nhap/", {"username": username, "password": password}, **extra)


def enter_code(client, code, next_url=""):
    return client.post("/dang-nhap/ma-xac-thuc/", {"code": code, "next": next_url})


@contextlib.contextmanager
def later(**delta):
    """Run the block that much later (the clock keeps ticking from there).

    The destination carries the local zone (a ZoneInfo), so naive local clocks move alike.
    """
    with time_machine.travel(timezone.localtime() + datetime.timedelta(**delta), tick=True):
        yield


@pytest.fixture
def sink(settings):
    """A real SMTP server (aiosmtpd) on a free port, configured as the default mailer."""
    controller, handler = start_sink()
    settings.MAILERS = smtp_mailers(controller.port)
    yield handler
    controller.stop()
