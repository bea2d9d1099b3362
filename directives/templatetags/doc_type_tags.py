"""`{{ directive.type_name|doc_type }}`: the document type in the page's language."""

from django import template

from directives.doc_type_names import type_name_display

register = template.Library()


@register.filter
def doc_type(name):
    return type_name_display(name or "")
