"""Password reset by mail: a short-lived, single-use link; the same answer for any address.

Django's views do the work: the link's token is signed with the user's password hash and last
sign-in, so it stops working once used, and after PASSWORD_RESET_TIMEOUT. Requests are
throttled per address (silently: the page says the same, no mail goes) and per client address
(the page says to wait, which tells nothing about any account).
"""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from accounts import lockout
from audit import security


def reset_minutes() -> int:
    return settings.PASSWORD_RESET_TIMEOUT // 60


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"
    subject_template_name = "emails/password_reset-subject.html"
    email_template_name = "emails/password_reset-body-text.html"
    html_email_template_name = "emails/password_reset-body-html.html"
    success_url = reverse_lazy("accounts:password-reset-done")

    def get_context_data(self, **kwargs):
        return super().get_context_data(minutes=reset_minutes(), **kwargs)

    def post(self, request, *args, **kwargs):
        if is_ratelimited(
            request,
            group="password-reset-ip",
            key="ip",
            rate=settings.PCTS_RESET_RATE_PER_IP,
            increment=True,
        ):
            form = self.get_form()
            form.is_valid()
            form.add_error(None, _("Quá nhiều yêu cầu từ máy này; vui lòng thử lại sau."))
            security.record(security.Kind.PASSWORD_RESET_REQUESTED, request=request, throttled="ip")
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        throttled = is_ratelimited(
            self.request,
            group="password-reset-address",
            key=lambda group, request: email,
            rate=settings.PCTS_RESET_RATE_PER_ADDRESS,
            increment=True,
        )
        security.record(
            security.Kind.PASSWORD_RESET_REQUESTED,
            request=self.request,
            email=email,
            throttled="address" if throttled else "",
        )
        if throttled:
            return redirect(self.get_success_url())
        self.extra_email_context = {"site_url": settings.SITE_URL, "minutes": reset_minutes()}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        security.record(security.Kind.PASSWORD_RESET_DONE, request=self.request, user=user)
        # The owner of the mailbox may sign in again at once, even after a lockout.
        lockout.unlock(username=user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"
