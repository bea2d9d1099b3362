"""What every write checks: the inspectorate's permission."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from directives.permissions import can_manage


def _require_manager(actor):
    if not can_manage(actor):
        raise PermissionDenied(_("Chỉ cán bộ Thanh tra được thực hiện thao tác này."))
