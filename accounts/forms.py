"""Account forms: the second step of signing in, enrolment, the profile, re-authentication."""

from django import forms
from django.utils.translation import gettext_lazy as _

from units.models import User


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác thực"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
        help_text=_("6 chữ số trong ứng dụng xác thực, hoặc một mã dự phòng."),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Mã 6 chữ số trong ứng dụng"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "email", "phone"]
        labels = {"email": _("Thư điện tử")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["email"].required = True

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        taken = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Địa chỉ thư này đã được dùng cho tài khoản khác."))
        return email


class ReauthForm(forms.Form):
    """The password again, and a code when the user has an authenticator."""

    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    code = forms.CharField(label=_("Mã xác thực"), max_length=32, required=False)

    def __init__(self, *args, user, needs_code: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.needs_code = needs_code
        if needs_code:
            self.fields["code"].required = True
            self.fields["code"].help_text = _(
                "6 chữ số trong ứng dụng xác thực, hoặc một mã dự phòng."
            )
        else:
            del self.fields["code"]
