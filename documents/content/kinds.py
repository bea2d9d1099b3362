"""The fields of each kind of document, read from the one timeliness definition and the dated heads."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _

from directives.dashboard import dashboard_assignments, format_rate, summarize
from directives.dashboard_filters import DashboardFilter
from directives.models import Assignment, Directive, Timeliness, days_late
from documents.content.common import (
    Signature,
    common_fields,
    directive_reference,
    heads_today,
    number,
    urge_days,
)
from documents.models import DocumentKind
from units.models import Unit, User
from units.selectors import accountable_on, appointments_of
from units.vietnamese import format_date

REPLY_DAYS = 7  # the đôn đốc letter asks for a report within a week


@dataclass
class Built:
    """One document's fields and what it is about (for its title and file name)."""

    kind: str
    fields: dict
    title: str
    stem: str
    directive: Directive | None


def _task_text(a: Assignment) -> str:
    text = a.task.title
    return text + " (phối hợp)" if a.role == Assignment.Role.COORDINATING else text


def _overdue(queryset, day: datetime.date):
    return (
        queryset.in_timeliness([Timeliness.OVERDUE], as_of=day)
        .select_related("unit", "task__directive")
        .order_by("unit__name_sort", "unit_id", "effective_deadline", "task__position", "pk")
    )


def urge_letters(
    *,
    directive: Directive,
    actor: User,
    day: datetime.date,
    signing: Signature,
    units: list[Unit] | None = None,
    per_unit: bool = False,
) -> list[Built]:
    """Return the đôn đốc letter(s) about the overdue items of `directive` (of `units`, if given).

    One letter listing each unit's overdue items with deadlines and days late, or one per unit.
    """
    queryset = Assignment.objects.filter(task__directive=directive)
    if units:
        queryset = queryset.filter(unit__in=units)
    rows = list(_overdue(queryset, day))
    if not rows:
        raise ValidationError(
            _("Không có nhiệm vụ quá hạn nào của %(what)s tính đến ngày %(day)s để đôn đốc.")
            % {
                "what": ", ".join(u.name for u in units) if units else directive.symbol,
                "day": format_date(day),
            }
        )
    urged = urge_days(a.pk for a in rows)
    by_unit: dict[int, list[Assignment]] = defaultdict(list)
    for a in rows:
        by_unit[a.unit_id].append(a)
    heads = heads_today(by_unit, day)
    unit_blocks = []
    for n, (unit_id, items) in enumerate(by_unit.items(), start=1):
        unit_blocks.append(
            {
                "number": str(n),
                "unit_id": unit_id,
                "name": items[0].unit.name,
                "head": heads[unit_id],
                "overdue_count": number(len(items)),
                "tasks": [
                    {
                        "number": str(i),
                        "task": _task_text(a),
                        "symbol": directive.symbol,
                        "unit": a.unit.name,
                        "head": heads[unit_id],
                        "deadline": format_date(a.effective_deadline),
                        "days_late": number(days_late(a.effective_deadline, day)),
                        "urged": number(len(urged.get(a.pk, []))),
                        "urges": "",
                    }
                    for i, a in enumerate(items, start=1)
                ],
            }
        )
    groups = [[block] for block in unit_blocks] if per_unit else [unit_blocks]
    return [_urge_letter(directive, actor, day, signing, group) for group in groups]


