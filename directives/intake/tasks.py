"""Turn a body's outline into task proposals: items, and sentences that assign work.

An item whose lead-in ends with ":" (or is a short heading) hands its lead, helpers and deadline
down to the items under it, which become the proposals; an item that says its task itself is one
proposal with everything under it. Sections whose headings are not tasks (Mục đích, Yêu cầu,
Căn cứ, Tình hình…) are left out. In paragraphs, a sentence becomes a proposal when it assigns
work: "giao X …", "X chủ trì …", or "yêu cầu X …" with a deadline; in a directive's own text,
also any sentence that sets a due day ("… báo cáo về Thanh tra tỉnh trước ngày 15/12/2023").
"""

import re

from directives.intake.facts import _CHU_TRI, _GIAO, Facts, Reader
from directives.intake.outline import Node
from directives.intake.results import TaskProposal
from directives.intake.text import UPPER, Source
from units.vietnamese import fold

TITLE_LENGTH = 500
_NOT_TASKS = (
    "muc dich", "muc tieu", "yeu cau", "quan diem", "can cu", "co so phap ly", "pham vi",
    "doi tuong", "nguyen tac", "tinh hinh", "thuc trang", "han che", "nguyen nhan", "boi canh",
    "su can thiet", "ket qua dat duoc", "ket qua thuc hien", "danh gia chung", "giai thich",
    "thuc hien ", "theo de nghi",
)  # fmt: skip
_SENTENCE_END = re.compile(rf"(?<=[.!?…])\s+(?=[{UPPER}\"“(])")
_ABBREVIATIONS = ("TP.", "Tp.", "TX.", "Q.", "P.", "v.v.", "Đ/c.", "TS.", "ThS.")


def proposals(src: Source, root: Node, reader: Reader) -> list[TaskProposal]:
    """Return the task proposals of an outline, in the order of the text."""
    out: list[TaskProposal] = []
    _visit(src, root, reader, Facts(), out)
    return sorted(out, key=lambda p: p.span)


def _visit(src: Source, node: Node, reader: Reader, inherited: Facts, out: list) -> None:
    if _not_a_task(src, node):
        return
    if node.section:
        if node.lead_in:
            inherited = reader.facts(node.own).under(inherited)
        else:
            _sentences(src, node.own, reader, out)
        for child in node.children:
            _visit(src, child, reader, inherited, out)
        return
    own = reader.facts(node.own + node.fields).under(inherited)
    if node.children and _lead_in(src, node):
        for child in node.children:
            _visit(src, child, reader, own, out)
    else:
        _propose(src, node.start, node.end, node.own, own, out)


def _not_a_task(src: Source, node: Node) -> bool:
    """Tell whether a node's heading says it is no task (Mục đích, Căn cứ…), or it is empty."""
    if not node.own:
        return not node.children
    a, b = node.own[0]
    first = fold(src.norm[a:b]).strip(" :.")
    return len(first.split()) <= 12 and first.startswith(_NOT_TASKS)


def _lead_in(src: Source, node: Node) -> bool:
    """Tell whether an item's own text only leads in to the items under it."""
    first_child = node.children[0].start
    text = " ".join(src.norm[a:b] for a, b in node.own if a < first_child).strip()
    return not text or text.endswith(":") or (len(text.split()) <= 15 and text[-1] not in ".;")


def _propose(src: Source, start: int, end: int, own, facts: Facts, out: list) -> None:
    title = _title(src, own)
    if title and len(title.split()) >= 2:
        out.append(
            TaskProposal(
                title=title,
                lead=facts.lead,
                coordinating=list(facts.coordinating),
                deadline_text=facts.deadline_text,
                deadline=facts.deadline,
                span=src.span(start, end),
            )
        )


def _title(src: Source, own: list[tuple[int, int]]) -> str:
    """Return an item's title: its first paragraph as written, after a short heading if it has one.

    The title is always the item's own words in order, so the text at its span begins with it.
    """
    paragraphs = _paragraphs(src, own)
    if not paragraphs:
        return ""
    title = paragraphs[0]
    if len(paragraphs) > 1 and len(title.split()) <= 10 and title[-1] not in ".;!?":
        title = f"{title} {paragraphs[1]}"  # "2. Giám đốc Sở Nội vụ:" says who, not what
    if len(title) > TITLE_LENGTH:
        title = title[: TITLE_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    return title


def _paragraphs(src: Source, spans: list[tuple[int, int]]) -> list[str]:
    """Return the paragraphs of lines, as written, lines broken inside a paragraph joined."""
    return [
        " ".join(src.written(a, b) for a, b in lines) for lines in _grouped(src, spans) if lines
    ]


def _grouped(src: Source, spans: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Group lines into paragraphs: one ends at a full stop, a blank line, a long or short line."""
    norm, groups = src.norm, []
    for a, b in spans:
        if a >= b:
            continue
        if groups and not _ends_paragraph(norm, groups[-1][-1], (a, b)):
            groups[-1].append((a, b))
        else:
            groups.append([(a, b)])
    return groups


def _ends_paragraph(norm: str, previous: tuple[int, int], line: tuple[int, int]) -> bool:
    """Tell whether a paragraph ends between two lines (or the second only goes on the first)."""
    before, text = norm[previous[0] : previous[1]].rstrip(), norm[line[0] : line[1]].lstrip()
    if not before or not text or "\n" in norm[previous[1] : line[0]].replace("\n", "", 1):
        return True
    if before[-1] in ".;:!?" or len(before) > 110:  # a PDF's line is shorter than a paragraph
        return True
    return len(before) < 50 and text[0].isupper()


def _sentences(src: Source, spans: list[tuple[int, int]], reader: Reader, out: list) -> None:
    """Propose the sentences of paragraphs that assign work, or, in a directive, set a due day."""
    for a, b in _sentence_spans(src, spans):
        facts = reader.facts([(a, b)], leading=reader.formal)
        if (
            facts.lead
            and facts.cue
            and _assigns(src, a, b, facts)
            or reader.formal
            and facts.by_date
        ):
            _propose(src, a, b, [(a, b)], facts, out)


def _assigns(src: Source, a: int, b: int, facts: Facts) -> bool:
    """Tell whether a sentence assigns work: "chủ trì", "giao X", or "yêu cầu X" by a date."""
    if _CHU_TRI.search(src.norm, a, b) or _GIAO.search(src.norm, a, b):
        return True
    return facts.deadline_text is not None


def _sentence_spans(src: Source, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split paragraph lines into sentences (norm spans); a line broken mid-sentence is joined."""
    norm, out = src.norm, []
    for a, b in _paragraph_spans(src, spans):
        start = a
        for m in _SENTENCE_END.finditer(norm, a, b):
            if norm[start : m.start()].endswith(_ABBREVIATIONS):
                continue
            out.append((start, m.start()))
            start = m.end()
        out.append((start, b))
    return [(a, b) for a, b in out if b > a]


def _paragraph_spans(src: Source, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(lines[0][0], lines[-1][1]) for lines in _grouped(src, spans) if lines]
