"""Placeholder views, replaced by the real ones as the issue lands."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def dashboard(request, pk=None):
    return render(request, "directives/placeholder.html", {"name": "dashboard"})
