"""Build reminder scenarios through the real services, an SMTP sink, and a set-based bulk generator."""

import contextlib
import datetime
import itertools
import logging
import socket
import threading
import uuid
import zoneinfo
from collections import Counter
from email import message_from_bytes
from email.header import decode_header, make_header

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from directives import services
from directives.models import Assignment, Directive, ReminderRun, Task
from units.models import Membership, Unit, User

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
_numbers = itertools.count(500)


# The Monday of the reminder tests that share the three_heads fixture.
REMINDER_DAY = datetime.date(2026, 3, 2)


def morning(day: datetime.date, hour: int = 8) -> datetime.datetime:
    """Return `hour` o'clock of `day` in Hà Nội, for time_machine.travel."""
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=HANOI)


def make_directive(
    inspector, *, issued_on=datetime.date(2026, 1, 5), tracking_officer=None
) -> Directive:
    return services.directive_create(
        actor=inspector,
        raw_symbol=f"{next(_numbers)}/KH-UBND",
        issued_on=issued_on,
        summary="Kế hoạch phòng, chống tham nhũng, tiêu cực năm 2026",
        tracking_officer=tracking_officer,
    )


def assign(
    inspector, unit, deadline: datetime.date | None, *, directive=None, title=None, coordinating=()
) -> Assignment:
    """Create a task led by `unit` with `deadline` (through task_create) and return the unit's assignment."""
    task = services.task_create(
        actor=inspector,
        directive=directive or make_directive(inspector),
        title=title or f"Nhiệm vụ thử nghiệm {next(_numbers)}",
        lead_unit=unit,
        coordinating_units=coordinating,
        deadline_text=f"{deadline:%d/%m/%Y}" if deadline else "",
    )
    return task.assignments.get(unit=unit)


def block_digest(day: datetime.date, person: User, inspector: User):
    """Create a row holding `person`'s digest key of `day`, so that writing that digest fails (a planner dying there)."""
    from directives.models import ReminderDelivery
    from directives.reminders import ledger

    return ReminderDelivery.objects.create(
        key=ledger.digest_key(day, person.pk),
        kind=ReminderDelivery.Kind.MANUAL,
        day=day,
        recipient=inspector,
        request_id=uuid.uuid4(),
        state=ReminderDelivery.State.SENT,
    )


@contextlib.contextmanager
def migrated_back():
    """Let a test migrate the database back and forth; leave it at the latest migration afterwards."""
    from django.db.migrations.executor import MigrationExecutor

    # Every app's latest: migrating directives back also unapplies the apps built on it (periodic).
    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        yield
    finally:
        migrate_to(leaf)


def two_manual_mails(inspector, unit_a, unit_b, head_a, head_b):
    """Send a đôn đốc for two items of unit A (one 5 days late, one without deadline) and one of unit B.

    Return (deadline, (a1, a2, b1), mail to head_a, mail to head_b).
    """
    from directives.reminders import ledger

    deadline = timezone.localdate() - datetime.timedelta(days=5)
    a1, a2 = assign(inspector, unit_a, deadline), assign(inspector, unit_a, None)
    b1 = assign(inspector, unit_b, deadline)
    mails = ledger.manual_reminder_send(
        actor=inspector, assignments=Assignment.objects.filter(pk__in=[a1.pk, a2.pk, b1.pk])
    )
    mail_a = next(m for m in mails if m.recipient == head_a)
    mail_b = next(m for m in mails if m.recipient == head_b)
    return deadline, (a1, a2, b1), mail_a, mail_b


def migrate_to(targets) -> None:
    """Migrate the test database to `targets` (e.g. [("directives", "0011_…")])."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def ran_on(day: datetime.date) -> None:
    """Record that a sweep planned `day`, so the next sweep's catch-up window starts the day after."""
    ReminderRun.objects.create(day=day, window_start=day, completed_at=timezone.now())


# --------------------------------------------------------------------------- SMTP sink


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    """An aiosmtpd handler keeping every accepted message; `reply` can refuse them (e.g. "451 …")."""

    def __init__(self, *, delay: float = 0.0):
        self.lock = threading.Lock()
        self.messages: list[dict] = []  # reminder mails
        self.events: list[dict] = []  # event mails (X-PCTS-Event), kept apart from the reminders
        self.sessions = 0
        self.reply: str | None = None
        self.delay = delay
        self.on_data = None  # called (in the sink's thread) before answering a message
        self.refuse_recipients: str | None = None  # e.g. "450 …": the answer to every RCPT TO

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802
        with self.lock:
            self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.refuse_recipients:
            return self.refuse_recipients
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.delay:
            import asyncio

            await asyncio.sleep(self.delay)
        if self.on_data:
            self.on_data()
        if self.reply:
            return self.reply
        parsed = message_from_bytes(envelope.original_content)
        with self.lock:
            (self.events if parsed["X-PCTS-Event"] else self.messages).append(
                {
                    "to": list(envelope.rcpt_tos),
                    "message_id": parsed["Message-ID"],
                    "key": parsed["X-PCTS-Reminder"],
                    "subject": str(make_header(decode_header(parsed["Subject"]))),
                    "message": parsed,
                }
            )
        return "250 OK"

    def keys(self) -> Counter:
        with self.lock:
            return Counter(m["key"] for m in self.messages)


