from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from directives.permissions import sees_everything
from units.models import Membership


@login_required
def home(request):
    """Send leaders and the inspectorate to the dashboard, unit people to their inbox."""
    if sees_everything(request.user):
        return redirect("directives:dashboard")
    return redirect("directives:inbox")


def exporting_unit(user):
    """Return the exporting user's unit on the day, unless it is the installation's agency itself."""
    membership = Membership.objects.current().filter(user=user).select_related("unit__parent")
    first = membership.order_by("pk").first()
    if first is None or first.unit.name.casefold() == settings.PCTS_INSTALLATION_NAME.casefold():
        return None
    return first.unit
