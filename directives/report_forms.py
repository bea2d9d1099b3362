"""Forms a unit fills in against its assignment: progress reports and extension requests.

Forms only shape and check input; services.report_submit and services.extension_request do the
writing and re-check everything. Files are checked here by content and size before the service
runs, so a bad file is refused before any byte reaches the disk.
"""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from directives import plausibility
from directives.fields import MultipleFileField, MultipleFileInput, VietnameseDateField
from directives.uploads import upload_help_text, validate_uploads

# What a unit may not type on a classified directive's task.
CLASSIFIED_FREE_TEXT = ("body", "milestone", "files")


class ReportForm(forms.Form):
    """A progress or completion report with its files and a one-use submission token."""

    body = forms.CharField(
        label=_("Nội dung báo cáo"),
        widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"}),
        error_messages={"required": _("Nhập nội dung báo cáo.")},
    )
    percent = forms.IntegerField(
        label=_("Tiến độ (%)"),
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"class": "form-control", "min": 0, "max": 100}),
        error_messages={
            "invalid": _("Tiến độ là một số từ 0 đến 100."),
            # The validators %-format these messages, hence the doubled sign.
            "min_value": _("Tiến độ phải từ 0 đến 100%%."),
            "max_value": _("Tiến độ phải từ 0 đến 100%%."),
        },
    )
    milestone = forms.CharField(
        label=_("Mốc công việc đã đạt"),
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    claims_completion = forms.BooleanField(
        label=_("Báo cáo hoàn thành nhiệm vụ"),
        required=False,
        help_text=_("Đánh dấu khi nhiệm vụ đã hoàn thành; Thanh tra sẽ xem xét và xác nhận."),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    files = MultipleFileField(
        label=_("Tệp đính kèm"), widget=MultipleFileInput(attrs={"class": "form-control"})
    )
    submission_token = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": _("Thiếu mã gửi báo cáo; tải lại trang và gửi lại.")},
    )

    def __init__(self, *args, classified: bool = False, **kwargs):
        kwargs.setdefault("initial", {})
        # A fresh token each time the form is drawn; a double click posts the same one twice.
        kwargs["initial"].setdefault("submission_token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        if classified:
            # A classified directive keeps no text or file (DOMAIN.md §6): progress only.
            for name in CLASSIFIED_FREE_TEXT:
                del self.fields[name]
        else:
            self.fields["files"].help_text = upload_help_text()
            self.fields["body"].help_text = plausibility.limit_help(plausibility.report_limit())

    @property
    def classified(self) -> bool:
        return "body" not in self.fields

    def text(self, name: str):
        """Return a cleaned value, or the empty one of a field a classified form does not have."""
        return self.cleaned_data.get(name, [] if name == "files" else "")

    def clean_files(self):
        files = self.cleaned_data["files"]
        validate_uploads(files)
        return files


class ExtensionRequestForm(forms.Form):
    """Ask for a later deadline, saying why (on a classified directive the reason is on paper)."""

    requested_deadline = VietnameseDateField(
        label=_("Đề nghị gia hạn đến ngày"),
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"required": _("Nhập ngày đề nghị gia hạn (dd/mm/yyyy).")},
    )
    reason = forms.CharField(
        label=_("Lý do"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={"required": _("Nêu lý do đề nghị gia hạn.")},
    )

    def __init__(self, *args, classified: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if classified:
            del self.fields["reason"]
