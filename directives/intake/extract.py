"""The two extractors: a directive's fields from its text, and the tasks its text orders."""

import re

from directives.intake.closing import read_closing
from directives.intake.facts import Reader
from directives.intake.header import Header, read_header
from directives.intake.outline import outline
from directives.intake.parties import UnitIndex
from directives.intake.prose import reported_directive
from directives.intake.results import DirectiveDraft, TaskProposal
from directives.intake.tables import table_proposals, tables
from directives.intake.tasks import proposals
from directives.intake.text import Source
from directives.symbols import Registry, find_references

_SECRET = re.compile(r"TUYỆT MẬT|TỐI MẬT|MẬT")
_SECRET_LINE = re.compile(
    r"(?m)^[ \t|]*[(\[]?(?:Mật|MẬT|Tối mật|Tuyệt mật)[)\]]?[ \t|]*$|Độ mật\s*:\s*(?:Mật|Tối|Tuyệt)"
)
_ALONE_BEFORE = re.compile(r"(?:^|\n|\||\t| {2}|[(\[])[ \t]*[(\[]?$")
_ALONE_AFTER = re.compile(r"[)\]]?[ \t]*(?:$|\n|\||\t| {2})")


def extract_directive(text: str) -> DirectiveDraft:
    """Read a directive's number, date, issuer, type, trích yếu, signature and recipients from its text.

    A classified ("MẬT") directive gives its number, date, type and issuer only: no trích yếu,
    signer or recipients, since no classified text may be stored (DOMAIN.md §6).
    """
    text = text or ""
    src = Source(text)
    registry = Registry.default()
    head = read_header(src, registry)
    draft = DirectiveDraft(references=find_references(text, registry))
    _fill_header(draft, head, text, registry)
    if _classified(src, head):
        return draft
    draft.summary = head.summary
    closing = read_closing(src, head.body_start)
    draft.signer, draft.signing_form = closing.signer, closing.signing_form
    draft.recipients = closing.recipients
    return draft


def propose_tasks(text: str, unit_names: list[str]) -> list[TaskProposal]:
    """Propose the tasks a directive's text orders, with lead and coordinating units and deadlines.

    Units are the names in `unit_names` where the text names one of them (case, old tone marks,
    "UBND" and initials tolerated; Đ is never D), else as written. A classified directive gives
    no proposals: its tasks are entered from the paper file.
    """
    text = text or ""
    src = Source(text)
    registry = Registry.default()
    head = read_header(src, registry)
    if _classified(src, head):
        return []
    issued_on = head.issued_on
    if not head.formal and (reported := reported_directive(text, find_references(text), registry)):
        issued_on = reported.reference.issued_on
    closing = read_closing(src, head.body_start)
    end = closing.start if closing.start and closing.start > head.body_start else len(src.norm)
    taken = [r.span for r in find_references(src.norm, registry)]
    reader = Reader(src, UnitIndex(list(unit_names or [])), issued_on, taken, head.formal)
    found = tables(src, head.body_start, len(src.norm))
    stops = [line for table in found for line in table.lines]
    out = proposals(src, outline(src, head.body_start, end, stops), reader)
    out += [p for table in found for p in table_proposals(src, table, reader)]
    return _apart(sorted(out, key=lambda p: p.span))


def _apart(found: list[TaskProposal]) -> list[TaskProposal]:
    """Keep proposals whose spans do not overlap an earlier one's (they never should)."""
    kept: list[TaskProposal] = []
    for proposal in found:
        if not kept or proposal.span[0] >= kept[-1].span[1]:
            kept.append(proposal)
    return kept


def is_classified(text: str) -> bool:
    """Tell whether a text carries a confidentiality mark ("MẬT", "TỐI MẬT") in its header."""
    src = Source(text or "")
    return _classified(src, read_header(src, Registry.default()))


def _fill_header(draft: DirectiveDraft, head: Header, text: str, registry: Registry) -> None:
    if head.formal:
        draft.symbol = head.symbol.normalized if head.symbol else None
        draft.doc_type, draft.type_name = head.doc_type, head.type_name
        draft.issued_on, draft.place = head.issued_on, head.place
        draft.issuer_name = head.issuer_name
        return
    reported = reported_directive(text, draft.references, registry)
    if reported:
        ref = reported.reference
        draft.symbol, draft.doc_type, draft.type_name = ref.symbol, ref.doc_type, reported.type_name
        draft.issued_on, draft.issuer_name = ref.issued_on, reported.issuer_name


def _classified(src: Source, head: Header) -> bool:
    a, b = head.classified_zone
    zone = src.norm[a:b]
    if _SECRET_LINE.search(zone):
        return True
    return any(
        _ALONE_BEFORE.search(zone, 0, m.start()) and _ALONE_AFTER.match(zone, m.end())
        for m in _SECRET.finditer(zone)
    )
