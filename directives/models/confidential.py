"""What the database keeps of a classified ("Mật") directive, and the triggers that hold the line.

DOMAIN.md §6: classified text may not be stored on networked machines, so a classified
directive is its symbol, date and issuer with placeholders. The services write only the
placeholders (directives/confidentiality.py); the directive's check constraint and these
triggers refuse anything else, whoever writes (the admin, a script, a future service).
The placeholders are stored in Vietnamese and marked for translation where they are shown.
"""

import pgtrigger
from django.utils.translation import gettext_noop

CLASSIFIED_SUMMARY = gettext_noop("Văn bản mật – hồ sơ giấy")
# A classified directive's task n is called this, in SQL too (see _TASK_TITLE_SQL).
CLASSIFIED_TASK_TITLE = gettext_noop("Nhiệm vụ %(n)d")
# Every other free text written on a classified directive: reports, reasons, notes.
PAPER_TEXT = gettext_noop("Nội dung lưu tại hồ sơ giấy (văn bản mật).")


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_TASK_TITLE_SQL = f"format({_quoted(CLASSIFIED_TASK_TITLE.replace('%(n)d', '%s'))}, NEW.position)"
_DIRECTIVE_OF_REPORT = (
    "SELECT t.directive_id FROM directives_progressreport r"
    " JOIN directives_assignment a ON a.id = r.assignment_id"
    " JOIN directives_task t ON t.id = a.task_id WHERE r.id = NEW.report_id"
)


def _guard(name: str, directive_ids: str, allowed: str, what: str) -> pgtrigger.Trigger:
    """Refuse a row on a classified directive (one of `directive_ids`) unless `allowed` holds."""
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update,
        func=(
            "IF EXISTS (SELECT 1 FROM directives_directive"
            f" WHERE is_classified AND id IN ({directive_ids})) AND NOT ({allowed}) THEN"
            f" RAISE EXCEPTION 'classified directive: %', {_quoted(what)}"
            " USING ERRCODE = 'check_violation';"
            " END IF; RETURN NEW;"
        ),
    )


CLASSIFIED_TASK_GUARD = _guard(
    "classified_task_is_neutral",
    "NEW.directive_id",
    f"NEW.title = {_TASK_TITLE_SQL} AND NEW.description = ''",
    "a task keeps its neutral title and no description",
)
CLASSIFIED_REPORT_GUARD = _guard(
    "classified_report_keeps_no_text",
    "SELECT t.directive_id FROM directives_assignment a"
    " JOIN directives_task t ON t.id = a.task_id WHERE a.id = NEW.assignment_id",
    f"NEW.body = {_quoted(PAPER_TEXT)} AND NEW.milestone = ''",
    "a report keeps no text",
)
CLASSIFIED_ATTACHMENT_GUARD = _guard(
    "classified_directive_takes_no_file",
    f"SELECT NEW.directive_id UNION ALL {_DIRECTIVE_OF_REPORT}",
    "false",
    "no file is stored",
)
