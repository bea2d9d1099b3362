"""Input shape of the manual đôn đốc button."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ManualReminderForm(forms.Form):
    note = forms.CharField(
        label=_("Ý kiến đôn đốc"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Rendered once per page: a double click sends the same token, and the second request changes nothing.
    request_token = forms.UUIDField(required=False, widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)
