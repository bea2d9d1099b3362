"""Admin: API tokens (made after re-authentication, key shown once), webhooks and their log."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from accounts.reauth import ReauthAdminMixin
from api import tokens
from api.models import ApiToken, Webhook, WebhookAttempt, WebhookDelivery
from directives.models import Event


class TokenAddForm(forms.ModelForm):
    days = forms.IntegerField(label=_("Số ngày hiệu lực"), min_value=1, initial=90)

    class Meta:
        model = ApiToken
        fields = ["user", "name"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReauthAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "prefix",
        "user",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__username"]
    readonly_fields = ["prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    actions = ["revoke"]
    autocomplete_fields = ["user"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = TokenAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "name", "days"]
        return [
            "user",
            "name",
            "prefix",
            "created_at",
            "created_by",
            "expires_at",
            "last_used_at",
            "revoked_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [*self.readonly_fields, "user", "expires_at"]

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["name"])
            return
        token, key = tokens.token_create(
            actor=request.user,
            user=form.cleaned_data["user"],
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
        )
        obj.pk = token.pk
        obj.refresh_from_db()
        messages.warning(
            request,
            _("Khóa API (chỉ hiện một lần, hãy sao chép ngay): %(key)s") % {"key": key},
        )

    @admin.action(description=_("Thu hồi các khóa đã chọn"))
    def revoke(self, request, queryset):
        for token in queryset:
            tokens.token_revoke(actor=request.user, token=token)
        messages.success(request, _("Đã thu hồi %(n)d khóa.") % {"n": queryset.count()})


class WebhookForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label=_("Loại sự kiện"), choices=Event.Kind.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Webhook
        fields = ["name", "url", "secret", "kinds", "is_active"]
        widgets = {"secret": forms.PasswordInput(render_value=True)}


@admin.register(Webhook)
class WebhookAdmin(ReauthAdminMixin, admin.ModelAdmin):
    form = WebhookForm
    list_display = ["name", "url", "is_active", "created_at"]


class AttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    readonly_fields = ["at", "response_code", "error"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "webhook", "state", "attempts", "response_code", "sent_at"]
    list_filter = ["state", "webhook"]
    readonly_fields = [
        "event",
        "webhook",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "response_code",
        "last_error",
    ]
    exclude = ["lease_until", "claim_token"]
    inlines = [AttemptInline]

    def has_add_permission(self, request):
        return False
