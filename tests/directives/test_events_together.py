"""A task's parts written together (task_create, events.emit_many) tell each unit as one at a time would."""

import datetime

import pytest

from directives import events, services
from directives.batching import remembered, remembering
from directives.models import Assignment, Event, EventDelivery, Notification
from tests.directives.assignment_helpers import assign, make_directive

pytestmark = pytest.mark.django_db


def told(assignment):
    """What one part's event wrote: its data, bell users and (recipient, copy, digest) deliveries."""
    event = Event.objects.get(kind=Event.Kind.ASSIGNED, assignment=assignment)
    return (
        event.data,
        event.directive_id,
        sorted(Notification.objects.filter(event=event).values_list("user_id", flat=True)),
        sorted(
            EventDelivery.objects.filter(event=event).values_list(
                "recipient_id", "copy", "digest", "state"
            )
        ),
    )


def test_parts_assigned_with_the_task_are_told_as_a_part_added_later(
    inspector, unit_a, unit_b, head_a, focal_a, head_b
):
    together = assign(inspector, unit_a, coordinating=[unit_b]).task
    alone = assign(inspector, unit_a, directive=make_directive(inspector))
    added = services.assignment_add(
        actor=inspector,
        task=alone.task,
        unit=unit_b,
        role="coordinating",
        deadline_text="31/12/2026",
    )
    parts = {a.unit_id: a for a in together.assignments.all()}
    assert [a.role for a in together.assignments.order_by("pk")] == ["lead", "coordinating"]
    assert told(parts[unit_a.pk])[0] == told(alone)[0] == {"deadline": "2026-12-31", "role": "lead"}
    assert told(parts[unit_a.pk])[2:] == told(alone)[2:]
    assert told(parts[unit_b.pk])[0] == told(added)[0]
    assert told(parts[unit_b.pk])[2:] == told(added)[2:]
    assert Event.objects.filter(kind=Event.Kind.ASSIGNED).count() == 4


def test_a_dissolved_coordinating_unit_refuses_the_whole_task(inspector, unit_a, unit_b):
    unit_b.valid_to = datetime.date(2020, 1, 1)
    unit_b.save()
    with pytest.raises(Exception, match="đã giải thể"):
        assign(inspector, unit_a, coordinating=[unit_b])
    assert not Assignment.objects.exists() and not Event.objects.exists()


def test_emit_many_gathers_every_mail_inside_publishing_once_with_gather(
    inspector, unit_a, unit_b, head_a, head_b
):
    with events.publishing_once(gather=True):
        task = assign(inspector, unit_a, coordinating=[unit_b]).task
    deliveries = EventDelivery.objects.filter(event__assignment__task=task)
    assert deliveries.count() == 2
    assert set(deliveries.values_list("digest", flat=True)) == {True}


def test_remembered_reads_once_only_inside_remembering():
    reads = []

    def read():
        reads.append(1)
        return len(reads)

    assert remembered("k", read) == 1 and remembered("k", read) == 2
    with remembering():
        assert remembered("k", read) == 3 and remembered("k", read) == 3
    assert remembered("k", read) == 4
