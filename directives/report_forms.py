"""Forms a unit fills in against its assignment: progress reports and extension requests.

Forms only shape and check input; services.report_submit and services.extension_request do the
writing and re-check everything. Files are checked here by content and size before the service
runs, so a bad file is refused before any byte reaches the disk.
"""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from directives import plausibility
from directives.fields import MultipleFileField, MultipleFileInput, VietnameseDateField
from directives.uploads import validate_upload


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

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        # A fresh token each time the form is drawn; a double click posts the same one twice.
        kwargs["initial"].setdefault("submission_token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = plausibility.limit_help(plausibility.report_limit())

    def clean_files(self):
        files = self.cleaned_data["files"]
        errors = []
        for upload in files:
            try:
                validate_upload(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return files


class ExtensionRequestForm(forms.Form):
    """Ask for a later deadline, saying why."""

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
