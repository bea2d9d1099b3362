"""Saved column mappings in the admin: see, correct or delete how a layout's headings are read."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from imports.mappings import check_fields, field_label
from imports.models import ColumnMapping


class ColumnMappingForm(forms.ModelForm):
    class Meta:
        model = ColumnMapping
        fields = ["name", "fields"]

    def clean(self):
        data = super().clean()
        fields = data.get("fields")
        if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
            raise ValidationError(_('Cột PCTS: một danh sách, mỗi tiêu đề một tên cột hoặc "".'))
        check_fields(self.instance.headings, fields)
        return data


@admin.register(ColumnMapping)
class ColumnMappingAdmin(admin.ModelAdmin):
    form = ColumnMappingForm
    list_display = ["name", "heading_count", "updated_at", "created_by"]
    search_fields = ["name"]
    readonly_fields = ["pairs", "signature", "created_by", "updated_at"]
    fields = ["name", "pairs", "fields", "signature", "created_by", "updated_at"]

    def has_add_permission(self, request):
        return False  # a mapping is made from a file's heading row, on the import page

    @admin.display(description=_("số tiêu đề"))
    def heading_count(self, obj):
        return len([h for h in obj.headings if h])

    @admin.display(description=_("tiêu đề → cột PCTS"))
    def pairs(self, obj):
        rows = [
            (heading, field_label(name) if name else _("bỏ qua"))
            for heading, name in zip(obj.headings, obj.fields, strict=False)
            if heading
        ]
        return format_html_join("", "<div>«{}» → {}</div>", rows)
