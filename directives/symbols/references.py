"""Find references to documents in prose: full symbols with their dates, and partial ones."""

import datetime
import re
import unicodedata

from directives.symbols.parsing import parse_symbol
from directives.symbols.registry import (
    InvalidSymbol,
    Reference,
    Registry,
    _default_registry,
    _tone_key,
)
from directives.symbols.tables import (
    _CHAR_TABLE,
    _DATE_AFTER_RE,
    _MONTHS,
    _PROSE_SYMBOL_RE,
    _UNIT_WORDS,
)


def _prose_map(text: str) -> tuple[str, list[int], list[int]]:
    """Normalise prose (NFC, Đ, dashes) and map each normalized index to its original span."""
    if unicodedata.is_normalized("NFC", text):
        n = len(text)
        return text.translate(_CHAR_TABLE), list(range(n)), list(range(1, n + 1))
    out, starts, ends, i = [], [], [], 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        for ch in unicodedata.normalize("NFC", text[i:j]).translate(_CHAR_TABLE):
            out.append(ch)
            starts.append(i)
            ends.append(j)
        i = j
    return "".join(out), starts, ends


def _date_after(text: str, pos: int) -> datetime.date | None:
    """Return the date written right after a reference ("ngày 6-9-2023", "dated …"), if any."""
    m = _DATE_AFTER_RE.match(text, pos)
    if not m:
        return None
    g = m.groupdict()
    for i in "1234":
        if g[f"y{i}"]:
            month = g.get(f"m{i}") or _MONTHS[g[f"n{i}"].lower()]
            try:
                return datetime.date(int(g[f"y{i}"]), int(month), int(g[f"d{i}"]))
            except ValueError:
                return None
    return None


def find_references(text: str, registry: Registry | None = None) -> list[Reference]:
    """Return every document reference in prose, in order, repeats and partial ones included."""
    reg = registry or _default_registry()
    norm, starts, ends = _prose_map(text)
    words = reg._index["words"]
    found: list[Reference] = []
    for m in _PROSE_SYMBOL_RE.finditer(norm):
        try:
            sym = parse_symbol(m.group(), reg)
        except InvalidSymbol:
            continue
        before = reg._index["before"].search(norm, max(0, m.start() - 80), m.start())
        word = words[_tone_key(before[1])][0] if before else None
        span, issued_on = (starts[m.start()], ends[m.end() - 1]), _date_after(norm, m.end())
        found.append(Reference(sym.normalized, sym.kind, sym.number, sym.year, sym.doc_type,
                               sym.issuer, issued_on, word, span))  # fmt: skip
    taken = [r.span for r in found]
    for m in reg._index["partial"].finditer(norm):
        start, end = starts[m.start()], ends[m.end() - 1]
        if any(start < b and a < end for a, b in taken):
            continue
        if not m["year"]:
            following = re.match(r"\s*(\w*)", norm[m.end() : m.end() + 12])[1].lower()
            if following in _UNIT_WORDS or not (m["marker"] or m["word"][0].isupper()):
                continue
        word, code = words[_tone_key(m["word"])]
        year = int(m["year"]) if m["year"] else None
        issued_on = _date_after(norm, m.end())
        found.append(Reference(None, "partial", m["num"], year, code, None, issued_on, word,
                               (start, end)))  # fmt: skip
    return sorted(found, key=lambda r: r.span)
