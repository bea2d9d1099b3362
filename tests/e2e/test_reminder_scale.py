"""Province scale: 10,000 overdue assignments over 500 units become one digest per person, sent to a sink."""

import time

import pytest
from django.utils import timezone

from directives import reminders
from directives.models import ReminderDelivery
from tests.directives.reminder_helpers import generate_overdue, smtp_mailers, start_sink

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_ten_thousand_overdue_assignments_go_out_as_one_digest_per_person(settings, capsys):
    day = timezone.localdate()
    started = time.monotonic()
    generated = generate_overdue(units=500, assignments=10_000, day=day)
    generation_seconds = time.monotonic() - started
    controller, sink = start_sink()
    settings.MAILERS = smtp_mailers(controller.port, timeout=30)
    try:
        summary = reminders.run_for_day(day)
    finally:
        controller.stop()
    # Every unit head, plus the city's head (escalations after 14 days) and the inspectorate's head,
    # who also tracks the directive (escalations after 30 days): one digest each.
    assert summary.digests == generated["heads"] + 2
    assert summary.sent == summary.digests and summary.failed == 0
    assert sorted(sink.keys().values()) == [1] * summary.digests
    assert set(ReminderDelivery.objects.values_list("state", flat=True)) == {
        ReminderDelivery.State.SENT
    }
    lates = [(7, 14, 30, 35, 3, 10)[n % 6] for n in range(10_000)]
    assert summary.items == 10_000 + sum(n >= 14 for n in lates) + sum(n >= 30 for n in lates)
    with capsys.disabled():
        print(
            f"\nreminders at scale: {generated['assignments']} overdue assignments, {generated['units']} units "
            f"(generated in {generation_seconds:.1f}s) -> {summary.digests} digests, {summary.items} item lines, "
            f"{summary.sent} sent in {summary.seconds:.1f}s"
        )
