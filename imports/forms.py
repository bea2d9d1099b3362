from django import forms
from django.utils.translation import gettext_lazy as _

from directives.forms import BootstrapMixin
from units.models import Unit
from units.selectors import units_for_choice


class TrackerUploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        help_text=_("Các cột như tệp mẫu (và như tệp xuất danh sách nhiệm vụ)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class MappingForm(BootstrapMixin, forms.Form):
    """Map each heading of the file to a PCTS column or "bỏ qua"; saved for files of the same layout."""

    name = forms.CharField(
        label=_("Tên cách ghép cột"),
        max_length=200,
        required=False,
        help_text=_("Để nhận ra khi dùng lại, ví dụ tên đơn vị gửi bảng theo dõi."),
    )

    def __init__(self, *args, headings, proposed, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.headings = headings
        self.columns = []
        for index, heading in enumerate(headings):
            if not heading:
                continue
            key = f"h{index}"
            self.fields[key] = forms.ChoiceField(
                label=heading, choices=choices, required=False, initial=proposed[index]
            )
            self.fields[key].widget.attrs["class"] = "form-select form-select-sm"
            self.columns.append(key)

    def heading_fields(self):
        return [self[key] for key in self.columns]

    def mapped(self) -> list[str]:
        """Return one field per heading ("" for an empty heading or "bỏ qua")."""
        return [self.cleaned_data.get(f"h{i}", "") or "" for i in range(len(self.headings))]


class ApplyForm(forms.Form):
    skip_errors = forms.BooleanField(label=_("Bỏ qua các dòng lỗi"), required=False)


class IntakeForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("Tệp văn bản (PDF, Word .docx hoặc ảnh chụp)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png"}),
    )
    text = forms.CharField(
        label=_("hoặc dán nội dung văn bản"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class ProposalForm(BootstrapMixin, forms.Form):
    """One task the text seems to order: the officer keeps, corrects or drops it."""

    include = forms.BooleanField(label=_("Giao nhiệm vụ này"), required=False)
    title = forms.CharField(
        label=_("Nhiệm vụ"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    lead_unit = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì"), queryset=Unit.objects.none(), required=False
    )
    coordinating_units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"), queryset=Unit.objects.none(), required=False
    )
    deadline_text = forms.CharField(label=_("Thời hạn"), max_length=255, required=False)
    written = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = units_for_choice().order_by("name_sort")
        self.fields["lead_unit"].queryset = units
        self.fields["coordinating_units"].queryset = units
        self.fields["coordinating_units"].widget.attrs["size"] = 4

    def clean(self):
        data = super().clean()
        if data.get("include") and not data.get("lead_unit"):
            self.add_error("lead_unit", _("Chọn đơn vị chủ trì, hoặc bỏ chọn «Giao nhiệm vụ này»."))
        return data


ProposalFormSet = forms.formset_factory(ProposalForm, extra=0, max_num=200)
