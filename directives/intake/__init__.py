"""Read a directive's own text into a draft and task proposals (issue 18, document intake).

Pure Python with no Django imports, like the symbol and deadline parsers: `extract_directive`
reads the header (number, date, issuer, type, trích yếu), the signature block and "Nơi nhận" of
a Decree 30/2020/NĐ-CP or Hướng dẫn 36-HD/VPTW document; `propose_tasks` reads the items and
the "giao … chủ trì, phối hợp với …" sentences of its body into tasks with their lead and
coordinating units and deadlines. Both are tolerant of text taken out of PDFs (columns run
together, broken lines, table pipes) and never raise on any text.

A classified ("MẬT") directive is recorded by number, date, type and issuer only: its draft has
no trích yếu, signer or recipients, and no tasks are proposed (DOMAIN.md §6); show
CLASSIFIED_PLACEHOLDER in place of its trích yếu.
"""

from directives.intake.extract import extract_directive, is_classified, propose_tasks
from directives.intake.results import CLASSIFIED_PLACEHOLDER, DirectiveDraft, TaskProposal

__all__ = [
    "CLASSIFIED_PLACEHOLDER",
    "DirectiveDraft",
    "TaskProposal",
    "extract_directive",
    "is_classified",
    "propose_tasks",
]
