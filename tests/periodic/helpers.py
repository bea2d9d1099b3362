"""Build periodic tasks through the real services, on a clock stopped by time-machine."""

import datetime
import itertools
from zoneinfo import ZoneInfo

from django.test import Client

from directives import services
from periodic import services as periodic_services

HN = ZoneInfo("Asia/Ho_Chi_Minh")
_numbers = itertools.count(300)


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), HN)


def make_directive(inspector, issued_on=datetime.date(2026, 11, 20)):
    return services.directive_create(
        actor=inspector,
        raw_symbol=f"{next(_numbers)}/KH-UBND",
        issued_on=issued_on,
        summary="Kế hoạch công tác phòng, chống tham nhũng, tiêu cực năm 2027",
    )


def quarterly(inspector, unit, *, coordinating=(), directive=None, **extra):
    """Create a quarterly PCTN report obligation led by `unit`, starting today."""
    return periodic_services.recurrence_create(
        actor=inspector,
        directive=directive or make_directive(inspector),
        title="Báo cáo công tác phòng, chống tham nhũng",
        lead_unit=unit,
        coordinating_units=list(coordinating),
        cadence=extra.pop("cadence", "quarterly"),
        **extra,
    )


def client_for(user) -> Client:
    client = Client(headers={"X-Forwarded-Proto": "https"})
    if user is not None:
        client.force_login(user)
    return client
