"""The text an extractor reads: normalised once, read by lines and words, quoted back as written.

Every reader works on `Source.norm` (NFC, one Đ, one kind of dash, as `find_references` reads
prose) and hands back offsets into the text as given, so that spans and "as written" values
always come from the caller's own characters.
"""

import re
import unicodedata
from functools import cached_property

from directives.symbols.references import _prose_map
from directives.symbols.registry import _tone_key
from directives.symbols.tables import _VN

UPPER = "A-Z" + "".join(c for c in _VN if c.isupper())
LOWER = "a-z" + "".join(c for c in _VN if c.islower())
# A name word: capital first letter, then small letters ("Nguyễn", "Út").
NAME_WORD = f"[{UPPER}][{LOWER}]*"
WORD_RE = re.compile(r"\w+(?:[.&/-]\w+)*|[^\w\s]")
GAP_RE = re.compile(r" {3,}|\t|\|")  # where two columns of a PDF line meet


class Source:
    """Hold a text as given and its normalised form, with the map between their offsets."""

    def __init__(self, text: str):
        self.raw = text
        self.norm, self._starts, self._ends = _prose_map(text)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Return the offsets in the text as given of norm[start:end]."""
        if start >= end:
            at = self._starts[start] if start < len(self._starts) else len(self.raw)
            return at, at
        return self._starts[start], self._ends[end - 1]

    def written(self, start: int, end: int) -> str:
        """Return norm[start:end] as the caller wrote it, with runs of white space made one space."""
        a, b = self.span(start, end)
        return " ".join(self.raw[a:b].split())

    @cached_property
    def shadow(self) -> str:
        """Return norm folded letter by letter (no marks, đ → d, lower case), offsets unchanged."""
        return "".join(_fold_char(c) for c in self.norm)

    @cached_property
    def lines(self) -> list[tuple[int, int]]:
        """Return the (start, end) of every line of norm, line breaks excluded."""
        out, start = [], 0
        for m in re.finditer(r"\n", self.norm):
            out.append((start, m.start()))
            start = m.end()
        out.append((start, len(self.norm)))
        return out


def _fold_char(c: str) -> str:
    if c in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", c)[0]
    return base.lower() if len(base.lower()) == 1 else c


def split_spans(pattern: re.Pattern, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the spans of text[start:end] between the matches of pattern (cells, columns)."""
    spans, at = [], start
    for m in pattern.finditer(text, start, end):
        spans.append((at, m.start()))
        at = m.end()
    spans.append((at, end))
    return spans


def letters(token: str) -> str:
    return "".join(c for c in token if c.isalpha())


def is_caps(token: str) -> bool:
    """Tell whether a token is a word written in capitals ("ỦY", "PHÒNG,", "“NÂNG")."""
    core = letters(token)
    return bool(core) and core.isupper() and not any(c.isdigit() for c in token)


def is_capitalised(token: str) -> bool:
    """Tell whether a word starts with a capital letter."""
    return bool(token) and token[0].isupper()


def key(text: str) -> str:
    """Return the comparison form of a name: NFC, lower case, modern tone marks, single spaces.

    Diacritics are kept: Đ is never D (DOMAIN.md §2).
    """
    return " ".join(_tone_key(re.sub(r"[^\w&]+", " ", text)).split())


def collapse(text: str) -> str:
    return " ".join(text.split())


def strip_punct(text: str) -> str:
    """Drop the bullets, separators and final punctuation around a value written in a list."""
    return text.strip().strip("-–—+•*").strip().rstrip(";,.:").strip()
