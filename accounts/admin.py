"""Admin: unlock sign-ins, and re-authentication before roles and memberships change."""

from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import lockout, sessions
from accounts.reauth import ReauthAdminMixin, reauth_redirect, recently_reauthenticated
from audit import security
from units.admin import MembershipAdmin as BaseMembershipAdmin
from units.admin import UserAdmin as BaseUserAdmin
from units.models import Membership, User


@admin.action(description=_("Mở khóa đăng nhập (xóa các lần nhập sai)"))
def unlock_sign_in(modeladmin, request, queryset):
    for user in queryset:
        removed = lockout.unlock(username=user.get_username())
        security.record(
            security.Kind.UNLOCKED, request=request, target=user.get_username(), attempts=removed
        )
    count = queryset.count()
    modeladmin.message_user(
        request,
        ngettext(
            "Đã mở khóa đăng nhập cho %(n)d người dùng.",
            "Đã mở khóa đăng nhập cho %(n)d người dùng.",
            count,
        )
        % {"n": count},
        messages.SUCCESS,
    )


@admin.action(description=_("Kết thúc mọi phiên đăng nhập của người dùng"))
def end_sessions(modeladmin, request, queryset):
    ended = sessions.end_sessions_of(list(queryset.values_list("pk", flat=True)))
    for user in queryset:
        security.record(security.Kind.SESSIONS_ENDED, request=request, target=user.get_username())
    modeladmin.message_user(
        request, _("Đã kết thúc %(n)d phiên đăng nhập.") % {"n": ended}, messages.SUCCESS
    )


admin.site.unregister(User)
admin.site.unregister(Membership)
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(ReauthAdminMixin, BaseUserAdmin):
    actions = [unlock_sign_in, end_sessions]

    def user_change_password(self, request, id, form_url=""):
        if not recently_reauthenticated(request):
            return reauth_redirect(request)
        return super().user_change_password(request, id, form_url)


@admin.register(Membership)
class MembershipAdmin(ReauthAdminMixin, BaseMembershipAdmin):
    pass


@admin.register(Group)
class GroupAdmin(ReauthAdminMixin, BaseGroupAdmin):
    pass
