"""What the API's writes read: one input serializer per service call, checked before the service."""

from rest_framework import serializers

from directives.models import ReportReview


class DirectiveCreateInput(serializers.Serializer):
    raw_symbol = serializers.CharField(max_length=120, help_text="Số, ký hiệu, ví dụ 160-KH/TU.")
    issued_on = serializers.DateField(help_text="Ngày ban hành (YYYY-MM-DD).")
    summary = serializers.CharField(max_length=5000, help_text="Trích yếu.")
    issuer_name = serializers.CharField(max_length=255, required=False, default="")
    signer = serializers.CharField(max_length=150, required=False, default="")
    body = serializers.CharField(max_length=200000, required=False, default="")
    is_classified = serializers.BooleanField(
        required=False, default=False, help_text="Văn bản mật: chỉ lưu số, ngày, cơ quan ban hành."
    )


class ReportSubmitInput(serializers.Serializer):
    body = serializers.CharField(max_length=50000, help_text="Nội dung báo cáo.")
    percent = serializers.IntegerField(min_value=0, max_value=100, required=False, allow_null=True)
    milestone = serializers.CharField(max_length=255, required=False, default="")
    claims_completion = serializers.BooleanField(
        required=False, default=False, help_text="Báo cáo hoàn thành (chờ Thanh tra xem xét)."
    )
    files = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, help_text="Tệp đính kèm."
    )


class ReviewInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=ReportReview.Decision.choices)
    reason = serializers.CharField(max_length=20000, required=False, default="", allow_blank=True)


class ExtensionRequestInput(serializers.Serializer):
    requested_deadline = serializers.DateField(help_text="Hạn đề nghị (YYYY-MM-DD).")
    reason = serializers.CharField(max_length=20000)


class ExtensionDecisionInput(serializers.Serializer):
    approve = serializers.BooleanField()
    deadline = serializers.DateField(
        required=False, allow_null=True, help_text="Hạn mới nếu khác hạn đề nghị."
    )
    note = serializers.CharField(max_length=20000, required=False, default="", allow_blank=True)
