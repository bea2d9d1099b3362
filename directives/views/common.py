from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from directives.permissions import sees_everything


@login_required
def home(request):
    """Send leaders and the inspectorate to the dashboard, unit people to their inbox."""
    if sees_everything(request.user):
        return redirect("directives:dashboard")
    return redirect("directives:inbox")
