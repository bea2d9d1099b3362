"""Signing in: the password step, the second step (a code), enrolment, the lockout page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from accounts import lockout, twofactor
from accounts.forms import CodeForm, EnrolForm
from accounts.reauth import reauth_redirect, recently_reauthenticated


class LoginView(auth_views.LoginView):
    """Django's sign-in with the attempts left shown after a failure."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form):
        username = str(form.data.get("username", ""))[:150]
        remaining = lockout.remaining_attempts(self.request, username) if username else None
        return self.render_to_response(self.get_context_data(form=form, remaining=remaining))


def next_url(request, default: str = settings.LOGIN_REDIRECT_URL) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(default)


@never_cache
@sensitive_post_parameters("code")
@login_required
def verify(request):
    """Ask for a code from the authenticator app (or a backup code) to finish signing in."""
    if request.user.is_verified():
        return redirect(next_url(request))
    if not twofactor.has_authenticator(request.user):
        return redirect("accounts:enrol")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = twofactor.verify_session(request, form.cleaned_data["code"])
        if result.ok:
            if result.used_backup_code:
                left = twofactor.backup_codes_left(request.user)
                messages.warning(
                    request,
                    _("Đã dùng một mã dự phòng; còn %(n)s mã. Tạo bộ mã mới trong trang Tài khoản.")
                    % {"n": left},
                )
            return redirect(next_url(request))
        if result.throttled:
            form.add_error("code", _("Nhập sai nhiều lần; vui lòng chờ ít giây rồi thử lại."))
        else:
            form.add_error("code", _("Mã không đúng hoặc đã được dùng."))
    return render(request, "accounts/verify.html", {"form": form, "next": next_url(request)})


@never_cache
@sensitive_post_parameters("code")
@login_required
def enrol(request):
    """Set up an authenticator app: a QR code, its secret, and a first code to confirm it.

    A user who already has one must have verified this session and confirmed the password
    again to replace it, so a password alone never enrols a new device.
    """
    user = request.user
    if twofactor.has_authenticator(user):
        if not user.is_verified():
            return redirect("accounts:verify")
        if not recently_reauthenticated(request):
            return reauth_redirect(request)
    device = twofactor.pending_authenticator(user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm_enrolment(request, device, form.cleaned_data["code"])
        if codes is not None:
            messages.success(request, _("Đã bật xác thực hai lớp."))
            return render(
                request,
                "accounts/backup_codes.html",
                {"codes": codes, "next": next_url(request), "first": True},
            )
        form.add_error("code", _("Mã không đúng; kiểm tra giờ trên điện thoại rồi nhập mã mới."))
    context = {
        "form": form,
        "qr_svg": twofactor.qr_svg(device),
        "secret": twofactor.secret_base32(device),
        "required": twofactor.two_factor_required(user),
        "next": next_url(request),
    }
    return render(request, "accounts/enrol.html", context)


def locked_out(request, original_response=None, credentials=None):
    """Answer a locked sign-in: how long it lasts, whom to ask, and the way back."""
    context = {
        "minutes": settings.AXES_COOLOFF_MINUTES,
        "username": (credentials or {}).get("username", ""),
    }
    return render(
        request,
        "registration/locked_out.html",
        context,
        status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429),
    )
