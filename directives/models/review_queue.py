"""Reports that await review, kept by triggers on the reports and their reviews.

The "Xem xét" badge in every inspectorate page's navigation and the review queue read this small
table instead of anti-joining every report ever submitted with its review (a million reports at
province scale: 2.5 s per page). A row is added in the same statement as the report and removed
in the same statement as its review (a decision, or "closed" when the assignment ends), so it
holds exactly the unreviewed reports. A load with triggers switched off (the benchmark's
generator) rebuilds it with `REVIEW_QUEUE_REBUILD_SQL`.
"""

import pgtrigger
from django.db import models

REVIEW_QUEUE_REBUILD_SQL = (
    "DELETE FROM directives_reviewqueueentry;"
    " INSERT INTO directives_reviewqueueentry (report_id, assignment_id)"
    " SELECT r.id, r.assignment_id FROM directives_progressreport r"
    " JOIN directives_assignment a ON a.id = r.assignment_id"
    " WHERE a.state NOT IN ('completed', 'cancelled')"
    " AND NOT EXISTS (SELECT 1 FROM directives_reportreview v WHERE v.report_id = r.id)"
)

REVIEW_QUEUE_REPORT_TRIGGER = pgtrigger.Trigger(
    name="review_queue_add",
    level=pgtrigger.Statement,
    when=pgtrigger.After,
    operation=pgtrigger.Insert,
    referencing=pgtrigger.Referencing(new="new_rows"),
    func=(
        "INSERT INTO directives_reviewqueueentry (report_id, assignment_id)"
        " SELECT id, assignment_id FROM new_rows; RETURN NULL;"
    ),
)

REVIEW_QUEUE_REVIEW_TRIGGER = pgtrigger.Trigger(
    name="review_queue_remove",
    level=pgtrigger.Statement,
    when=pgtrigger.After,
    operation=pgtrigger.Insert,
    referencing=pgtrigger.Referencing(new="new_rows"),
    func=(
        "DELETE FROM directives_reviewqueueentry q USING new_rows n"
        " WHERE q.report_id = n.report_id; RETURN NULL;"
    ),
)


class ReviewQueueEntry(models.Model):
    """One unreviewed progress report (derived: see the module's docstring)."""

    report = models.OneToOneField(
        "directives.ProgressReport",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="queue_entry",
    )
    assignment = models.ForeignKey(
        "directives.Assignment", on_delete=models.CASCADE, related_name="+"
    )

    def __str__(self):
        return f"report {self.report_id} awaits review"