def _urge_letter(directive, actor, day, signing, blocks) -> Built:
    single = len(blocks) == 1
    if single:
        blocks = [{**blocks[0], "number": "1"}]
    fields = common_fields(
        DocumentKind.URGE_LETTER,
        directive=directive,
        actor=actor,
        day=day,
        signing=signing,
        subject=f"V/v đôn đốc thực hiện nhiệm vụ quá hạn theo {_short(directive)}",
        recipients=[b["name"] for b in blocks],
        copies_to=["Như trên;", f"{_head_title()} (để b/c);"],
    )
    total = sum(len(b["tasks"]) for b in blocks)
    fields.update(
        {
            "units": [{k: v for k, v in b.items() if k != "unit_id"} for b in blocks],
            "units_phrase": "đơn vị" if single else "các đơn vị",
            "overdue_total": number(total),
            "reply_by": format_date(day + datetime.timedelta(days=REPLY_DAYS)),
        }
    )
    who = blocks[0]["name"] if single else f"{len(blocks)} đơn vị"
    return Built(
        kind=DocumentKind.URGE_LETTER,
        fields=fields,
        title=f"Công văn đôn đốc {directive.symbol} – {who}",
        stem=f"cong-van-don-doc-{directive.symbol}" + (f"-{blocks[0]['name']}" if single else ""),
        directive=directive,
    )


def _short(directive: Directive) -> str:
    return directive_reference(directive)[1]


def _head_title() -> str:
    return settings.PCTS_HEAD_TITLE


ROLE_PHRASES = {
    Assignment.Role.LEAD: "đơn vị chủ trì",
    "all": "đơn vị chủ trì và phối hợp",
}


def periodic_report(
    *,
    directive: Directive,
    actor: User,
    signing: Signature,
    period: str,
    year: int,
    period_number: int | None = None,
    role: str = Assignment.Role.LEAD,
) -> Built:
    """Return the periodic report on `directive`: counts and rates as the dashboard has them, and the lists."""
    data = QueryDict(mutable=True)
    data.update({"directive": str(directive.pk), "period": period, "year": str(year), "role": role})
    if period_number:
        data["number"] = str(period_number)
    request = SimpleNamespace(user=actor)
    filterset = DashboardFilter(data, queryset=dashboard_assignments(actor), request=request)
    if not filterset.is_valid():
        errors = [m for messages in filterset.form.errors.values() for m in messages]
        raise ValidationError(errors)
    window, day = filterset.window, filterset.judged_on
    summary = summarize(filterset)
    overdue = list(_overdue(filterset.qs, day))
    urged = urge_days(a.pk for a in overdue)
    overdue_units: dict[int, list[Assignment]] = defaultdict(list)
    for a in overdue:
        overdue_units[a.unit_id].append(a)
    heads = heads_today(overdue_units, day)
    assigned = Assignment.objects.filter(task__directive=directive).exclude(state="cancelled")
    fields = common_fields(
        DocumentKind.PERIODIC_REPORT,
        directive=directive,
        actor=actor,
        day=day,
        signing=signing,
        subject=f"Kết quả thực hiện {_short(directive)} {window.label}",
        recipients=[],
        copies_to=[f"{_parent()} (để b/c);", f"{_head_title()} (để b/c);"],
    )
    fields.update(
        {
            "period": window.label,
            "period_start": format_date(window.start),
            "period_end": format_date(window.end),
            "role_phrase": ROLE_PHRASES.get(role, ROLE_PHRASES["all"]),
            "totals": {
                # Tasks given to some unit: a periodic task's series (no assignment) is not one.
                "tasks": number(
                    directive.tasks.filter(assignments__isnull=False).distinct().count()
                ),
                "units": number(assigned.values("unit_id").distinct().count()),
                **_counts(summary.totals),
            },
            "unit_rows": [
                {
                    "number": number(r.rank) if r.rank else "",
                    "name": r.unit.name,
                    **_counts(r.counts),
                }
                for r in summary.rows
            ],
            "overdue_items": [
                {
                    "number": str(n),
                    "task": _task_text(a),
                    "symbol": directive.symbol,
                    "unit": a.unit.name,
                    "head": heads[a.unit_id],
                    "deadline": format_date(a.effective_deadline),
                    "days_late": number(days_late(a.effective_deadline, day)),
                    "urged": number(len(urged.get(a.pk, []))),
                    "urges": "",
                }
                for n, a in enumerate(overdue, start=1)
            ],
            "overdue_units": [
                {
                    "number": str(n),
                    "name": items[0].unit.name,
                    "head": heads[unit_id],
                    "overdue_count": number(len(items)),
                    "max_days_late": number(
                        max(days_late(a.effective_deadline, day) for a in items)
                    ),
                }
                for n, (unit_id, items) in enumerate(
                    sorted(overdue_units.items(), key=lambda kv: -len(kv[1])), start=1
                )
            ],
        }
    )
    return Built(
        kind=DocumentKind.PERIODIC_REPORT,
        fields=fields,
        title=f"Báo cáo {directive.symbol} {window.label}",
        stem=f"bao-cao-{directive.symbol}-{window.label}",
        directive=directive,
    )


