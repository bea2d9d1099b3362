"""FilterSets shared by the dashboard, its drill-down lists and the exports.

They narrow an already scoped queryset (`dashboard.dashboard_assignments(user)`), annotate the one
timeliness definition as of the chosen day, and never widen what a user sees: the directive and
unit pickers only accept objects inside the user's scope.
"""

import datetime

import django_filters
from django import forms
from django.core.validators import EMPTY_VALUES
from django.db.models import Min, Model
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directives.models import Assignment, Directive, IssuerCode, Timeliness, local_today
from directives.periods import PeriodKind, default_number, make_period
from directives.permissions import sees_everything, visible_directives
from directives.reminders import counts
from directives.symbols import ISSUERS, NORMATIVE_TYPES, PARTY_TYPES, STATE_TYPES
from directives.widgets import AutocompleteSelect, CheckboxDropdown, FastSelect
from units.models import Unit
from units.selectors import user_scope_unit_ids
from units.vietnamese import fold, format_date

ALL_ROLES = "all"
NO_DOC_TYPE = "-"
# The years a dashboard may be judged in: those of document symbols (symbols.py).
FIRST_YEAR, LAST_YEAR = 1945, 2100
KEY_ONLY, NOT_KEY = "yes", "no"
# The drill-down value of "quá hạn sau N lần đôn đốc" (reminders/counts.py).
BRIEFING = "yes"
# Parameters that pick rows inside a dashboard selection, not the selection itself.
DRILLDOWN_PARAMS = ("timeliness", "unit", "page")


def doc_type_choices():
    """Offer every known document type code, plus "công văn" (a state letter has no type code)."""
    names = {**PARTY_TYPES, **NORMATIVE_TYPES, **STATE_TYPES}
    choices = [
        (code, f"{code} – {name}")
        for code, name in sorted(names.items(), key=lambda i: i[0].casefold())
    ]
    return [(NO_DOC_TYPE, _("Công văn (không có tên loại)")), *choices]


def issuer_choices(text: str = ""):
    """Offer the issuer codes of the editable registry and the built-in list matching text."""
    names = dict(ISSUERS)
    names.update(IssuerCode.objects.values_list("code", "name"))
    wanted = fold(text)
    return [
        (code, f"{code} – {name}")
        for code, name in sorted(names.items(), key=lambda item: item[0].casefold())
        if wanted in fold(f"{code} {name}")
    ]


def scope_units(user):
    """Return the units the user may pick: all for leaders and the inspectorate, else their scope."""
    if sees_everything(user):
        return Unit.objects.all()
    return Unit.objects.filter(id__in=user_scope_unit_ids(user))


def _request_units(request):
    return scope_units(request.user) if request is not None else Unit.objects.none()


def _request_directives(request):
    return visible_directives(request.user) if request is not None else Directive.objects.none()


def directive_label(directive: Directive) -> str:
    summary = directive.display_summary
    return f"{directive.symbol} – {summary[:90]}{'…' if len(summary) > 90 else ''}"


class DateInput(forms.DateInput):
    """Show and read dates as dd/mm/yyyy whatever the browser's locale."""

    def __init__(self, attrs=None):
        attrs = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", **(attrs or {})}
        super().__init__(attrs=attrs, format="%d/%m/%Y")


class IssuerSelect(AutocompleteSelect):
    """Render only the chosen issuer code; the registry is searched through a JSON endpoint."""

    def optgroups(self, name, value, attrs=None):
        picked = [v for v in value if v]
        options = [self.create_option(name, "", "", not picked, 0)]
        for index, code in enumerate(picked, start=1):
            label = f"{code} – {ISSUERS[code]}" if code in ISSUERS else code
            options.append(self.create_option(name, code, label, True, index))
        return [(None, options, 0)]


class DirectiveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return directive_label(obj)


class DirectiveFilter(django_filters.ModelChoiceFilter):
    field_class = DirectiveChoiceField


