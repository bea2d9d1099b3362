"""Form widgets shared by the list and dashboard filters."""

from html import escape
from urllib.parse import urlencode

from django import forms
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext_lazy as _


def _text(value) -> str:
    """Escape an option's value or label once, leaving already safe text alone."""
    return value if isinstance(value, SafeData) else escape(str(value))


class FastSelect(forms.Select):
    """Render a select in Python: Django's per-option templates cost tens of ms on every page.

    Options are joined with plain string formatting: a unit picker has hundreds of them.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = "".join(
            f'<option value="{_text(option["value"])}"{" selected" if option["selected"] else ""}>'
            f"{_text(option['label'])}</option>"
            for _group, group_options, _index in widget["optgroups"]
            for option in group_options
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe(options),
        )


class FastSelectMultiple(FastSelect, forms.SelectMultiple):
    pass


class AutocompleteSelect(FastSelect):
    """Render only the selected option; Tom Select fetches the others from a JSON endpoint.

    A unit or directive table holds hundreds or thousands of rows, so the page never lists them
    all; the endpoint answers `{"results": [{"value", "text"}]}` for `?q=` (plus `query`, such as
    the unit picker's scope).
    """

    def __init__(self, url_name, attrs=None, empty_label="", query=None):
        super().__init__(attrs)
        self.url_name, self.empty_label, self.query = url_name, empty_label, query or {}

    def get_context(self, name, value, attrs):
        url = reverse(self.url_name) + (f"?{urlencode(self.query)}" if self.query else "")
        attrs = {**(attrs or {}), "data-autocomplete": url}
        return super().get_context(name, value, attrs)

    def optgroups(self, name, value, attrs=None):
        picked = [v for v in value if str(v).isdigit()]
        options = [self.create_option(name, "", self.empty_label, not picked, 0)]
        if picked:
            field = self.choices.field
            for index, obj in enumerate(self.choices.queryset.filter(pk__in=picked), start=1):
                options.append(
                    self.create_option(name, obj.pk, field.label_from_instance(obj), True, index)
                )
        return [(None, options, 0)]


class CheckboxDropdown(forms.CheckboxSelectMultiple):
    """A multiple choice as a button opening a list of check boxes (Bootstrap's dropdown).

    Native multi-selects need Ctrl-click and cut long labels; a box per value needs neither and
    still submits `name=value` pairs, so the filter and its URLs do not change. The button names
    what is chosen ("Tất cả" when nothing is).
    """

    none_label = _("Tất cả")

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        button_id = widget["attrs"].get("id") or f"id_{name}"
        chosen, boxes = [], []
        for _group, group_options, _index in widget["optgroups"]:
            for index, option in enumerate(group_options):
                box_id = f"{button_id}_{index}"
                label = _text(option["label"])
                if option["selected"]:
                    chosen.append(label)
                boxes.append(
                    f'<div class="form-check"><input class="form-check-input" type="checkbox"'
                    f' name="{_text(name)}" value="{_text(option["value"])}" id="{box_id}"'
                    f"{' checked' if option['selected'] else ''}>"
                    f'<label class="form-check-label" for="{box_id}">{label}</label></div>'
                )
        summary = ", ".join(chosen) if chosen else _text(self.none_label)
        return format_html(
            '<div class="dropdown checkbox-dropdown">'
            '<button type="button" id="{}" class="form-select form-select-sm text-start'
            ' text-truncate" data-bs-toggle="dropdown" data-bs-auto-close="outside"'
            ' aria-expanded="false" title="{}">{}</button>'
            '<div class="dropdown-menu p-2 shadow-sm">{}</div></div>',
            button_id,
            mark_safe(summary),
            mark_safe(summary),
            mark_safe("".join(boxes)),
        )

    def id_for_label(self, id_, index=None):
        return id_