def _parent() -> str:
    return settings.PCTS_PARENT_AGENCY_NAME


def _counts(counts) -> dict:
    return {
        "total": number(counts.total),
        "completed": number(counts.completed),
        "completed_on_time": number(counts.completed_on_time),
        "completed_late": number(counts.completed_late),
        "within_deadline": number(counts.within_deadline),
        "due_soon": number(counts.due_soon),
        "overdue": number(counts.overdue),
        "awaiting_review": number(counts.awaiting_review),
        "no_deadline": number(counts.no_deadline),
        "completion_rate": format_rate(counts.completion_rate),
        "on_time_rate": format_rate(counts.on_time_rate),
    }


def briefing_list(
    *,
    actor: User,
    day: datetime.date,
    signing: Signature,
    min_urges: int = 3,
    directive: Directive | None = None,
) -> Built:
    """Return the list of items still overdue after more than `min_urges` đôn đốc, for the leaders' briefing.

    Each item names today's accountable head and, for each đôn đốc, its day and who was
    accountable that day (acting head first), read from the units' dated appointments.
    """
    queryset = Assignment.objects.all()
    if directive is not None:
        queryset = queryset.filter(task__directive=directive)
    candidates = list(
        queryset.in_timeliness([Timeliness.OVERDUE], as_of=day).values_list("pk", flat=True)
    )
    urged = {aid: days for aid, days in urge_days(candidates).items() if len(days) > min_urges}
    rows = list(_overdue(Assignment.objects.filter(pk__in=urged), day))
    unit_ids = {a.unit_id for a in rows}
    appointments = appointments_of(unit_ids)
    heads = heads_today(unit_ids, day)
    items = []
    for n, a in enumerate(rows, start=1):
        history = []
        for urge_day in urged[a.pk]:
            who = accountable_on(appointments.get(a.unit_id, []), urge_day)
            name = who.user.get_full_name() if who else "khuyết người đứng đầu"
            history.append(f"{format_date(urge_day)} – {name}")
        items.append(
            {
                "number": str(n),
                "task": _task_text(a),
                "symbol": a.task.directive.symbol,
                "unit": a.unit.name,
                "head": heads[a.unit_id],
                "deadline": format_date(a.effective_deadline),
                "days_late": number(days_late(a.effective_deadline, day)),
                "urged": number(len(urged[a.pk])),
                "urges": "; ".join(history),
            }
        )
    subject = (
        f"Danh sách nhiệm vụ quá hạn đã đôn đốc trên {min_urges} lần, báo cáo giao ban "
        f"lãnh đạo {_parent()}"
    )
    fields = common_fields(
        DocumentKind.BRIEFING_LIST,
        directive=directive,
        actor=actor,
        day=day,
        signing=signing,
        subject=subject,
        recipients=[],
        copies_to=[f"Thường trực {_parent()} (để b/c);", f"{_head_title()} (để b/c);"],
    )
    fields.update(
        {
            "min_urges": str(min_urges),
            "scope_phrase": f" (theo {_short(directive)})" if directive else "",
            "item_count": number(len(items)),
            "unit_count": number(len(unit_ids)),
            "items": items,
        }
    )
    return Built(
        kind=DocumentKind.BRIEFING_LIST,
        fields=fields,
        title=f"Danh sách giao ban ngày {format_date(day)}",
        stem="danh-sach-giao-ban" + (f"-{directive.symbol}" if directive else ""),
        directive=directive,
    )
