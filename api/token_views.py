"""The user's own API tokens, from the profile: list, make (after re-authentication), revoke."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.reauth import reauth_required
from api import tokens
from api.models import ApiToken

DAY_CHOICES = [(30, "30"), (90, "90"), (180, "180"), (365, "365")]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Tên tích hợp"),
        max_length=100,
        help_text=gettext_lazy("Ví dụ: Hệ thống quản lý văn bản điều hành của Sở."),
    )
    days = forms.TypedChoiceField(
        label=gettext_lazy("Hiệu lực (ngày)"), choices=DAY_CHOICES, coerce=int, initial=90
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].choices = [
            (d, label) for d, label in DAY_CHOICES if d <= settings.PCTS_API_TOKEN_MAX_DAYS
        ] or [(settings.PCTS_API_TOKEN_MAX_DAYS, str(settings.PCTS_API_TOKEN_MAX_DAYS))]


@never_cache
@login_required
def token_list(request):
    """List the user's tokens: name, prefix, made, expires, last used, revoked."""
    rows = ApiToken.objects.filter(user=request.user)
    return render(request, "api/token_list.html", {"tokens": rows})


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@reauth_required
def token_create(request):
    """Make a token after re-authentication; its key is shown on this answer only, never again."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, key = tokens.token_create(
                actor=request.user,
                user=request.user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(request, "api/token_created.html", {"token": token, "key": key})
    return render(request, "api/token_form.html", {"form": form})


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def token_revoke(request, pk):
    """Ask, then revoke one of the user's own tokens (another's answers 404)."""
    token = get_object_or_404(ApiToken.objects.filter(user=request.user), pk=pk)
    if request.method == "POST":
        tokens.token_revoke(actor=request.user, token=token)
        messages.success(request, _("Đã thu hồi khóa “%(name)s”.") % {"name": token.name})
        return redirect("apitokens:token-list")
    return render(request, "api/token_revoke.html", {"token": token})
