"""Placeholder views, replaced by the real ones as the issue lands."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def inbox(request, pk=None):
    return render(request, "directives/placeholder.html", {"name": "inbox"})


@login_required
def assignment_list(request, pk=None):
    return render(request, "directives/placeholder.html", {"name": "assignment_list"})


@login_required
def assignment_detail(request, pk=None):
    return render(request, "directives/placeholder.html", {"name": "assignment_detail"})


@login_required
def report_submit(request, pk=None):
    return render(request, "directives/placeholder.html", {"name": "report_submit"})


@login_required
def extension_request(request, pk=None):
    return render(request, "directives/placeholder.html", {"name": "extension_request"})


@login_required
def attachment_download(request, pk=None):
    return render(request, "directives/placeholder.html", {"name": "attachment_download"})
