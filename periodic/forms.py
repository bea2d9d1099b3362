"""Input shapes of the periodic screens; the services do the checking and the writing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from directives.fields import VietnameseDateField
from directives.forms import BootstrapMixin, TaskForm
from periodic.models import TaskTemplate
from periodic.recurrence import Cadence, Windows
from units.models import Unit

# The unit kinds a template is copied to in one step (DOMAIN.md §6: sở/ban/ngành, xã/phường).
TEMPLATE_KINDS = [
    (Unit.Kind.DEPARTMENT, _("Mọi sở, ban, ngành")),
    ("commune", _("Mọi xã, phường, đặc khu")),
]
COMMUNE_KINDS = (Unit.Kind.COMMUNE, Unit.Kind.WARD, Unit.Kind.SPECIAL_ZONE)


class RecurrenceForm(TaskForm):
    """A task with one lead unit and coordinating units that reports every period."""

    cadence = forms.ChoiceField(label=_("Định kỳ"), choices=Cadence.choices)
    windows = forms.ChoiceField(label=_("Cách tính kỳ"), choices=Windows.choices)
    starts_on = VietnameseDateField(label=_("Bắt đầu từ ngày"))
    ends_on = VietnameseDateField(
        label=_("Kết thúc ngày"),
        required=False,
        help_text=_("Để trống nếu không có thời hạn kết thúc."),
    )
    deadline_working_days = forms.IntegerField(
        label=_("Hạn báo cáo: số ngày làm việc sau ngày cuối kỳ"), min_value=0, max_value=60
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["deadline_text"]


class SkipForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do bỏ qua"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Ghi lý do bỏ qua kỳ này.")},
    )


class RescheduleForm(BootstrapMixin, forms.Form):
    due_on = VietnameseDateField(label=_("Hạn báo cáo mới"))
    reason = forms.CharField(
        label=_("Lý do dời hạn"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Ghi lý do dời hạn kỳ này.")},
    )


class NothingToReportForm(BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=_("Ghi chú (không bắt buộc)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TemplateApplyForm(BootstrapMixin, forms.Form):
    template = forms.ModelChoiceField(
        label=_("Mẫu nhiệm vụ"),
        queryset=TaskTemplate.objects.filter(is_active=True),
        empty_label=_("— chọn mẫu —"),
        error_messages={"required": _("Chọn một mẫu nhiệm vụ.")},
    )
    kinds = forms.MultipleChoiceField(
        label=_("Giao cho"),
        choices=TEMPLATE_KINDS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn ít nhất một nhóm đơn vị.")},
    )
    starts_on = VietnameseDateField(
        label=_("Nhiệm vụ định kỳ bắt đầu từ ngày"),
        required=False,
        help_text=_("Để trống: từ hôm nay."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A checkbox list lays out itself: the Bootstrap class belongs on each input, not the list.
        self.fields["kinds"].widget.attrs.pop("class", None)


def unit_kinds(choices) -> list[str]:
    """Turn the form's unit groups into Unit.Kind values."""
    kinds = []
    for choice in choices:
        kinds.extend(COMMUNE_KINDS if choice == "commune" else [choice])
    return kinds
