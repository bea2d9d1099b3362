"""Admin: upload a DOCX template per kind (checked field by field) and see what was generated."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from documents.fields import allowed_fields
from documents.models import DocumentKind, DocumentTemplate, GeneratedDocument
from documents.services import template_check_upload


class DocumentTemplateForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ["kind", "file", "is_active", "note"]

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        kind = data.get("kind")
        if kind and upload is not None and hasattr(upload, "content_type"):
            try:
                template_check_upload(kind, upload)
            except ValidationError as exc:
                self.add_error("file", exc)
        return data


def fields_help() -> str:
    """Return, for each kind, the link to its shipped template and the table of its fields."""
    parts = []
    for kind, label in DocumentKind.choices:
        rows = format_html_join(
            "",
            "<tr><td><code>{}</code></td><td>{}</td></tr>",
            ((name, description) for name, description in allowed_fields(kind).items()),
        )
        parts.append(
            format_html(
                '<h3>{}</h3><p><a href="{}">{}</a></p><table><tbody>{}</tbody></table>',
                label,
                reverse("documents:default-template", args=[kind]),
                _("Tải mẫu mặc định của PCTS (DOCX) để sửa"),
                rows,
            )
        )
    return format_html_join("", "{}", ((p,) for p in parts))


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    form = DocumentTemplateForm
    list_display = ["kind", "original_name", "is_active", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "is_active"]
    readonly_fields = ["field_list"]
    fields = ["kind", "file", "is_active", "note", "field_list"]

    @admin.display(description=_("Các trường dùng được trong mẫu"))
    def field_list(self, obj=None):
        return fields_help()

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("file")
        if upload is not None and hasattr(upload, "content_type"):
            obj.original_name = upload.name[:255]
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "kind", "format", "directive", "generated_by", "generated_at"]
    list_filter = ["kind", "format"]
    search_fields = ["original_name", "title", "directive__symbol"]
    readonly_fields = [f.name for f in GeneratedDocument._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
