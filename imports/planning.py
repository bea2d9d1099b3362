"""Check a tracker's rows and decide what each would do: create, update, leave unchanged, or why not.

The same plan serves the dry run (shown, written to nothing but the batch's rows) and the apply
step, which plans again inside its transaction so it acts on the database as it is then.

A row is one unit's part of a task, as the assignment export writes it. Its task is found by a
stable key: the external id column when filled, else the directive's identity (DOMAIN.md §2:
issuer, type, year or Party term, number) with the task number column, else with the task's
title. Completion dates and statuses in the file are not imported: timeliness is derived from
accepted reports, never typed in (DOMAIN.md §4).
"""

import datetime
import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from directives import plausibility, symbols
from directives.deadlines import InvalidDeadline, parse_deadline
from directives.intake.parties import UnitIndex
from directives.models import Assignment, Directive, Task
from directives.registry import same_document_keys, symbol_registry
from directives.working_days import work_calendar
from imports.models import ImportKey
from imports.reader import Cell, as_date, as_text
from units.models import Unit
from units.vietnamese import fold, format_date

MAX_TITLE = 500
ROLE_WORDS = {
    "chu tri": Assignment.Role.LEAD,
    "lead": Assignment.Role.LEAD,
    "phoi hop": Assignment.Role.COORDINATING,
    "coordinating": Assignment.Role.COORDINATING,
}


def row_values(cells: list[Cell], columns: dict[str, int]) -> dict:
    """Turn a row's cells into JSON values, with the problems only the cells can tell."""
    values, problems = {}, []
    for name, index in columns.items():
        cell = cells[index] if index < len(cells) else Cell(None)
        if cell.formula:
            problems.append(
                _(
                    "Cột «%(column)s» chứa công thức «%(formula)s»: PCTS không tính công thức; "
                    "hãy dán giá trị (Paste Values) vào ô."
                )
                % {"column": name_label(name), "formula": cell.formula[:60]}
            )
            values[name] = ""
            continue
        if name in ("issued_on", "deadline", "completed_on"):
            day = as_date(cell)
            values[name] = day.isoformat() if isinstance(day, datetime.date) else (day or "")
            values[name + "_is_date"] = isinstance(day, datetime.date)
        else:
            values[name] = as_text(cell)
    values["_problems"] = problems
    return values


def name_label(name: str) -> str:
    from imports.reader import EXPORT_FIELDS, EXTRA_HEADINGS, _heading_for

    if name in EXPORT_FIELDS:
        return _heading_for(name)
    return EXTRA_HEADINGS.get(name, (name,))[0]


def cells_as_json(cells: list[Cell]) -> list:
    """Return the cells as the error sheet writes them back: dates as ISO text, formulas as typed."""
    out = []
    for cell in cells:
        if cell.formula:
            out.append(cell.formula)
        elif isinstance(cell.value, datetime.date):
            out.append({"date": cell.value.isoformat()})
        else:
            out.append(cell.value)
    return out


@dataclass
class RowPlan:
    number: int
    values: dict
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    action: str = "unchanged"
    sym: object = None
    issued_on: datetime.date | None = None
    directive: Directive | None = None
    identity: str = ""
    task_key: str = ""
    key_is_stable: bool = False  # an external id or task number: worth an ImportKey row
    task: Task | None = None
    unit: Unit | None = None
    role: str | None = None
    deadline: object = None  # directives.deadlines.Deadline
    deadline_text: str = ""
    assignment: Assignment | None = None


class UnitMatcher:
    """Find a unit by the name a tracker writes: exact, short name, code, then the intake's rules."""

    def __init__(self):
        self.units = list(Unit.objects.all())
        self.exact = {}
        for unit in self.units:
            for name in (unit.name, unit.short_name, unit.code):
                if name:
                    self.exact.setdefault(_key(name), unit)
        self.by_name = {u.name: u for u in self.units}
        self.index = UnitIndex([u.name for u in self.units])
        self.keys = {_key(u.name): u.name for u in self.units}

    def find(self, written: str) -> Unit | None:
        if unit := self.exact.get(_key(written)):
            return unit
        name = self.index.match(written)
        return self.by_name.get(name) if name else None

    def closest(self, written: str, n: int = 3) -> list[str]:
        found = difflib.get_close_matches(_key(written), list(self.keys), n=n, cutoff=0.5)
        if not found:
            folded = {fold(k): k for k in self.keys}
            found = [
                folded[k]
                for k in difflib.get_close_matches(fold(written), list(folded), n=n, cutoff=0.5)
            ]
        return [self.keys[k] for k in found]


