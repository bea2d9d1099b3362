"""Read a body into its outline: sections, numbered and bulleted items, their lines and fields.

Vietnamese administrative texts number their parts I. → 1. → 1.1. → a) → - → +; a line without
a mark belongs to the item above it (its text, or a line broken by a PDF), a line in capitals is
a heading, "Điều 1." opens an article, and "(1) … (2) …" written in one paragraph are items too.
Lines such as "- Đơn vị chủ trì: Sở Tư pháp" or "Thời gian: Quý II/2024" are fields of the item
above them, not items of their own.
"""

import re
from dataclasses import dataclass, field

from directives.intake.text import Source, is_caps, letters

_MARKER = re.compile(
    r"(?P<roman>[IVX]{1,5})\s*[.)/]\s+"
    r"|(?P<article>Điều\s+\d{1,3}[a-z]?)\s*[.:]?\s*"
    r"|(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})(?:\s*[.)]\s*|\s+(?=[^\W\d]))(?!\d)"
    r"|(?P<letter>[a-zđ])\s*[).]\s+"
    r"|\((?P<paren>\d{1,2}|[a-zđ])\)\s*"
    r"|(?P<bullet>[-–—+•*·▪❖➢►✓])\s*(?=[^\s\-–—])"
)
FIELD = re.compile(
    r"(?P<label>(?:(?:cơ quan|đơn vị|cơ quan, đơn vị)\s+)?(?:chủ trì|phối hợp|thực hiện)"
    r"|trách nhiệm thực hiện|thời gian(?:\s+(?:thực hiện|hoàn thành))?"
    r"|thời hạn(?:\s+(?:thực hiện|hoàn thành))?|hạn hoàn thành|tiến độ(?:\s+thực hiện)?"
    r"|sản phẩm|kết quả(?:\s+đầu ra)?)\s*:\s*",
    re.IGNORECASE,
)
_INLINE = re.compile(r"(?<![\w(])\((\d{1,2})\)\s*")


@dataclass
class Node:
    """One part of the outline; sections (and the root) are never proposed as tasks themselves."""

    level: float
    start: int
    section: bool = False
    lead_in: bool = False  # the sentence that "(1) … (2) …" items continue
    own: list[tuple[int, int]] = field(default_factory=list)
    fields: list[tuple[int, int]] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)

    @property
    def end(self) -> int:
        ends = [e for _, e in self.own + self.fields] + [c.end for c in self.children]
        return max(ends, default=self.start)


def outline(src: Source, start: int, end: int, stops: list[tuple[int, int]] = ()) -> Node:
    """Return the outline of norm[start:end], leaving out the stop spans (the closing block)."""
    norm = src.norm
    root = Node(level=-1, start=start, section=True)
    stack = [root]
    for ls, le in src.lines:
        ls, le = max(ls, start), min(le, end)
        if ls >= le:
            continue
        if any(a <= ls < b for a, b in stops):
            del stack[1:]  # a table closes the items above it
            continue
        cs = ls + len(norm[ls:le]) - len(norm[ls:le].lstrip(" \t|"))
        le = cs + len(norm[cs:le].rstrip(" \t|"))
        if cs < le:
            _add_line(norm, stack, cs, le)
    return root


def _add_line(norm: str, stack: list[Node], cs: int, le: int) -> None:
    m = _MARKER.match(norm, cs, le)
    text_start = m.end() if m else cs
    top = stack[-1]
    if FIELD.match(norm, text_start, le) and not top.section:
        top.fields.append((cs, le))
        return
    level = _level(m) if m else None
    if _is_heading(norm[text_start:le]) and (level is None or level >= 1):
        level = 0.0  # a heading in capitals is a section, whatever it is numbered with
    if level is None:
        _add_text(norm, stack, cs, le)
        return
    while stack[-1].level >= level:
        stack.pop()
    node = Node(level=level, start=cs, section=level == 0, own=[(text_start, le)])
    stack[-1].children.append(node)
    stack.append(node)
    _split_inline(norm, node, 0)


def _level(m: re.Match) -> float:
    if m["roman"] or m["article"]:
        return 0.0
    if m["num"]:
        return float(m["num"].count(".") + 1)
    if m["letter"]:
        return 5.0
    if m["paren"]:
        return 6.0
    return 8.0 if m["bullet"] == "+" else 7.0


def _is_heading(text: str) -> bool:
    """Tell whether a line is a heading in capitals ("II. NHIỆM VỤ VÀ GIẢI PHÁP", "QUYẾT ĐỊNH:")."""
    words = [w for w in text.split() if letters(w)]
    return len(words) >= 2 and all(is_caps(w) for w in words) or text.strip() == "QUYẾT ĐỊNH:"


def _add_text(norm: str, stack: list[Node], cs: int, le: int) -> None:
    """Add a line without a mark to the item above it; read "(1) … (2) …" in it as items.

    A new paragraph after a bullet belongs to the numbered item above the bullets, and the
    closing paragraph ("Trên đây là …", "… thực hiện./.") to none.
    """
    text = norm[cs:le]
    if _new_paragraph(norm, stack[-1], text):
        if text.startswith("Trên đây") or text.endswith("/."):
            del stack[1:]
        while stack[-1].level >= 7:
            stack.pop()
    top = stack[-1]
    top.own.append((cs, le))
    _split_inline(norm, top, len(top.own) - 1)


def _new_paragraph(norm: str, top: Node, text: str) -> bool:
    """Tell whether a line begins a paragraph rather than going on with the line above it."""
    last = max([e for _, e in top.own + top.fields], default=None)
    if last is None or top.children and top.children[-1].end > last:
        last = top.end
    before = norm[max(0, last - 1) : last]
    return bool(text) and text[0].isupper() and before in {".", ";", ":", "!", "?"}


def _split_inline(norm: str, node: Node, index: int) -> None:
    """Turn "(1) … (2) …" written in one line of a node into items of that node."""
    a, b = node.own[index]
    marks, expected = [], 1
    for m in _INLINE.finditer(norm, a, b):
        if int(m[1]) == expected:
            marks.append(m)
            expected += 1
    if len(marks) < 2:
        return
    intro = (a, marks[0].start())
    node.own.pop(index)
    target = node
    if node.section:  # the lead-in "UBND tỉnh yêu cầu các sở, …:" is read with its items
        target = Node(level=node.level + 0.5, start=a, section=True, lead_in=True)
        node.children.append(target)
    if intro[0] < intro[1]:
        target.own.insert(index if target is node else 0, intro)
    for i, m in enumerate(marks):
        stop = marks[i + 1].start() if i + 1 < len(marks) else b
        target.children.append(Node(level=6.0, start=m.start(), own=[(m.end(), stop)]))
