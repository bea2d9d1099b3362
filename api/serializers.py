"""What the API answers: one read serializer per object, classified directives as placeholders only."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from directives.models import (
    Assignment,
    Attachment,
    Directive,
    ExtensionRequest,
    Notification,
    ProgressReport,
    ReportReview,
    Task,
    Timeliness,
)
from directives.models.confidential import CLASSIFIED_SUMMARY
from units.models import Unit


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name", "short_name", "kind", "parent", "valid_from", "valid_to"]


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size", "sha256", "uploaded_at"]


class DirectiveSerializer(serializers.ModelSerializer):
    """A directive; a classified one keeps only its symbol, date, issuer and the placeholder."""

    attachments = serializers.SerializerMethodField()

    class Meta:
        model = Directive
        fields = [
            "id",
            "symbol",
            "raw_symbol",
            "symbol_kind",
            "doc_type",
            "type_name",
            "issuer_code",
            "issuer_name",
            "track",
            "issued_on",
            "summary",
            "body",
            "signer",
            "is_classified",
            "is_stub",
            "created_at",
            "attachments",
        ]

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, directive):
        if directive.is_classified:
            return []
        return AttachmentSerializer(directive.attachments.all(), many=True).data

    def to_representation(self, directive):
        data = super().to_representation(directive)
        if directive.is_classified:
            # The stored fields are placeholders already (directives.confidentiality); say so
            # here too, so no answer can carry more than the paper-file placeholder.
            data.update(summary=str(CLASSIFIED_SUMMARY), body="", signer="")
        return data


class TaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = Task
        fields = ["id", "directive", "position", "title", "description", "is_key", "created_at"]


class AssignmentSerializer(serializers.ModelSerializer):
    timeliness = serializers.ChoiceField(
        choices=Timeliness.choices, read_only=True, help_text="Tình hình thực hiện hôm nay."
    )
    directive = serializers.IntegerField(source="task.directive_id", read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "task",
            "directive",
            "unit",
            "role",
            "state",
            "timeliness",
            "deadline_text",
            "original_deadline",
            "effective_deadline",
            "progress_percent",
            "reported_on",
            "completed_on",
            "assigned_at",
            "last_report_at",
        ]


class ReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportReview
        fields = ["decision", "reason", "decided_at"]


class ReportSerializer(serializers.ModelSerializer):
    review = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "assignment",
            "submitted_at",
            "submitted_on",
            "body",
            "percent",
            "milestone",
            "claims_completion",
            "review",
            "attachments",
        ]

    @extend_schema_field(ReviewSerializer(allow_null=True))
    def get_review(self, report):
        review = getattr(report, "review", None)
        return ReviewSerializer(review).data if review else None

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, report):
        return AttachmentSerializer(report.attachments.all(), many=True).data


class ExtensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExtensionRequest
        fields = [
            "id",
            "assignment",
            "requested_at",
            "current_deadline",
            "requested_deadline",
            "reason",
            "state",
            "decided_at",
            "decided_deadline",
            "decision_note",
        ]


class NotificationSerializer(serializers.ModelSerializer):
    kind = serializers.SerializerMethodField()
    assignment = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "assignment",
            "items",
            "overdue",
            "escalated",
            "created_at",
            "read_at",
        ]

    @extend_schema_field(serializers.CharField())
    def get_kind(self, notification) -> str:
        """An event's kind, or "reminder" for a đôn đốc digest."""
        return notification.event.kind if notification.event_id else "reminder"

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_assignment(self, notification):
        return notification.event.assignment_id if notification.event_id else None
