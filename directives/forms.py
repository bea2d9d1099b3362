"""Input shapes of the inspectorate's screens; the services do the writing and the checking."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directives import plausibility, symbols
from directives.fields import MultipleFileField, VietnameseDateField
from directives.models import Attachment, Directive, DirectiveLink, ReportReview
from directives.registry import symbol_registry
from directives.uploads import UPLOAD_ERROR_CODES, upload_help_text, validate_uploads
from units import roles
from units.models import Unit, User
from units.selectors import units_for_choice


class BootstrapMixin:
    """Give every widget its Bootstrap class so templates only lay fields out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self._errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()

    def add_service_error(self, exc: ValidationError) -> None:
        """Put a service's ValidationError on the fields it names, the rest above the form."""
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
            return
        for error in exc.error_list:
            field = (
                "attachments"
                if error.code in UPLOAD_ERROR_CODES and "attachments" in self.fields
                else None
            )
            self.add_error(field, error)


def inspectorate_users():
    """Return the active users who may track a directive, by name."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name__in=[roles.INSPECTORATE, roles.ADMIN]) | Q(is_superuser=True))
        .distinct()
        .order_by("full_name", "username")
    )


def parse_link_symbol(raw: str) -> str:
    """Return the normalised symbol of a linked document or raise its parse error."""
    try:
        return symbols.parse_symbol(raw, registry=symbol_registry()).normalized
    except symbols.InvalidSymbol as exc:
        raise ValidationError(exc.translate(gettext), code="invalid_symbol") from exc


class PickerSearchForm(forms.Form):
    """The text typed into a picker (?q=): trimmed, at most 100 characters, no NUL character.

    PostgreSQL cannot compare text holding NUL, so such a query is refused with a sentence
    instead of reaching the database.
    """

    q = forms.CharField(
        required=False,
        error_messages={
            "null_characters_not_allowed": _(
                "Từ khóa tìm kiếm chứa ký tự không hợp lệ (NUL); hãy gõ lại."
            )
        },
    )

    def query(self) -> str:
        return self.cleaned_data["q"][:100]

    def error_text(self) -> str:
        return " ".join(message for errors in self.errors.values() for message in errors)


# --------------------------------------------------------------------------- directives


class DirectiveFilterForm(BootstrapMixin, forms.Form):
    """Narrow an already scoped list of directives by words, track and year."""

    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    track = forms.ChoiceField(
        label=_("Hệ thống"),
        required=False,
        choices=[("", _("Đảng và Nhà nước")), *Directive.Track.choices],
    )
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1945, max_value=2100)

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["track"]:
            queryset = queryset.filter(track=data["track"])
        if data["year"]:
            queryset = queryset.filter(issued_on__year=data["year"])
        return queryset


class DirectiveForm(BootstrapMixin, forms.Form):
    """Register a directive from its typed symbol."""

    raw_symbol = forms.CharField(
        label=_("Số, ký hiệu"),
        max_length=120,
        help_text=_("Ví dụ 160-KH/TU, 31/KH-UBND, 5046/UBND-TTTP, 30/2020/NĐ-CP."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    issued_on = VietnameseDateField(
        label=_("Ngày ban hành"), help_text=_("ngày/tháng/năm, ví dụ 25/03/2026")
    )
    issuer_name = forms.CharField(
        label=_("Cơ quan ban hành"),
        max_length=255,
        required=False,
        help_text=_("Để trống để dùng tên theo ký hiệu cơ quan."),
    )
    signer = forms.CharField(label=_("Người ký"), max_length=150, required=False)
    summary = forms.CharField(
        label=_("Trích yếu"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    body = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    attachments = MultipleFileField(label=_("Tệp đính kèm"))
    is_classified = forms.BooleanField(
        label=_("Văn bản mật (chỉ ghi số, ngày, cơ quan ban hành; nội dung lưu hồ sơ giấy)"),
        required=False,
    )
    tracking_officer = forms.ModelChoiceField(
        label=_("Cán bộ theo dõi"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— chưa phân công —"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tracking_officer"].queryset = inspectorate_users()
        self.fields["attachments"].help_text = upload_help_text()
        self.fields["summary"].help_text = plausibility.limit_help(plausibility.summary_limit())

    def clean_raw_symbol(self):
        return _parsed_symbol(self, self.cleaned_data["raw_symbol"])

    def clean(self):
        data = super().clean()
        if not data.get("is_classified") and not (data.get("summary") or "").strip():
            self.add_error("summary", _("Nhập trích yếu văn bản."))
        _check_symbol_year(self, data)
        return data


class DirectiveLinkForm(BootstrapMixin, forms.Form):
    """One document the new directive implements, is based on or replaces."""

    symbol = forms.CharField(
        label=_("Số, ký hiệu văn bản liên quan"), max_length=120, required=False
    )
    issued_on = VietnameseDateField(label=_("Ngày ban hành"), required=False)
    kind = forms.ChoiceField(
        label=_("Quan hệ"),
        choices=DirectiveLink.Kind.choices,
        initial=DirectiveLink.Kind.IMPLEMENTS,
    )

    def clean_symbol(self):
        raw = self.cleaned_data["symbol"].strip()
        return parse_link_symbol(raw) if raw else ""


class BaseLinkFormSet(forms.BaseFormSet):
    def links(self):
        """Return (symbol, kind, issued_on) for the filled rows."""
        return [
            (
                form.cleaned_data["symbol"],
                form.cleaned_data["kind"],
                form.cleaned_data.get("issued_on"),
            )
            for form in self.forms
            if form.cleaned_data.get("symbol")
        ]


DirectiveLinkFormSet = forms.formset_factory(
    DirectiveLinkForm, formset=BaseLinkFormSet, extra=2, max_num=30
)


def _parsed_symbol(form, raw: str):
    """Return the parsed symbol typed in `form`, or raise its parse error on the field."""
    try:
        form.symbol = symbols.parse_symbol(raw, registry=symbol_registry())
    except symbols.InvalidSymbol as exc:
        raise ValidationError(exc.translate(gettext), code="invalid_symbol") from exc
    return raw


def _check_symbol_year(form, data) -> None:
    """Say, beside the other errors, when the symbol's year and the issue date disagree."""
    sym, day = getattr(form, "symbol", None), data.get("issued_on")
    if sym is not None and sym.year and day and day.year != sym.year:
        form.add_error(
            "issued_on",
            _("Ký hiệu ghi năm %(y)d nhưng ngày ban hành thuộc năm %(d)d: kiểm tra lại.")
            % {"y": sym.year, "d": day.year},
        )