def _key(text: str) -> str:
    """Compare names ignoring case and spacing, never diacritics (Đ ≠ D)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


class Planner:
    """Plan rows against the database; caches what many rows share (units, directives, tasks)."""

    def __init__(self):
        self.units = UnitMatcher()
        self.registry = symbol_registry()
        self.today = timezone.localdate()
        # One calendar for every row (resolve_deadline reads it from the database each call).
        self.calendar = work_calendar()
        self._directives: dict[tuple, tuple[str, Directive | None]] = {}
        self._tasks: dict[int, dict] = {}

    # ------------------------------------------------------------------ one row
    def read(self, number: int, values: dict) -> RowPlan:
        plan = RowPlan(number=number, values=values, problems=list(values.get("_problems", [])))
        self._symbol_and_date(plan)
        title = values.get("title", "")
        if not title:
            plan.problems.append(_("Thiếu tên nhiệm vụ."))
        elif len(title) > MAX_TITLE:
            plan.problems.append(
                _("Tên nhiệm vụ dài %(n)d ký tự, tối đa %(limit)d.")
                % {"n": len(title), "limit": MAX_TITLE}
            )
        self._unit(plan)
        self._role(plan)
        self._deadline(plan)
        if values.get("completed_on") or values.get("status"):
            plan.notes.append(
                _(
                    "Ngày hoàn thành và tình hình thực hiện không được nhập: kết quả chỉ ghi nhận "
                    "qua báo cáo được chấp nhận."
                )
            )
        return plan

    def _symbol_and_date(self, plan: RowPlan) -> None:
        values = plan.values
        known = len(plan.problems)
        raw = values.get("symbol", "")
        if not raw:
            plan.problems.append(_("Thiếu số, ký hiệu văn bản."))
        else:
            try:
                plan.sym = symbols.parse_symbol(raw, registry=self.registry)
            except symbols.InvalidSymbol as exc:
                plan.problems.append(
                    _("Số, ký hiệu «%(symbol)s»: %(error)s")
                    % {"symbol": raw, "error": exc.translate(gettext)}
                )
            else:
                plan.notes += [w.translate(gettext) for w in plan.sym.warnings]
        issued = values.get("issued_on", "")
        if not issued:
            plan.problems.append(_("Thiếu ngày ban hành."))
        elif not values.get("issued_on_is_date"):
            plan.problems.append(
                _("Ngày ban hành «%(value)s» không đọc được: ghi theo dạng dd/mm/yyyy.")
                % {"value": issued}
            )
        else:
            plan.issued_on = datetime.date.fromisoformat(issued)
            if plan.issued_on > self.today:
                plan.problems.append(_("Ngày ban hành không được sau ngày hôm nay."))
            elif plan.sym and plan.sym.year and plan.sym.year != plan.issued_on.year:
                plan.problems.append(
                    _("Ký hiệu ghi năm %(y)d nhưng ngày ban hành thuộc năm %(d)d: kiểm tra lại.")
                    % {"y": plan.sym.year, "d": plan.issued_on.year}
                )
        if plan.sym and plan.issued_on and len(plan.problems) == known:
            plan.identity, plan.directive = self._directive(plan.sym, plan.issued_on)

    def _directive(self, sym, issued_on):
        cache_key = (sym.normalized, issued_on)
        if cache_key not in self._directives:
            keys = same_document_keys(sym, issued_on)
            found = Directive.objects.filter(identity_key__in=keys).first()
            self._directives[cache_key] = (keys[0], found)
        return self._directives[cache_key]

    def _unit(self, plan: RowPlan) -> None:
        written = plan.values.get("unit", "")
        if not written:
            plan.problems.append(_("Thiếu đơn vị."))
            return
        plan.unit = self.units.find(written)
        if plan.unit is None:
            closest = self.units.closest(written)
            message = _("Không có đơn vị «%(unit)s» trong danh mục.") % {"unit": written}
            if closest:
                message += " " + _("Có phải: %(names)s?") % {
                    "names": "; ".join(f"«{n}»" for n in closest)
                }
            plan.problems.append(message)

    def _role(self, plan: RowPlan) -> None:
        written = plan.values.get("role", "")
        if not written:
            return
        plan.role = ROLE_WORDS.get(fold(written))
        if plan.role is None:
            plan.problems.append(
                _("Vai trò «%(role)s» không rõ: ghi «Chủ trì» hoặc «Phối hợp».") % {"role": written}
            )

    def _deadline(self, plan: RowPlan) -> None:
        value = plan.values.get("deadline", "")
        if not value or plan.issued_on is None:
            return
        if plan.values.get("deadline_is_date"):
            text = format_date(datetime.date.fromisoformat(value))
        else:
            text = value
        try:
            plan.deadline = parse_deadline(
                text,
                issued_on=plan.issued_on,
                calendar=self.calendar,
                before_means_previous_day=settings.PCTS_BEFORE_MEANS_PREVIOUS_DAY,
                asap_days=settings.PCTS_ASAP_DAYS,
            )
        except InvalidDeadline as exc:
            plan.problems.append(
                _("Thời hạn «%(value)s»: %(error)s")
                % {"value": value, "error": exc.translate(gettext)}
            )
            return
        plan.deadline_text = text
        if plan.deadline.due and (
            problem := plausibility.deadline_problem(plan.deadline.due, plan.issued_on)
        ):
            plan.problems.append(problem)

    # ------------------------------------------------------------------ tasks
    def _task_key(self, plan: RowPlan) -> None:
        values = plan.values
        if ext := values.get("external_id"):
            plan.task_key, plan.key_is_stable = f"ext:{ext}", True
        elif number := values.get("task_number"):
            plan.task_key, plan.key_is_stable = f"{plan.identity}#{number.lstrip('0')}", True
        else:
            plan.task_key = f"{plan.identity}~{_key(values.get('title', ''))}"

    def _existing_task(self, plan: RowPlan) -> Task | None:
        if plan.key_is_stable:
            key = ImportKey.objects.filter(key=plan.task_key).select_related("task").first()
            if key:
                return key.task
        if plan.directive is None:
            return None
        tasks = self._tasks_of(plan.directive)
        number = plan.values.get("task_number", "")
        if not plan.values.get("external_id") and number.isdigit():
            return tasks["position"].get(int(number))
        if plan.values.get("external_id"):
            return None
        return tasks["title"].get(_key(plan.values.get("title", "")))

    def _tasks_of(self, directive: Directive) -> dict:
        if directive.pk not in self._tasks:
            by_title, by_position = {}, {}
            for task in Task.objects.filter(directive=directive).prefetch_related("assignments"):
                by_title.setdefault(_key(task.title), task)
                by_position.setdefault(task.position, task)
            self._tasks[directive.pk] = {"title": by_title, "position": by_position}
        return self._tasks[directive.pk]

    def forget(self) -> None:
        """Drop the caches: the database changed (apply plans again after each write)."""
        self._directives.clear()
        self._tasks.clear()

    # ------------------------------------------------------------------ all rows
    def plan(self, rows: list[tuple[int, dict]], progress=None) -> list[list[RowPlan]]:
        """Return the rows grouped by task, in file order, each with its action and problems."""
        groups: dict[str, list[RowPlan]] = {}
        seen: dict[tuple, int] = {}
        for count, (number, values) in enumerate(rows, start=1):
            plan = self.read(number, values)
            duplicate = False
            if plan.identity:
                self._task_key(plan)
            if plan.task_key and plan.unit is not None:
                pair = (plan.task_key, plan.unit.pk)
                if pair in seen:
                    plan.problems.append(
                        _("Trùng dòng %(row)d: cùng nhiệm vụ, cùng đơn vị.") % {"row": seen[pair]}
                    )
                    duplicate = True
                else:
                    seen[pair] = number
            # A duplicate is its own group: it must not hold back the row it repeats.
            key = plan.task_key if plan.task_key and not duplicate else f"row:{number}"
            groups.setdefault(key, []).append(plan)
            if progress and count % 500 == 0:
                progress(count)
        planned = list(groups.values())
        for group in planned:
            self._plan_group(group)
        return planned

    def _plan_group(self, group: list[RowPlan]) -> None:
        task = None if any(p.problems for p in group) else self._existing_task(group[0])
        self._roles(group, task)
        bad = [p for p in group if p.problems]
        if bad:
            for plan in group:
                if not plan.problems:
                    plan.problems.append(
                        _("Dòng %(row)d của cùng nhiệm vụ có lỗi: cả nhiệm vụ chưa được nhập.")
                        % {"row": bad[0].number}
                    )
                plan.action = "error"
            return
        for plan in group:
            plan.task = task
            self._compare(plan)

    def _roles(self, group: list[RowPlan], task: Task | None) -> None:
        """One lead per task: an unmarked row leads when no row says "Chủ trì"; a second lead is refused.

        For a task already registered, an unmarked row keeps its unit's role, and rows naming
        only coordinating units leave the lead as it is.
        """
        usable = [p for p in group if p.unit is not None]
        if task is not None:
            roles = {a.unit_id: a.role for a in task.assignments.all()}
            for plan in usable:
                if plan.role is None:
                    plan.role = roles.get(plan.unit.pk, Assignment.Role.COORDINATING)
        if usable and not any(p.role == Assignment.Role.LEAD for p in usable):
            unmarked = [p for p in usable if p.role is None]
            if unmarked:
                unmarked[0].role = Assignment.Role.LEAD
        leads = [p for p in usable if p.role == Assignment.Role.LEAD]
        for extra in leads[1:]:
            extra.problems.append(
                _("Nhiệm vụ đã có đơn vị chủ trì ở dòng %(row)d: chỉ một đơn vị chủ trì.")
                % {"row": leads[0].number}
            )
        for plan in usable:
            if plan.role is None:
                plan.role = Assignment.Role.COORDINATING
        if task is None and usable and not leads and not any(p.problems for p in group):
            for plan in group:
                plan.problems.append(_("Nhiệm vụ chưa có đơn vị chủ trì."))

    def _compare(self, plan: RowPlan) -> None:
        due = plan.deadline.due if plan.deadline else None
        if plan.directive is None:
            plan.action = "create"
            plan.changes.append(_("Văn bản mới: %(symbol)s") % {"symbol": plan.sym.normalized})
        if plan.task is None:
            plan.action = "create"
            plan.changes.append(_("Nhiệm vụ mới"))
            self._new_unit_check(plan)
            return
        if plan.key_is_stable and plan.task.title != plan.values["title"]:
            plan.action = "update"
            plan.changes.append(_("Sửa tên nhiệm vụ"))
        plan.assignment = next(
            (a for a in plan.task.assignments.all() if a.unit_id == plan.unit.pk), None
        )
        a = plan.assignment
        task_closed = all(x.is_closed for x in plan.task.assignments.all())
        if task_closed and (a is None or (a.role != plan.role and plan.role == "lead")):
            plan.problems.append(
                _("Nhiệm vụ đã hoàn thành hoặc đã hủy: không giao thêm hoặc đổi đơn vị được.")
            )
            plan.action = "error"
            return
        if a is None:
            plan.action = "update"
            plan.changes.append(_("Giao thêm %(unit)s") % {"unit": plan.unit})
            self._new_unit_check(plan)
            return
        if a.state == Assignment.State.CANCELLED:
            plan.notes.append(_("Phần việc của đơn vị này đã bị hủy giao: không thay đổi."))
            return
        if a.role != plan.role and plan.role == Assignment.Role.LEAD:
            plan.action = "update"
            plan.changes.append(_("Đổi đơn vị chủ trì thành %(unit)s") % {"unit": plan.unit})
        if a.effective_deadline != due:
            if a.is_closed:
                plan.notes.append(_("Phần việc đã kết thúc: giữ thời hạn đã ghi."))
            elif due is None and plan.deadline is None:
                plan.notes.append(_("Ô thời hạn để trống: giữ thời hạn đã ghi."))
            else:
                plan.action = "update"
                plan.changes.append(
                    _("Thời hạn %(old)s → %(new)s")
                    % {
                        "old": format_date(a.effective_deadline) if a.effective_deadline else "—",
                        "new": format_date(due) if due else "—",
                    }
                )

    def _new_unit_check(self, plan: RowPlan) -> None:
        if not plan.unit.is_active_on(self.today):
            message = _("Đơn vị «%(unit)s» đã giải thể, không thể giao nhiệm vụ mới.") % {
                "unit": plan.unit
            }
            if plan.unit.successor_id:
                message += " " + _("Đơn vị kế thừa: %(unit)s.") % {"unit": plan.unit.successor}
            plan.problems.append(message)
            plan.action = "error"


def counts(groups: list[list[RowPlan]]) -> dict[str, int]:
    totals = {"create": 0, "update": 0, "unchanged": 0, "error": 0}
    for group in groups:
        for plan in group:
            action = "error" if plan.problems else plan.action
            totals[action] += 1
    return totals
