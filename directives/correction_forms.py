"""Input shapes of the correction screens: a task's text, deadline and units, flagged deadlines.

Each form checks everything it can at once (the deadline phrase is parsed here too), so the
officer sees every error in one round; `directives.services.corrections` re-checks and writes.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from directives.forms import BootstrapMixin
from directives.models import CLOSED_STATES, Assignment, Task
from directives.services.assignments import _checked_deadline
from units.models import Unit
from units.selectors import units_for_choice

DEADLINE_HELP = _(
    "Một ngày (15/10/2023) hoặc như văn bản ghi: «trước ngày 15/10/2023», «trong quý III/2023», "
    "«05 ngày làm việc», «thường xuyên»…"
)


def _parsed_deadline(form, name: str = "deadline_text") -> str:
    """Return the typed phrase when the deadline parser reads it, else raise its message."""
    text = form.cleaned_data[name].strip()
    if text:
        try:
            _checked_deadline(text, form.task.directive)
        except ValidationError as exc:
            raise ValidationError(
                exc.message_dict.get("deadline_text", exc.messages)
                if hasattr(exc, "error_dict")
                else exc.messages
            ) from exc
    return text


class VersionMixin(forms.Form):
    """The fingerprint of the task as the form showed it: a concurrent change is refused."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)


class TaskEditForm(BootstrapMixin, VersionMixin):
    """Correct a task's title and content, and its deadline for all or some of its open units."""

    title = forms.CharField(
        label=_("Nhiệm vụ"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Nhập tên nhiệm vụ.")},
    )
    description = forms.CharField(
        label=_("Nội dung chi tiết"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    is_key = forms.BooleanField(label=_("Nhiệm vụ trọng tâm"), required=False)
    deadline_text = forms.CharField(
        label=_("Thời hạn mới"),
        max_length=255,
        required=False,
        help_text=_("Để trống nếu không đổi thời hạn."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    deadline_units = forms.MultipleChoiceField(
        label=_("Áp dụng cho"),
        required=False,
        help_text=_("Không chọn: mọi đơn vị chưa kết thúc."),
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Lý do điều chỉnh thời hạn"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, task: Task, **kwargs):
        self.task = task
        super().__init__(*args, **kwargs)
        self.fields["deadline_text"].help_text = format_lazy(
            "{} {}", DEADLINE_HELP, _("Để trống nếu không đổi thời hạn.")
        )
        self.fields["deadline_units"].choices = [
            (str(a.unit_id), f"{a.unit} ({a.get_role_display()})")
            for a in task.assignments.exclude(state__in=CLOSED_STATES)
            .select_related("unit")
            .order_by("-role", "unit__name_sort")
        ]
        self.fields["deadline_units"].widget.attrs["class"] = ""
        if task.directive.is_classified:
            del self.fields["description"]
            self.fields["title"].disabled = True

    def clean_deadline_text(self):
        return _parsed_deadline(self)

    def clean(self):
        data = super().clean()
        if (data.get("deadline_text") or self.data.get("deadline_text", "").strip()) and not (
            data.get("reason") or ""
        ).strip():
            if not self.task.directive.is_classified:
                self.add_error("reason", _("Ghi lý do điều chỉnh thời hạn."))
        return data

    def deadline_unit_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data.get("deadline_units") or []]


class UnitAddForm(BootstrapMixin, VersionMixin):
    """Assign the task to one more unit, as lead (the current lead then coordinates) or coordinating."""

    unit = forms.ModelChoiceField(
        label=_("Đơn vị"),
        queryset=Unit.objects.all(),
        empty_label=_("— chọn đơn vị —"),
        error_messages={
            "required": _("Chọn đơn vị."),
            "invalid_choice": _("Đơn vị không tồn tại."),
        },
    )
    role = forms.ChoiceField(
        label=_("Vai trò"), choices=Assignment.Role.choices, initial=Assignment.Role.COORDINATING
    )
    deadline_text = forms.CharField(
        label=_("Thời hạn"),
        max_length=255,
        required=False,
        help_text=_("Để trống: như đơn vị chủ trì."),
    )

    def __init__(self, *args, task: Task, **kwargs):
        self.task = task
        super().__init__(*args, **kwargs)
        taken = task.assignments.values_list("unit_id", flat=True)
        self.fields["unit"].widget.choices = [
            ("", self.fields["unit"].empty_label),
            *(
                (u.pk, u.name)
                for u in units_for_choice()
                .exclude(pk__in=taken)
                .only("pk", "name")
                .order_by("name_sort")
            ),
        ]

    def clean_deadline_text(self):
        return _parsed_deadline(self)


class UnitRemoveForm(BootstrapMixin, VersionMixin):
    """Cancel one coordinating unit's part, with the reason the timeline tells."""

    assignment = forms.ModelChoiceField(
        label=_("Đơn vị"),
        queryset=Assignment.objects.none(),
        empty_label=_("— chọn đơn vị —"),
        error_messages={
            "required": _("Chọn đơn vị."),
            "invalid_choice": _("Đơn vị không tồn tại."),
        },
    )
    reason = forms.CharField(
        label=_("Lý do"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Ghi lý do gỡ đơn vị khỏi nhiệm vụ.")},
    )

    def __init__(self, *args, task: Task, **kwargs):
        self.task = task
        super().__init__(*args, **kwargs)
        self.fields["assignment"].queryset = task.assignments.select_related("unit").order_by(
            "-role", "unit__name_sort"
        )
        self.fields["assignment"].label_from_instance = lambda a: (
            f"{a.unit} ({a.get_role_display()}, {a.get_state_display()})"
        )
        if task.directive.is_classified:
            self.fields["reason"].required = False


class LeadChangeForm(BootstrapMixin, VersionMixin):
    """Make a coordinating unit the lead; the former lead coordinates."""

    unit = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì mới"),
        queryset=Unit.objects.none(),
        empty_label=_("— chọn đơn vị —"),
        error_messages={
            "required": _("Chọn đơn vị."),
            "invalid_choice": _("Đơn vị không tồn tại."),
        },
    )

    def __init__(self, *args, task: Task, **kwargs):
        self.task = task
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(
            assignments__task=task, assignments__role=Assignment.Role.COORDINATING
        ).order_by("name_sort")


class FlaggedConfirmForm(forms.Form):
    """Confirm a computed deadline as it is, or adjust it."""

    deadline_text = forms.CharField(required=False, max_length=255)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, task: Task, **kwargs):
        self.task = task
        super().__init__(*args, **kwargs)

    def clean_deadline_text(self):
        return _parsed_deadline(self)
