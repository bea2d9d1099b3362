"""Form widgets shared by the list and dashboard filters."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe


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
