"""Fixtures shared across tests/directives: directive screens, dashboard data, reminder sending."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from directives import services
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


@pytest.fixture
def register(inspector):
    def make(
        symbol="160-KH/TU",
        issued_on=datetime.date(2025, 9, 6),
        summary="Kế hoạch thực hiện Kết luận về phòng, chống tham nhũng",
        **extra,
    ):
        return services.directive_create(
            actor=inspector, raw_symbol=symbol, issued_on=issued_on, summary=summary, **extra
        )

    return make


@pytest.fixture
def give(inspector):
    def make(
        directive,
        lead_unit,
        *,
        coordinating=(),
        deadline="31/12/2026",
        title="Tự kiểm tra việc kê khai tài sản",
    ):
        return services.task_create(
            actor=inspector,
            directive=directive,
            title=title,
            lead_unit=lead_unit,
            coordinating_units=coordinating,
            deadline_text=deadline,
        )

    return make


@pytest.fixture
def on_21_november_2026():
    with time_machine.travel(
        datetime.datetime(2026, 11, 21, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False
    ):
        yield datetime.date(2026, 11, 21)
