"""Read which directive a piece of prose is about: "UBND thành phố ban hành Công văn số 5046/… ngày …".

A news report or a summary has no header of its own; the document it reports is the first full
reference that follows "ban hành" in the same clause, and its issuer the body named before it.
"""

import datetime
import re
from dataclasses import dataclass, replace

from directives.symbols import InvalidSymbol, Reference, Registry, parse_symbol

_ISSUED = re.compile(r"(?<!\w)ban\s+hành\s+(?P<between>(?:[^\W\d]+\s+){0,5})$")
_CLAUSE = re.compile(r"[.;:!?\n(,]|\)\s*-")
# "ban hành kế hoạch số 10995/KH - UBND": a number whose spaces the prose reader does not take.
_SPACED = re.compile(
    r"(?<!\w)ban\s+hành\s+(?P<word>(?:[^\W\d]+\s+){1,3})số\s+"
    r"(?P<sym>[0-9]{1,6}[A-Za-z]?(?:\s*[-/]\s*[\w.&]+)+)"
)
_OPENING_DATE = re.compile(
    r"(?:^|[.\n])\s*Ngày\s+(?P<d>\d{1,2})(?:\s+tháng\s+|\s*[/-]\s*)(?P<m>\d{1,2})"
    r"(?:\s+năm\s+|\s*[/-]\s*)(?P<y>\d{4})\s*,[^.\n]*$"
)
_ADVERBS = re.compile(r"(?:\s+(?:vừa|đã|mới|chính thức|cũng|đồng thời))+\s*$")
_BODIES = re.compile(
    r"(?<!\w)(?:UBND|HĐND|Ủy ban|Uỷ ban|Hội đồng|Thành ủy|Thành uỷ|Tỉnh ủy|Tỉnh uỷ|Huyện ủy|"
    r"Quận ủy|Đảng ủy|Ban|Sở|Bộ|Thanh tra|Chính phủ|Thủ tướng|Văn phòng|Thành phố|Tỉnh|Chủ tịch)"
    r"(?!\w)"
)


@dataclass
class Reported:
    """The directive a text reports: its reference and the body said to have issued it."""

    reference: Reference
    type_name: str | None
    issuer_name: str | None


def reported_directive(text: str, references: list[Reference], registry: Registry):
    """Return the directive the prose reports as issued ("… ban hành Kế hoạch số …"), or None."""
    for ref in references:
        if ref.symbol is None:
            continue
        m = _ISSUED.search(text, max(0, ref.span[0] - 80), ref.span[0])
        if m:
            return _reported(text, ref, m.start(), registry)
    for m in _SPACED.finditer(text):
        try:
            sym = parse_symbol(m["sym"], registry)
        except InvalidSymbol:
            continue
        word = " ".join(m["word"].split())
        ref = Reference(sym.normalized, sym.kind, sym.number, sym.year, sym.doc_type, sym.issuer,
                        None, word[:1].upper() + word[1:], m.span("sym"))  # fmt: skip
        return _reported(text, ref, m.start(), registry)
    return None


def _reported(text: str, ref: Reference, at: int, registry: Registry) -> Reported:
    type_name = ref.type_word or (
        registry.type_name(ref.doc_type, ref.kind) if ref.doc_type else None
    )
    if type_name is None and ref.kind == "letter":
        type_name = "Công văn"
    if ref.issued_on is None and (m := _OPENING_DATE.search(text, max(0, at - 160), at)):
        try:
            ref = replace(ref, issued_on=datetime.date(int(m["y"]), int(m["m"]), int(m["d"])))
        except ValueError:
            pass
    return Reported(ref, type_name, _subject(text, at))


def _subject(text: str, at: int) -> str | None:
    """Return the body named right before "ban hành" in its clause, or None."""
    begin = max([m.end() for m in _CLAUSE.finditer(text, max(0, at - 120), at)], default=0)
    clause = _ADVERBS.sub("", text[max(begin, at - 120) : at])
    body = _BODIES.search(clause)
    if not body:
        return None
    return " ".join(clause[body.start() :].split()) or None
