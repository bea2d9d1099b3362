"""Form fields every form of the app shares: a Vietnamese date and any number of files."""

import datetime

from django import forms
from django.core.exceptions import ValidationError

from units.vietnamese import parse_date_vi


class VietnameseDateField(forms.Field):
    """Read a day-first date (25/03/2026 is 25 March) and explain a bad one in Vietnamese."""

    widget = forms.TextInput

    def widget_attrs(self, widget):
        return {
            **super().widget_attrs(widget),
            "maxlength": "10",
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "autocomplete": "off",
        }

    def prepare_value(self, value):
        if isinstance(value, datetime.date):
            return f"{value:%d/%m/%Y}"
        return value

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        try:
            return parse_date_vi(value)
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from exc


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Accept any number of files under one input name; each is checked through directives/uploads.py."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []
