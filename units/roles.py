"""User roles held through groups; unit roles come from memberships."""

from django.utils.translation import gettext_lazy as _

INSPECTORATE = "inspectorate"
LEADER = "leader"
ADMIN = "admin"

ROLE_GROUPS = {
    INSPECTORATE: _("Cán bộ Thanh tra"),
    LEADER: _("Lãnh đạo"),
    ADMIN: _("Quản trị"),
}
