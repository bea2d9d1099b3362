"""Confidential means confidential: what the writes keep of a classified ("Mật") directive.

DOMAIN.md §6: classified text may not be stored on networked machines. PCTS keeps a classified
directive's symbol, date and issuer, and placeholders for everything else, so no page, list,
export, mail, search index, API answer or history row can show more: there is nothing to show.

- The summary is the "classified – paper file" placeholder, on registration and on every edit;
  the body and the signer stay empty.
- Task n is called "Nhiệm vụ n", without description; a typed deadline is kept as its date.
- Report bodies, return reasons, extension reasons and decisions, cancellation reasons and the
  note of a manual đôn đốc become the paper-file placeholder; a report's milestone stays empty.
- No file may be attached to the directive nor to a report on its tasks.

The services call these helpers; the database refuses anything else (models/confidential.py).
"""

import dataclasses

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from directives.deadlines import Deadline
from directives.models import Assignment, Directive, ExtensionRequest, ProgressReport, Task
from directives.models.confidential import CLASSIFIED_SUMMARY, CLASSIFIED_TASK_TITLE, PAPER_TEXT
from units.vietnamese import format_date

RECURRING_TEXT = "thường xuyên"

__all__ = ["CLASSIFIED_SUMMARY", "CLASSIFIED_TASK_TITLE", "PAPER_TEXT"]


def is_classified(subject) -> bool:
    """Say whether `subject` (a directive, or a task, assignment, report or request on one) is classified."""
    if isinstance(subject, Directive):
        return subject.is_classified
    lookup = {
        Task: "tasks",
        Assignment: "tasks__assignments",
        ProgressReport: "tasks__assignments__reports",
        ExtensionRequest: "tasks__assignments__extension_requests",
    }[type(subject)]
    return Directive.objects.filter(is_classified=True, **{lookup: subject.pk}).exists()


def scrub_directive(directive: Directive) -> None:
    """Keep only the metadata of a classified directive: placeholder summary, no body, no signer."""
    if directive.is_classified:
        directive.summary = CLASSIFIED_SUMMARY
        directive.body = ""
        directive.signer = ""


def task_text(directive: Directive, position: int, title: str, description: str):
    """Return the (title, description) a task of `directive` keeps: neutral ones when classified."""
    if directive.is_classified:
        return CLASSIFIED_TASK_TITLE % {"n": position}, ""
    return title, description


def neutral_deadline(directive: Directive, deadline: Deadline | None) -> Deadline | None:
    """Keep the date a deadline means, not the phrase typed, on a classified directive."""
    if deadline is None or not directive.is_classified:
        return deadline
    text = format_date(deadline.due) if deadline.due else ""
    if deadline.kind == "recurring":
        text = RECURRING_TEXT
    return dataclasses.replace(deadline, text=text)


def free_text(subject, text: str, *, required: bool = False) -> str:
    """Return what a free-text field on `subject` keeps: the paper-file placeholder when classified.

    `required` fields (a report, a return reason…) always get it; optional ones only when typed.
    """
    if not is_classified(subject):
        return text
    return PAPER_TEXT if required or text.strip() else ""


def report_text(assignment: Assignment, body: str, milestone: str) -> tuple[str, str]:
    """Return the (body, milestone) a report keeps: the placeholder and none when classified."""
    if is_classified(assignment):
        return PAPER_TEXT, ""
    return body, milestone


def reminder_note(assignments, note: str) -> str:
    """Return the note a manual đôn đốc keeps: the placeholder if it names a classified directive's item."""
    if note.strip() and assignments.filter(task__directive__is_classified=True).exists():
        return PAPER_TEXT
    return note


def refuse_files(files, *, directive: Directive | None = None, report=None) -> None:
    """Refuse files for a classified directive or for a report on one, saying why."""
    if not files:
        return
    if (
        directive is not None
        and directive.is_classified
        or (report is not None and is_classified(report.assignment))
    ):
        raise ValidationError(
            _(
                "Văn bản mật: không được tải tệp lên hệ thống. Tài liệu lưu tại hồ sơ giấy; "
                "chỉ ghi tiến độ và báo cáo hoàn thành."
            ),
            code="classified",
        )
