"""The task list's order: open items first (overdue, then due soonest), or a column the user picks.

`?sort=` takes one of SORTS' keys, a leading "-" reversing it; anything else falls back to the
default, so a hand-typed URL never errors.
"""

from django.db.models import Case, F, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from directives.models import Timeliness

# Overdue first, then what is still running by its deadline, then what waits on the inspectorate,
# then open-ended work; finished and cancelled items last.
OPEN_FIRST = {
    Timeliness.OVERDUE: 0,
    Timeliness.DUE_SOON: 1,
    Timeliness.IN_PROGRESS: 1,
    Timeliness.AWAITING_REVIEW: 2,
    Timeliness.NO_DEADLINE: 3,
    Timeliness.COMPLETED_LATE: 4,
    Timeliness.COMPLETED_ON_TIME: 4,
    Timeliness.CANCELLED: 5,
}

SORTS = {
    "directive": (_("Văn bản"), ("task__directive__issued_on", "task__directive__symbol")),
    "task": (_("Nhiệm vụ"), ("task__title",)),
    "unit": (_("Đơn vị"), ("unit__name_sort",)),
    "deadline": (_("Hạn"), ("effective_deadline",)),
    "timeliness": (_("Tình hình"), ("open_rank", "effective_deadline")),
    "state": (_("Trạng thái"), ("state",)),
}


def open_rank():
    return Case(
        *[When(timeliness=value, then=Value(rank)) for value, rank in OPEN_FIRST.items()],
        output_field=IntegerField(),
    )


def sort_key(raw: str | None) -> str:
    """Return the valid sort key asked for ("deadline", "-unit"…) or "" for the default order."""
    raw = (raw or "").strip()
    return raw if raw.lstrip("-") in SORTS else ""


def ordered(queryset, key: str, timeliness=()):
    """Order assignment rows (annotated with `timeliness`) by `key`, the id breaking ties.

    `timeliness` is what the list is narrowed to; when every value has the same rank (overdue
    alone, say) the default order is the deadline's, which an index serves without sorting.
    """
    if not key:
        deadline = F("effective_deadline").asc(nulls_last=True)
        if len({OPEN_FIRST.get(value) for value in timeliness}) == 1:
            return queryset.order_by(deadline, "id")
        return queryset.annotate(open_rank=open_rank()).order_by("open_rank", deadline, "id")
    queryset = queryset.annotate(open_rank=open_rank())
    descending = key.startswith("-")
    fields = SORTS[key.lstrip("-")][1]
    order = [
        F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
        for name in fields
    ]
    return queryset.order_by(*order, "-id" if descending else "id")


def header_links(key: str) -> list[dict]:
    """Describe each sortable header: its label, the key a click asks for, and its arrow."""
    links = []
    for name, (label, _fields) in SORTS.items():
        current = key.lstrip("-") == name
        descending = current and key.startswith("-")
        links.append(
            {
                "name": name,
                "label": label,
                "next": name if not current or descending else f"-{name}",
                "arrow": ("desc" if descending else "asc") if current else "",
            }
        )
    return links
