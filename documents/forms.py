"""What an officer chooses before generating a document: scope, period, signer and format."""

from django import forms
from django.utils.translation import gettext_lazy as _

from directives.forms import BootstrapMixin
from directives.models import Assignment, Directive, Timeliness, local_today
from directives.periods import PeriodKind
from directives.reminders.counts import briefing_threshold
from directives.widgets import AutocompleteSelect
from documents.content import SigningForm, deputies_on
from units.models import Unit, User


class DeputyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class DocumentForm(BootstrapMixin, forms.Form):
    """The choices every document has: who signs, and DOCX or PDF."""

    fmt = forms.ChoiceField(
        label=_("Định dạng"),
        choices=[("docx", _("DOCX (sửa được bằng Word, LibreOffice)")), ("pdf", "PDF")],
        initial="docx",
        widget=forms.RadioSelect,
    )
    signing = forms.ChoiceField(
        label=_("Thẩm quyền ký"), choices=SigningForm.choices, initial=SigningForm.AUTO
    )
    deputy = DeputyChoiceField(
        label=_("Phó Chánh Thanh tra ký thay"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Khi chọn KT.; để trống: người đầu tiên trong danh sách."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = deputies_on(local_today())
        self.fields["fmt"].widget.attrs["class"] = "form-check-input"


class UrgeLetterForm(DocumentForm):
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị được đôn đốc"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Để trống: mọi đơn vị có nhiệm vụ quá hạn của văn bản."),
    )
    per_unit = forms.BooleanField(
        label=_("Mỗi đơn vị một công văn"),
        required=False,
        help_text=_(
            "Không chọn: một công văn gửi các đơn vị, liệt kê nhiệm vụ quá hạn của từng đơn vị."
        ),
    )

    field_order = ["units", "per_unit", "signing", "deputy", "fmt"]

    def __init__(self, *args, directive: Directive, **kwargs):
        super().__init__(*args, **kwargs)
        overdue = Assignment.objects.filter(task__directive=directive).in_timeliness(
            [Timeliness.OVERDUE], as_of=local_today()
        )
        self.fields["units"].queryset = Unit.objects.filter(pk__in=overdue.values("unit_id"))


class PeriodicReportForm(DocumentForm):
    period = forms.ChoiceField(
        label=_("Kỳ báo cáo"), choices=PeriodKind.choices, initial=PeriodKind.REPORT_QUARTER
    )
    year = forms.IntegerField(label=_("Năm"), min_value=1945, max_value=2100)
    number = forms.IntegerField(
        label=_("Tháng / quý / nửa năm thứ"),
        required=False,
        min_value=1,
        max_value=12,
        help_text=_("Để trống: kỳ đang diễn ra."),
    )
    role = forms.ChoiceField(
        label=_("Vai trò được tính"),
        choices=[
            (Assignment.Role.LEAD, _("Đơn vị chủ trì")),
            ("all", _("Chủ trì và phối hợp")),
        ],
        initial=Assignment.Role.LEAD,
    )

    field_order = ["period", "year", "number", "role", "signing", "deputy", "fmt"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = local_today().year


class BriefingListForm(DocumentForm):
    min_urges = forms.IntegerField(
        label=_("Đã đôn đốc trên (lần)"),
        min_value=0,
        max_value=100,
        initial=3,
        help_text=_(
            "Số lần Thanh tra đôn đốc trực tiếp (nhắc tự động hằng ngày không tính); mặc định "
            "theo Cấu hình đôn đốc. Thực tiễn Hà Nội: nhiệm vụ quá hạn đã đôn đốc trên 3 lần được "
            "báo cáo giao ban."
        ),
    )
    directive = forms.ModelChoiceField(
        label=_("Chỉ các nhiệm vụ của văn bản"),
        queryset=Directive.objects.none(),
        required=False,
        help_text=_("Để trống: mọi văn bản."),
        widget=AutocompleteSelect("directives:dashboard-directive-search"),
    )

    field_order = ["min_urges", "directive", "signing", "deputy", "fmt"]

    def __init__(self, *args, directives=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The admin's N of "quá hạn sau N lần đôn đốc", the dashboard's and the task list's too.
        self.fields["min_urges"].initial = briefing_threshold()
        if directives is not None:
            self.fields["directive"].queryset = directives