class DashboardFilterForm(forms.Form):
    """Check the period against its number and year, and turn them into a Period."""

    window = None

    def clean(self):
        data = super().clean()
        self.window = None
        # Days out of this range break the date arithmetic (a trend's months, "due soon") and
        # mean nothing for directives; the document symbols accept the same years.
        as_of = data.get("as_of")
        if as_of and not FIRST_YEAR <= as_of.year <= LAST_YEAR:
            self.add_error(
                "as_of",
                _("Ngày tính số liệu phải trong các năm %(first)d – %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR},
            )
        elif as_of:
            self._check_as_of_has_data(as_of)
        year = data.get("year")
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            self.add_error(
                "year",
                _("Năm phải từ %(first)d đến %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR},
            )
        kind = data.get("period")
        if not kind or "year" in self.errors:
            return data
        if data.get("as_of"):
            self.add_error("as_of", _("Chọn kỳ báo cáo hoặc ngày tính số liệu, không chọn cả hai."))
            return data
        today = local_today()
        year = data.get("year") or today.year
        number = data.get("number") or default_number(kind, today)
        try:
            self.window = make_period(kind, int(year), int(number) if number else None)
        except ValueError as exc:
            self.add_error("number", str(exc))
        return data

    def _first_assigned(self):
        """The first assignment's time, read once per request (the tiles' second filter set asks again)."""
        request = getattr(self, "request", None)
        if request is not None and hasattr(request, "_pcts_first_assigned"):
            return request._pcts_first_assigned
        first = Assignment.objects.aggregate(first=Min("assigned_at"))["first"]
        if request is not None:
            request._pcts_first_assigned = first
        return first

    def _check_as_of_has_data(self, as_of: datetime.date) -> None:
        """Refuse a day after today (nothing is known yet) or before the first assignment."""
        today = local_today()
        if as_of > today:
            self.add_error(
                "as_of",
                _(
                    "Ngày tính số liệu %(day)s chưa đến: chọn một ngày từ hôm nay (%(today)s) "
                    "trở về trước."
                )
                % {"day": format_date(as_of), "today": format_date(today)},
            )
            return
        first = self._first_assigned()
        if first is not None and as_of < timezone.localdate(first):
            self.add_error(
                "as_of",
                _(
                    "Chưa có số liệu vào ngày %(day)s: nhiệm vụ đầu tiên được giao ngày "
                    "%(first)s. Chọn một ngày từ %(first)s đến hôm nay."
                )
                % {"day": format_date(as_of), "first": format_date(timezone.localdate(first))},
            )


class DashboardFilter(django_filters.FilterSet):
    """Select the assignments a dashboard counts: period or as-of day, documents, units, role."""

    period = django_filters.ChoiceFilter(
        label=_("Kỳ báo cáo"),
        choices=PeriodKind.choices,
        method="filter_period",
        empty_label=_("Không theo kỳ (toàn bộ)"),
        widget=FastSelect,
    )
    year = django_filters.NumberFilter(label=_("Năm"), method="keep")
    number = django_filters.NumberFilter(label=_("Tháng / quý / nửa năm thứ"), method="keep")
    as_of = django_filters.DateFilter(label=_("Tính đến ngày"), method="keep", widget=DateInput)
    issuer = django_filters.CharFilter(
        label=_("Cơ quan ban hành"),
        field_name="task__directive__issuer_code",
        lookup_expr="iexact",
        widget=IssuerSelect("directives:dashboard-issuer-search"),
    )
    directive = DirectiveFilter(
        label=_("Văn bản"),
        field_name="task__directive",
        queryset=_request_directives,
        widget=AutocompleteSelect("directives:dashboard-directive-search"),
    )
    doc_type = django_filters.ChoiceFilter(
        label=_("Loại văn bản"),
        choices=doc_type_choices,
        method="filter_doc_type",
        empty_label=_("Tất cả"),
        widget=FastSelect,
    )
    track = django_filters.ChoiceFilter(
        label=_("Hệ thống văn bản"),
        field_name="task__directive__track",
        choices=Directive.Track.choices,
        empty_label=_("Đảng và Nhà nước"),
        widget=FastSelect,
    )
    unit_kind = django_filters.ChoiceFilter(
        label=_("Loại đơn vị"),
        field_name="unit__kind",
        choices=Unit.Kind.choices,
        empty_label=_("Tất cả"),
        widget=FastSelect,
    )
    parent = django_filters.ModelChoiceFilter(
        label=_("Trực thuộc đơn vị"),
        queryset=_request_units,
        method="filter_parent",
        widget=AutocompleteSelect("directives:unit-search", query={"scope": "dashboard"}),
    )
    key_task = django_filters.ChoiceFilter(
        label=_("Nhiệm vụ trọng tâm"),
        choices=[(KEY_ONLY, _("Chỉ nhiệm vụ trọng tâm")), (NOT_KEY, _("Nhiệm vụ khác"))],
        method="filter_key_task",
        empty_label=_("Tất cả"),
        widget=FastSelect,
    )
    role = django_filters.ChoiceFilter(
        label=_("Vai trò"),
        method="keep",
        empty_label=None,
        widget=FastSelect,
        choices=[*Assignment.Role.choices, (ALL_ROLES, _("Chủ trì và phối hợp"))],
    )

    class Meta:
        model = Assignment
        fields = []
        form = DashboardFilterForm

    def __init__(self, data=None, *args, **kwargs):
        # Always bound, so the defaults (lead role, as of today) apply to an empty query string.
        super().__init__(data if data is not None else QueryDict(), *args, **kwargs)
        self.form.request = self.request  # the form's checks read once per request
        for field in self.form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")

    # ------------------------------------------------------------------ what the form chose

    @property
    def window(self):
        """Return the chosen Period, or None."""
        return self.form.window if self.is_valid() else None

    @property
    def judged_on(self) -> datetime.date:
        """Return the day timeliness is judged on: the period's end (capped at today), the as-of day, or today."""
        today = local_today()
        if not self.is_valid():
            return today
        if self.window is not None:
            return self.window.as_of(today)
        return self.form.cleaned_data.get("as_of") or today

    @property
    def chosen_role(self) -> str:
        return (
            self.form.cleaned_data.get("role") if self.is_valid() else None
        ) or Assignment.Role.LEAD

    def selection_query(self) -> str:
        """Return the query string of the selection, without drill-down and page parameters."""
        params = self.data.copy() if self.data else QueryDict(mutable=True)
        for name in list(params):
            if name not in DashboardFilter.base_filters or not any(params.getlist(name)):
                del params[name]
        return params.urlencode()

    def describe(self) -> list[str]:
        """Say the selection in words for export headings: period or as-of day, then each filter."""
        lines = []
        if self.window is not None:
            lines.append(_("Kỳ báo cáo: %(period)s") % {"period": self.window.label})
        lines.append(_("Số liệu tính đến ngày %(day)s") % {"day": format_date(self.judged_on)})
        parts = []
        data = self.form.cleaned_data if self.is_valid() else {}
        for name, field in self.form.fields.items():
            if name in ("period", "year", "number", "as_of"):
                continue
            value = data.get(name) or (self.chosen_role if name == "role" else None)
            if not value:
                continue
            if isinstance(value, Model):
                text = field.label_from_instance(value)
            else:
                names = dict(getattr(field, "choices", ()))
                text = ", ".join(
                    str(names.get(v, v)) for v in (value if isinstance(value, list) else [value])
                )
            parts.append(f"{field.label}: {text}")
        if parts:
            lines.append("; ".join(parts))
        return lines

    # ------------------------------------------------------------------ filtering

    def filter_queryset(self, queryset):
        """Annotate timeliness as of the chosen day, then narrow; an invalid form selects nothing."""
        queryset = queryset.with_timeliness(as_of=self.judged_on)
        if not self.is_valid():
            return queryset.none()
        queryset = super().filter_queryset(queryset)
        if self.chosen_role != ALL_ROLES:
            queryset = queryset.filter(role=self.chosen_role)
        return queryset

    # Filters the completed tally can answer: they narrow by unit or role, or set the day judged.
    TALLY_FILTERS = frozenset({"as_of", "role", "parent", "unit_kind", "key_task"})

    def tally_applies(self) -> bool:
        """Say whether the completed tally can count this selection's completed assignments.

        Only when every chosen filter is one of `TALLY_FILTERS` (no period, directive, issuer,
        type or track): a filter added later falls back to counting row by row.
        """
        if not self.is_valid():
            return False
        chosen = {
            name for name, value in self.form.cleaned_data.items() if value not in EMPTY_VALUES
        }
        return chosen <= self.TALLY_FILTERS

    def narrow(self, queryset):
        """Apply the chosen filters and role to another model with `unit` and `role` fields.

        The tally is filtered by the very filter objects that filter the assignments.
        """
        queryset = super().filter_queryset(queryset)
        if self.chosen_role != ALL_ROLES:
            queryset = queryset.filter(role=self.chosen_role)
        return queryset

    # Filters a past day's changed rows are judged by on the day's own values (dashboard/history.py).
    HISTORY_JUDGED = frozenset({"period", "timeliness"})

    def narrow_history(self, queryset):
        """Apply the chosen filters but the period and timeliness (the role is read on the day)."""
        for name, value in self.form.cleaned_data.items():
            if name not in self.HISTORY_JUDGED:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def history_role(self) -> str | None:
        """Return the role a past day's rows must have had, or None for both roles."""
        return None if self.chosen_role == ALL_ROLES else self.chosen_role

    def key_tasks(self) -> "DashboardFilter":
        """Return the same selection narrowed to key tasks (nhiệm vụ trọng tâm)."""
        data = self.data.copy()
        data["key_task"] = KEY_ONLY
        return DashboardFilter(data, queryset=self.queryset, request=self.request)

    def filter_key_task(self, queryset, name, value):
        return queryset.filter(is_key=value == KEY_ONLY)

    def keep(self, queryset, name, value):
        """Leave the queryset alone: the value is read elsewhere (as_of, role, year, number)."""
        return queryset

    def filter_period(self, queryset, name, value):
        return queryset.filter(self.window.selects()) if self.window else queryset

    def filter_doc_type(self, queryset, name, value):
        return queryset.filter(task__directive__doc_type="" if value == NO_DOC_TYPE else value)

    def filter_parent(self, queryset, name, value):
        return queryset.filter(unit_id__in=Unit.objects.descendant_ids([value.pk]))


class DashboardListFilter(DashboardFilter):
    """Add what a drill-down list narrows to: timeliness values and one exact unit."""

    timeliness = django_filters.MultipleChoiceFilter(
        label=_("Tình hình thực hiện"),
        choices=[c for c in Timeliness.choices if c[0] != Timeliness.CANCELLED],
        method="filter_timeliness",
        widget=CheckboxDropdown,
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Đơn vị"),
        queryset=_request_units,
        field_name="unit",
        widget=AutocompleteSelect("directives:unit-search", query={"scope": "dashboard"}),
    )

    briefing = django_filters.ChoiceFilter(
        label=_("Đôn đốc"),
        choices=[(BRIEFING, _("Đã đôn đốc trên N lần"))],
        method="filter_briefing",
        empty_label=_("Tất cả"),
        widget=FastSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.urge_threshold = counts.briefing_threshold()
        self.form.fields["briefing"].choices = [
            ("", _("Tất cả")),
            (BRIEFING, urged_label(self.urge_threshold)),
        ]

    def filter_timeliness(self, queryset, name, value):
        """Keep the chosen timeliness values as of the judged day, as plain conditions an index serves."""
        return queryset.in_timeliness(value, as_of=self.judged_on)

    def filter_briefing(self, queryset, name, value):
        """Keep items urged more than N times by the end of the judged day (with timeliness=overdue: the briefing flag)."""
        return queryset.filter(counts.urged_more_than(self.urge_threshold, until=self.judged_on))


def urged_label(times: int) -> str:
    """Say the filter with the admin's N; with timeliness "quá hạn" it is the briefing flag."""
    return _("Đã đôn đốc trực tiếp trên %(n)d lần") % {"n": times}


def briefing_label(times: int) -> str:
    """Say the briefing flag with the admin's N: "Quá hạn sau 3 lần đôn đốc"."""
    return _("Quá hạn sau %(n)d lần đôn đốc") % {"n": times}
