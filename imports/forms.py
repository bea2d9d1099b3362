from django import forms
from django.utils.translation import gettext_lazy as _

from directives.forms import BootstrapMixin


class TrackerUploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        help_text=_("Các cột như tệp mẫu (và như tệp xuất danh sách nhiệm vụ)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class ApplyForm(forms.Form):
    skip_errors = forms.BooleanField(label=_("Bỏ qua các dòng lỗi"), required=False)
