"""The user's own account: profile, password, 2FA devices and backup codes, re-authentication."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import signins, twofactor
from accounts.forms import ProfileForm, ReauthForm
from accounts.reauth import mark_reauthenticated, reauth_redirect, recently_reauthenticated
from accounts.views import next_url
from audit import security


@never_cache
@login_required
def profile(request):
    """Show and save name, e-mail and phone; list the 2FA devices and backup codes left."""
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        # The reset link goes to this address: changing it asks for the password again.
        if "email" in form.changed_data and not recently_reauthenticated(request):
            return reauth_redirect(request)
        changed = list(form.changed_data)
        form.save()
        if changed:
            security.record(security.Kind.PROFILE_CHANGED, request=request, fields=changed)
        messages.success(request, _("Đã lưu thông tin cá nhân."))
        return redirect("accounts:profile")
    context = {
        "form": form,
        "devices": TOTPDevice.objects.filter(user=user, confirmed=True).order_by("created_at"),
        "backup_left": twofactor.backup_codes_left(user),
        "required": twofactor.two_factor_required(user),
        "sessions": signins.sessions_context(request),
        "max_sessions": settings.PCTS_MAX_SESSIONS_PER_USER,
    }
    return render(request, "accounts/profile.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change: the current password first; every other session ends."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Django's session hash already refuses the others; delete them so none lingers listed.
        signins.end_other_sessions(self.request)
        security.record(security.Kind.PASSWORD_CHANGED, request=self.request)
        messages.success(self.request, _("Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc."))
        return response


@never_cache
@login_required
@require_POST
def backup_codes_new(request):
    """Replace the backup codes (after re-authentication) and show the new set once."""
    if not twofactor.has_authenticator(request.user):
        raise Http404
    if not recently_reauthenticated(request):
        return reauth_redirect(request)
    codes = twofactor.new_backup_codes(request.user, request=request)
    return render(request, "accounts/backup_codes.html", {"codes": codes, "first": False})


@never_cache
@login_required
@require_POST
def two_factor_disable(request):
    """Turn 2FA off for a user who may go without it (after re-authentication)."""
    if twofactor.two_factor_required(request.user) or not twofactor.has_authenticator(request.user):
        raise Http404
    if not recently_reauthenticated(request):
        return reauth_redirect(request)
    twofactor.disable(request)
    messages.success(request, _("Đã tắt xác thực hai lớp."))
    return redirect("accounts:profile")


@never_cache
@sensitive_post_parameters("password", "code")
@login_required
def reauth(request):
    """Confirm the password (and a code) again before a sensitive action, then go back to it."""
    user = request.user
    needs_code = twofactor.has_authenticator(user)
    form = ReauthForm(request.POST or None, user=user, needs_code=needs_code)
    if request.method == "POST" and form.is_valid():
        # Through authenticate(), so failures count towards the lockout like a sign-in's.
        confirmed = authenticate(
            request, username=user.get_username(), password=form.cleaned_data["password"]
        )
        ok = confirmed is not None and confirmed.pk == user.pk
        if ok and needs_code:
            ok = twofactor.check_code(user, form.cleaned_data["code"]).ok
            if not ok:
                form.add_error("code", _("Mã không đúng hoặc đã được dùng."))
        elif not ok:
            form.add_error("password", _("Mật khẩu không đúng."))
        if ok:
            request.session.cycle_key()
            mark_reauthenticated(request)
            security.record(security.Kind.REAUTHENTICATED, request=request)
            return redirect(next_url(request, "accounts:profile"))
    return render(request, "accounts/reauth.html", {"form": form, "next": next_url(request)})