class DirectiveEditForm(BootstrapMixin, forms.Form):
    """Edit what describes a directive, correct its symbol, add and remove its files."""

    raw_symbol = forms.CharField(
        label=_("Số, ký hiệu"),
        max_length=120,
        required=False,
        help_text=_(
            "Sửa nếu nhập sai: ký hiệu được đọc lại, kiểm tra trùng; liên kết và nhiệm vụ giữ "
            "nguyên. Để trống: giữ ký hiệu hiện tại."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    issued_on = VietnameseDateField(label=_("Ngày ban hành"))
    issuer_name = forms.CharField(label=_("Cơ quan ban hành"), max_length=255, required=False)
    signer = forms.CharField(label=_("Người ký"), max_length=150, required=False)
    summary = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 2}))
    body = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    tracking_officer = forms.ModelChoiceField(
        label=_("Cán bộ theo dõi"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— chưa phân công —"),
    )
    attachments = MultipleFileField(label=_("Thêm tệp đính kèm"))
    remove_attachments = forms.ModelMultipleChoiceField(
        label=_("Gỡ tệp đính kèm"),
        queryset=Attachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, directive: Directive, **kwargs):
        self.directive = directive
        self.symbol = None
        kwargs.setdefault(
            "initial",
            {
                "raw_symbol": directive.symbol,
                "issued_on": directive.issued_on,
                "issuer_name": directive.issuer_name,
                "signer": directive.signer,
                "summary": directive.summary,
                "body": directive.body,
                "tracking_officer": directive.tracking_officer_id,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["tracking_officer"].queryset = inspectorate_users()
        self.fields["summary"].help_text = plausibility.limit_help(plausibility.summary_limit())
        self.fields["attachments"].help_text = upload_help_text()
        self.fields["remove_attachments"].queryset = directive.attachments.order_by("uploaded_at")
        self.fields["remove_attachments"].widget.attrs["class"] = ""
        self.fields["remove_attachments"].label_from_instance = lambda a: a.original_name
        if directive.is_classified:
            # Symbol, date and issuer only: the rest lives in the paper file.
            for name in ("body", "summary", "signer", "attachments"):
                del self.fields[name]

    def clean_raw_symbol(self):
        return _parsed_symbol(
            self, self.cleaned_data["raw_symbol"].strip() or self.directive.symbol
        )

    def clean_issued_on(self):
        day = self.cleaned_data["issued_on"]
        if day > timezone.localdate():
            raise ValidationError(_("Ngày ban hành không được sau ngày hôm nay."))
        return day

    def clean_attachments(self):
        files = self.cleaned_data["attachments"]
        validate_uploads(files)
        return files

    def clean(self):
        data = super().clean()
        _check_symbol_year(self, data)
        return data


class LinkAddForm(BootstrapMixin, forms.Form):
    """Link a registered directive to another one, named by symbol (a stub is created if new)."""

    symbol = forms.CharField(label=_("Số, ký hiệu"), max_length=120)
    issued_on = VietnameseDateField(label=_("Ngày ban hành (nếu biết)"), required=False)
    kind = forms.ChoiceField(
        label=_("Quan hệ"),
        choices=DirectiveLink.Kind.choices,
        initial=DirectiveLink.Kind.IMPLEMENTS,
    )

    def clean_symbol(self):
        return parse_link_symbol(self.cleaned_data["symbol"].strip())


# --------------------------------------------------------------------------- tasks


class TaskForm(BootstrapMixin, forms.Form):
    """Split a directive into a task with one lead unit, coordinating units and a deadline."""

    title = forms.CharField(
        label=_("Nhiệm vụ"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    description = forms.CharField(
        label=_("Nội dung chi tiết"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    is_key = forms.BooleanField(label=_("Nhiệm vụ trọng tâm"), required=False)
    lead_unit = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì"),
        queryset=Unit.objects.all(),
        empty_label=_("— chọn đơn vị —"),
        error_messages={
            "required": _("Chọn một đơn vị chủ trì."),
            "invalid_choice": _("Đơn vị không tồn tại."),
        },
    )
    coordinating_units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"),
        queryset=Unit.objects.all(),
        required=False,
        error_messages={"invalid_choice": _("Đơn vị không tồn tại.")},
    )
    deadline_text = forms.CharField(
        label=_("Thời hạn"),
        max_length=255,
        help_text=_(
            "Một ngày (15/10/2023) hoặc như văn bản ghi: «trước ngày 15/10/2023», «trong quý III/2023», "
            "«05 ngày làm việc», «thường xuyên», «khẩn trương»…"
        ),
        error_messages={
            "required": _("Nhập thời hạn; nhiệm vụ không có hạn thì ghi «thường xuyên».")
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer today's units only; a dissolved one posted anyway is refused by the service on its field.
        choices = [
            (u.pk, u.name) for u in units_for_choice().only("pk", "name").order_by("name_sort")
        ]
        self.fields["lead_unit"].widget.choices = [
            ("", self.fields["lead_unit"].empty_label),
            *choices,
        ]
        self.fields["coordinating_units"].widget.choices = choices

    def clean_coordinating_units(self):
        units = self.cleaned_data["coordinating_units"]
        today = timezone.localdate()
        dissolved = [u for u in units if not u.is_active_on(today)]
        if dissolved:
            raise ValidationError(
                _("Đơn vị “%(unit)s” đã giải thể, không thể giao nhiệm vụ mới.")
                % {"unit": dissolved[0]}
            )
        return units


# --------------------------------------------------------------------------- review


class ReportReviewForm(forms.Form):
    # "closed" is written by the workflow when an assignment ends, never chosen.
    decision = forms.ChoiceField(
        choices=[
            (ReportReview.Decision.ACCEPT, ReportReview.Decision.ACCEPT.label),
            (ReportReview.Decision.RETURN, ReportReview.Decision.RETURN.label),
        ],
        error_messages={
            "required": _("Chọn chấp nhận hoặc trả lại."),
            "invalid_choice": _("Chọn chấp nhận hoặc trả lại."),
        },
    )
    reason = forms.CharField(required=False, max_length=4000)


class ExtensionDecideForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Đồng ý")), ("reject", _("Không đồng ý"))],
        error_messages={
            "required": _("Chọn đồng ý hoặc không đồng ý."),
            "invalid_choice": _("Chọn đồng ý hoặc không đồng ý."),
        },
    )
    deadline = VietnameseDateField(required=False)
    note = forms.CharField(required=False, max_length=4000)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and data.get("deadline"):
            self.add_error("deadline", _("Không đồng ý gia hạn thì không ghi hạn mới."))
        return data


class AssignmentCancelForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do hủy giao"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Ghi lý do hủy giao nhiệm vụ.")},
    )


class ManualReminderForm(forms.Form):
    note = forms.CharField(
        label=_("Ý kiến đôn đốc"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Rendered once per page: a double click sends the same token, and the second request changes nothing.
    request_token = forms.UUIDField(required=False, widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)
    # A unit already urged today is urged again only when the officer says so.
    send_anyway = forms.BooleanField(required=False, label=_("Vẫn gửi lại hôm nay"))
