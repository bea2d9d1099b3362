"""Copy a template's standard tasks to every unit of the chosen kinds, in one transaction.

Each standard task becomes, per unit, a task that unit leads (one lead per task is the rule
every count relies on): a one-off task with the template's deadline phrase, or a periodic task
whose occurrences are planned and opened at once.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directives import services
from directives.models import Directive
from directives.services.common import _require_manager
from periodic.models import TaskTemplate
from periodic.services import recurrence_create
from units.models import Unit


@dataclass
class Preview:
    template: TaskTemplate
    items: list
    units: list

    @property
    def task_count(self) -> int:
        return len(self.items) * len(self.units)


def template_preview(
    *, template: TaskTemplate, kinds, today: datetime.date | None = None
) -> Preview:
    """Return what applying `template` to today's units of `kinds` would create."""
    today = today or timezone.localdate()
    units = list(Unit.objects.active_on(today).filter(kind__in=kinds).order_by("name_sort", "pk"))
    return Preview(
        template=template, items=list(template.items.order_by("position", "pk")), units=units
    )


@transaction.atomic
def template_apply(
    *, actor, directive: Directive, template: TaskTemplate, kinds, starts_on=None
) -> int:
    """Create every (standard task, unit) task of the preview; return how many. All or nothing."""
    _require_manager(actor)
    preview = template_preview(template=template, kinds=kinds)
    if not preview.items:
        raise ValidationError({"template": _("Mẫu này chưa có nhiệm vụ nào.")})
    if not preview.units:
        raise ValidationError({"kinds": _("Không có đơn vị nào thuộc nhóm đã chọn.")})
    created = 0
    for item in preview.items:
        for unit in preview.units:
            try:
                if item.cadence:
                    recurrence_create(
                        actor=actor,
                        directive=directive,
                        title=item.title,
                        description=item.description,
                        is_key=item.is_key,
                        lead_unit=unit,
                        cadence=item.cadence,
                        windows=item.windows,
                        starts_on=starts_on,
                    )
                else:
                    services.task_create(
                        actor=actor,
                        directive=directive,
                        title=item.title,
                        description=item.description,
                        is_key=item.is_key,
                        lead_unit=unit,
                        deadline_text=item.deadline_text,
                    )
            except ValidationError as exc:
                raise ValidationError(
                    _("Nhiệm vụ mẫu “%(title)s”: %(error)s")
                    % {"title": item.title, "error": " ".join(exc.messages)}
                ) from exc
            created += 1
    return created
