"""Placeholder views, replaced by the real ones as the issue lands."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def directive_list(request, pk=None):
    return render(request, "directives/placeholder.html", {"name": "directive_list"})


@login_required
def directive_create(request, pk=None):
    return render(request, "directives/placeholder.html", {"name": "directive_create"})


@login_required
def directive_detail(request, pk=None):
    return render(request, "directives/placeholder.html", {"name": "directive_detail"})


@login_required
def directive_edit(request, pk=None):
    return render(request, "directives/placeholder.html", {"name": "directive_edit"})


@login_required
def directive_link_add(request, pk=None):
    return render(request, "directives/placeholder.html", {"name": "directive_link_add"})


@login_required
def task_create(request, pk=None):
    return render(request, "directives/placeholder.html", {"name": "task_create"})


@login_required
def symbol_parse(request, pk=None):
    return render(request, "directives/placeholder.html", {"name": "symbol_parse"})


@login_required
def references_find(request, pk=None):
    return render(request, "directives/placeholder.html", {"name": "references_find"})


@login_required
def deadline_preview(request, pk=None):
    return render(request, "directives/placeholder.html", {"name": "deadline_preview"})


@login_required
def unit_search(request, pk=None):
    return render(request, "directives/placeholder.html", {"name": "unit_search"})


@login_required
def review_queue(request, pk=None):
    return render(request, "directives/placeholder.html", {"name": "review_queue"})


@login_required
def report_review(request, pk=None):
    return render(request, "directives/placeholder.html", {"name": "report_review"})


@login_required
def extension_decide(request, pk=None):
    return render(request, "directives/placeholder.html", {"name": "extension_decide"})
