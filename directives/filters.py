"""django-filter FilterSets; they narrow a queryset the caller has already scoped to the user.

A FilterSet never widens what a user sees: views pass `selectors.assignment_rows(user)` (or any
other visible_*(user) queryset) and the filters only cut it down. Extend `AssignmentFilter` by
subclassing and declaring more filters; the base keeps one field per question a user asks.
"""

import datetime

import django_filters
from django import forms
from django.db.models import Exists, Func, Model, OuterRef, Q, TextField, Value
from django.utils.translation import gettext_lazy as _

from directives.models import Assignment, Directive, Timeliness
from directives.permissions import sees_everything, visible_assignments
from directives.reminders import counts
from directives.widgets import AutocompleteSelect, CheckboxDropdown, FastSelect
from units.models import Unit
from units.vietnamese import fold, format_date


def folded(expression) -> Func:
    """Fold a text column in SQL the way units.vietnamese.fold does in Python.

    NFD, drop combining marks, đ → d, lower-case, single spaces; PostgreSQL's built-in
    normalize() needs no ICU or unaccent extension, so this runs on any UTF-8 database.
    """
    decomposed = Func(
        expression, function="normalize", template="%(function)s(%(expressions)s, NFD)"
    )
    bare = Func(
        decomposed, Value("[\u0300-\u036f]"), Value(""), Value("g"), function="regexp_replace"
    )
    no_stroke = Func(bare, Value("đĐ"), Value("dd"), function="translate")
    lowered = Func(no_stroke, function="lower")
    return Func(
        lowered,
        Value(r"\s+"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def unit_choices(request):
    """Offer the units that hold at least one assignment the user can see."""
    if request is None:
        return Unit.objects.all()
    units = Unit.objects.only("id", "name")
    if sees_everything(request.user):
        return units.filter(Exists(Assignment.objects.filter(unit_id=OuterRef("pk"))))
    return units.filter(Exists(visible_assignments(request.user).filter(unit_id=OuterRef("pk"))))


class DateInput(forms.DateInput):
    """Show and read dates as dd/mm/yyyy whatever the browser's locale."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", **(attrs or {})},
            format="%d/%m/%Y",
        )


class AssignmentFilter(django_filters.FilterSet):
    """Narrow scoped assignment rows (annotated with `timeliness`) by what a list user asks."""

    q = django_filters.CharFilter(
        label=_("Tìm kiếm"),
        method="filter_search",
        widget=forms.TextInput(
            attrs={"placeholder": _("Số ký hiệu, trích yếu, tên nhiệm vụ…"), "type": "search"}
        ),
    )
    timeliness = django_filters.MultipleChoiceFilter(
        label=_("Tình hình thực hiện"),
        choices=Timeliness.choices,
        method="filter_timeliness",
        widget=CheckboxDropdown,
    )
    # distinct=False: it filters one row's own column, so DISTINCT over the joined row is waste.
    state = django_filters.MultipleChoiceFilter(
        label=_("Trạng thái"),
        choices=Assignment.State.choices,
        distinct=False,
        widget=CheckboxDropdown,
    )
    role = django_filters.ChoiceFilter(
        label=_("Vai trò"),
        choices=Assignment.Role.choices,
        empty_label=_("Tất cả"),
        widget=FastSelect,
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Đơn vị"),
        queryset=unit_choices,
        empty_label=_("Tất cả đơn vị"),
        widget=AutocompleteSelect(
            "directives:unit-search", empty_label=_("Tất cả đơn vị"), query={"scope": "assigned"}
        ),
    )
    directive = django_filters.NumberFilter(
        label=_("Văn bản"), field_name="task__directive_id", widget=forms.HiddenInput
    )
    track = django_filters.ChoiceFilter(
        label=_("Hệ thống văn bản"),
        field_name="task__directive__track",
        choices=Directive.Track.choices,
        empty_label=_("Đảng và Nhà nước"),
        widget=FastSelect,
    )
    deadline_from = django_filters.DateFilter(
        label=_("Hạn từ ngày"), field_name="effective_deadline", lookup_expr="gte", widget=DateInput
    )
    deadline_to = django_filters.DateFilter(
        label=_("đến ngày"), field_name="effective_deadline", lookup_expr="lte", widget=DateInput
    )

    briefing = django_filters.ChoiceFilter(
        label=_("Báo cáo giao ban"),
        choices=[("yes", _("Quá hạn sau N lần đôn đốc"))],
        method="filter_briefing",
        empty_label=_("Tất cả"),
        widget=FastSelect,
    )

    class Meta:
        model = Assignment
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.urge_threshold = counts.briefing_threshold()
        self.form.fields["briefing"].choices = [
            ("", _("Tất cả")),
            ("yes", _("Quá hạn sau %(n)d lần đôn đốc") % {"n": self.urge_threshold}),
        ]
        for field in self.form.fields.values():
            field.error_messages["invalid"] = _("Giá trị không hợp lệ.")
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = _(
                    "Nhập ngày theo dạng dd/mm/yyyy, ví dụ 25/03/2026."
                )
            widget = field.widget
            if isinstance(widget, CheckboxDropdown):
                continue
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control form-control-sm")

    def describe(self) -> list[str]:
        """Say the filters in words for an export's heading ("Đơn vị: Sở Nội vụ; Hạn từ ngày: …")."""
        data = self.form.cleaned_data if self.is_valid() else {}
        parts = []
        for name, field in self.form.fields.items():
            value = data.get(name)
            if value in (None, "", []) or name == "directive":
                continue
            if isinstance(value, datetime.date):
                text = format_date(value)
            elif isinstance(value, Model):
                text = str(value)
            else:
                names = dict(getattr(field, "choices", ()))
                values = value if isinstance(value, list | tuple) else [value]
                text = ", ".join(str(names.get(v, v)) for v in values)
            parts.append(f"{field.label}: {text}")
        return ["; ".join(parts)] if parts else []

    def filter_timeliness(self, queryset, name, value):
        """Keep the chosen timeliness values as of today, as plain conditions an index serves."""
        return queryset.in_timeliness(value)

    def filter_briefing(self, queryset, name, value):
        """Keep items overdue today after more than N manual đôn đốc (reminders/counts.py)."""
        return queryset.in_timeliness([Timeliness.OVERDUE]).filter(
            counts.urged_more_than(self.urge_threshold)
        )

    def filter_search(self, queryset, name, value):
        """Match every word, ignoring diacritics, in the directive's symbol/summary or the task title."""
        terms = fold(value).split()
        if not terms:
            return queryset
        queryset = queryset.alias(task_title_folded=folded("task__title"))
        for term in terms:
            queryset = queryset.filter(
                Q(task__directive__search_text__contains=term) | Q(task_title_folded__contains=term)
            )
        return queryset