def start_sink(port: int | None = None, **kwargs):
    """Start an aiosmtpd sink on 127.0.0.1; return (controller, sink)."""
    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(
        logging.WARNING
    )  # aiosmtpd logs every SMTP command at INFO
    sink = Sink(**kwargs)
    controller = Controller(sink, hostname="127.0.0.1", port=port or free_port(), ready_timeout=10)
    controller.start()
    return controller, sink


def smtp_mailers(port: int, *, timeout: int = 5) -> dict:
    """Return a MAILERS setting that sends to the local sink on `port`."""
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": timeout},
        }
    }


def text_part(parsed) -> str:
    for part in parsed.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode("utf-8")
    return ""


def html_part(parsed) -> str:
    for part in parsed.walk():
        if part.get_content_type() == "text/html":
            return part.get_payload(decode=True).decode("utf-8")
    return ""


# --------------------------------------------------------------------------- bulk generator


def generate_overdue(
    *, units: int, assignments: int, day: datetime.date, days_late=(7, 14, 30, 35, 3, 10)
) -> dict:
    """Insert `assignments` overdue lead assignments spread over `units` units, each with a head, set-based.

    Returns counts. Days late cycle through `days_late`, so reminder points, escalations and listed-only
    items are all present. Rows go in with bulk inserts and one INSERT … SELECT for assignments.
    """
    tag = uuid.uuid4().hex[:6]
    city = Unit.objects.create(
        code=f"CITY-{tag}", name=f"UBND thành phố {tag}", kind=Unit.Kind.CITY
    )
    inspectorate = Unit.objects.create(
        code=f"TT-{tag}", name=f"Thanh tra {tag}", kind=Unit.Kind.INSPECTORATE, parent=city
    )
    password = make_password(None)
    unit_rows = Unit.objects.bulk_create(
        [
            Unit(
                code=f"G{tag}-{n:04d}",
                name=f"Đơn vị {n:04d}",
                kind=Unit.Kind.DEPARTMENT,
                parent=city,
                name_search=f"don vi {n:04d}",
                name_sort=f"don vi {n:04d}",
            )
            for n in range(units)
        ]
    )
    people = [(u, "head") for u in [city, inspectorate, *unit_rows]]
    users = User.objects.bulk_create(
        [
            User(
                username=f"head-{tag}-{u.code}".lower(),
                email=f"head-{u.code}@bench.pcts.vn".lower(),
                full_name=f"Thủ trưởng {u.name}",
                password=password,
            )
            for u, _role in people
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(user=user, unit=unit, role=role, valid_from=datetime.date(2025, 1, 1))
            for user, (unit, role) in zip(users, people, strict=True)
        ]
    )
    directive = Directive.objects.create(
        raw_symbol=f"9{tag[:3]}/KH-UBND",
        symbol=f"{tag}/KH-UBND",
        symbol_kind="state",
        number=tag,
        issuer_code="UBND",
        track="state",
        identity_key=f"bench|{tag}",
        issued_on=datetime.date(2025, 1, 2),
        summary="Kế hoạch sinh dữ liệu đo",
        tracking_officer=users[1],
    )
    Task.objects.bulk_create(
        [
            Task(directive=directive, position=n + 1, title=f"Nhiệm vụ đo {n + 1}")
            for n in range(assignments)
        ],
        batch_size=5000,
    )
    lates = list(days_late)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {Assignment._meta.db_table}
                (task_id, unit_id, role, deadline_text, deadline_kind, deadline_flagged, original_deadline,
                 effective_deadline, state, progress_percent, assigned_at)
            SELECT t.id, u.ids[1 + (t.position - 1) %% %s], 'lead', '', 'date', false,
                   %s::date - (%s::int[])[1 + (t.position - 1) %% %s], %s::date - (%s::int[])[1 + (t.position - 1) %% %s],
                   'in_progress', 10, now()
            FROM {Task._meta.db_table} t, (SELECT %s::bigint[] AS ids) u
            WHERE t.directive_id = %s
            """,
            [
                units,
                day,
                lates,
                len(lates),
                day,
                lates,
                len(lates),
                [u.pk for u in unit_rows],
                directive.pk,
            ],
        )
    return {
        "units": units,
        "assignments": assignments,
        "directive": directive,
        "heads": len(unit_rows),
    }


# --------------------------------------------------------------------------- Celery in the test process


@contextlib.contextmanager
def celery_app(*, broker_url: str | None = None, eager: bool = False):
    """Point this process's Celery app at `broker_url` (or run tasks eagerly) for the block."""
    from pcts.celery import app

    saved = app.conf.broker_url, app.conf.task_always_eager

    def reset_pools():
        # Drop this app's cached pools so the next publish connects to the current broker URL.
        app._pool = None
        if "amqp" in app.__dict__:
            app.__dict__["amqp"]._producer_pool = None

    reset_pools()
    if broker_url:
        app.conf.broker_url = broker_url
    app.conf.task_always_eager = eager
    try:
        yield app
    finally:
        reset_pools()
        app.conf.broker_url, app.conf.task_always_eager = saved
